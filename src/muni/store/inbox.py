"""The inbox's queries: the turns that went badly since a point (for the collector, across
tenants), and the collected questions of one tenant or of all (for the console page). Every
query on inbox questions filters on the tenant unless the caller is central staff (None)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, true, update
from sqlalchemy.orm import Session

from muni.domain import Tenant
from muni.store.tables import (
    ConversationRow,
    HandoffRow,
    InboxQuestionRow,
    JobRow,
    PhrasingRow,
    TurnRow,
    utcnow,
)

TURN_COLUMNS = (
    TurnRow.id,
    TurnRow.tenant_id,
    TurnRow.conversation_id,
    TurnRow.seq,
    TurnRow.created_at,
    TurnRow.question,
    TurnRow.origin,
    TurnRow.status,
    TurnRow.topic,
    TurnRow.confidence,
    TurnRow.details,
)
QUESTION_COLUMNS = (
    InboxQuestionRow.id,
    InboxQuestionRow.tenant_id,
    InboxQuestionRow.turn_id,
    InboxQuestionRow.text,
    InboxQuestionRow.reason,
    InboxQuestionRow.topic,
    InboxQuestionRow.created_at,
)


def _not_ref(ref: str | None):  # type: ignore[no-untyped-def]
    """Conversations whose channel reference is not `ref` (the synthetic ones of
    `muni stats generate` are left out); everything when `ref` is None."""
    if ref is None:
        return true()
    return ConversationRow.channel_ref.is_(None) | (ConversationRow.channel_ref != ref)


# -- what the collector reads (every tenant: it runs for the installation) -------------------
def last_cursor(session: Session, kind: str) -> dict[str, Any]:
    """The cursor the newest finished job of `kind` returned ({} when there is none)."""
    found = session.scalar(
        select(JobRow.result)
        .where(JobRow.kind == kind, JobRow.status == "done", JobRow.result.is_not(None))
        .order_by(JobRow.finished_at.desc(), JobRow.id.desc())
        .limit(1)
    )
    try:
        result = json.loads(found) if found else {}
    except ValueError:
        return {}
    return result.get("cursor", {}) if isinstance(result, dict) else {}


def newest_turn_id(session: Session) -> int:
    return int(session.scalar(select(func.max(TurnRow.id))) or 0)


def newest_handoff_id(session: Session) -> int:
    return int(session.scalar(select(func.max(HandoffRow.id))) or 0)


def doubtful_turns(
    session: Session,
    after_id: int,
    upto_id: int,
    since: datetime,
    statuses: Sequence[str],
    origins: Sequence[str],
    below: float,
    limit: int,
    skip_ref: str | None = None,
) -> list[Any]:
    """Turns after `after_id` (up to `upto_id`, not older than `since`) with one of the
    statuses or origins, or a curated answer given with less confidence than `below`; in id
    order. The caller decides per tenant (thresholds differ)."""
    doubtful = (
        TurnRow.status.in_(statuses)
        | TurnRow.origin.in_(origins)
        | (
            (TurnRow.origin == "curated")
            & (TurnRow.status == "answered")
            & (TurnRow.confidence < below)
        )
    )
    return list(
        session.execute(
            select(*TURN_COLUMNS)
            .join(ConversationRow, ConversationRow.id == TurnRow.conversation_id)
            .where(TurnRow.id > after_id, TurnRow.id <= upto_id, TurnRow.created_at >= since)
            .where(doubtful, _not_ref(skip_ref))
            .order_by(TurnRow.id)
            .limit(limit)
        )
    )


def handoffs_after(
    session: Session, after_id: int, upto_id: int, limit: int, skip_ref: str | None = None
) -> list[Any]:
    return list(
        session.execute(
            select(
                HandoffRow.id,
                HandoffRow.tenant_id,
                HandoffRow.conversation_id,
                HandoffRow.created_at,
            )
            .join(ConversationRow, ConversationRow.id == HandoffRow.conversation_id)
            .where(HandoffRow.id > after_id, HandoffRow.id <= upto_id, _not_ref(skip_ref))
            .order_by(HandoffRow.id)
            .limit(limit)
        )
    )


def low_rated_after(
    session: Session, after: datetime | None, rating: int, limit: int, skip_ref: str | None = None
) -> list[Any]:
    """Conversations rated `rating` or lower after `after`, oldest rating first."""
    query = select(ConversationRow.id, ConversationRow.tenant_id, ConversationRow.rated_at).where(
        ConversationRow.rating <= rating, ConversationRow.rated_at.is_not(None), _not_ref(skip_ref)
    )
    if after is not None:
        query = query.where(ConversationRow.rated_at > after)
    return list(session.execute(query.order_by(ConversationRow.rated_at).limit(limit)))


def turns_of(
    session: Session, tenant_id: int, conversation_id: str, before: datetime | None = None
) -> list[Any]:
    """A conversation's turns in order (only those up to `before`, when given)."""
    query = select(*TURN_COLUMNS).where(
        TurnRow.tenant_id == tenant_id, TurnRow.conversation_id == conversation_id
    )
    if before is not None:
        query = query.where(TurnRow.created_at <= before)
    return list(session.execute(query.order_by(TurnRow.seq)))


def collected_pairs(session: Session, turn_ids: Iterable[int]) -> set[tuple[int, str]]:
    """(turn, reason) pairs already in the inbox, of these turns."""
    ids = sorted(set(turn_ids))
    found: set[tuple[int, str]] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found.update(
            (int(r.turn_id), r.reason)
            for r in session.execute(
                select(InboxQuestionRow.turn_id, InboxQuestionRow.reason).where(
                    InboxQuestionRow.turn_id.in_(chunk)
                )
            )
        )
    return found


def without_vectors(session: Session, limit: int) -> list[InboxQuestionRow]:
    """Open questions collected while embeddings were off (given a vector when they are on)."""
    return list(
        session.scalars(
            select(InboxQuestionRow)
            .where(InboxQuestionRow.status == "open", InboxQuestionRow.vector.is_(None))
            .order_by(InboxQuestionRow.id)
            .limit(limit)
        )
    )


# -- what the console reads and changes (one tenant, or all for central staff) ----------------
class InboxRepository:
    """Inbox questions of `tenant` (None: of every tenant; central staff only)."""

    def __init__(self, session: Session, tenant: Tenant | None) -> None:
        self.session = session
        self.tenant = tenant

    def _scoped(self, query):  # type: ignore[no-untyped-def]
        if self.tenant is not None:
            query = query.where(InboxQuestionRow.tenant_id == self.tenant.id)
        return query

    def version(self) -> tuple[int, int]:
        """(newest id, number of rows): changes when questions are collected or deleted."""
        found = self.session.execute(
            self._scoped(select(func.max(InboxQuestionRow.id), func.count(InboxQuestionRow.id)))
        ).one()
        return int(found[0] or 0), int(found[1] or 0)

    def open_questions(self) -> list[Any]:
        """The open questions, without their vectors (id order)."""
        return list(
            self.session.execute(
                self._scoped(
                    select(*QUESTION_COLUMNS).where(InboxQuestionRow.status == "open")
                ).order_by(InboxQuestionRow.id)
            )
        )

    def vectors(self) -> dict[int, bytes | None]:
        """The open questions' stored vectors, by id."""
        rows = self.session.execute(
            self._scoped(
                select(InboxQuestionRow.id, InboxQuestionRow.vector).where(
                    InboxQuestionRow.status == "open"
                )
            )
        )
        return {int(r.id): r.vector for r in rows}

    def counts(self) -> dict[str, int]:
        rows = self.session.execute(
            self._scoped(
                select(InboxQuestionRow.status, func.count(InboxQuestionRow.id)).group_by(
                    InboxQuestionRow.status
                )
            )
        )
        return {str(status): int(n) for status, n in rows}

    def get_many(self, ids: Iterable[int]) -> list[InboxQuestionRow]:
        """These questions, if they are all in scope (else fewer: the caller answers 404)."""
        wanted = sorted(set(ids))
        if not wanted:
            return []
        return list(
            self.session.scalars(
                self._scoped(select(InboxQuestionRow).where(InboxQuestionRow.id.in_(wanted)))
            )
        )

    def same_turns(self, rows: Sequence[InboxQuestionRow]) -> list[InboxQuestionRow]:
        """Open rows of the same turns (one question collected for several reasons)."""
        turn_ids = sorted({r.turn_id for r in rows if r.turn_id is not None})
        if not turn_ids:
            return []
        return list(
            self.session.scalars(
                self._scoped(
                    select(InboxQuestionRow).where(
                        InboxQuestionRow.turn_id.in_(turn_ids), InboxQuestionRow.status == "open"
                    )
                )
            )
        )

    def mark(self, ids: Iterable[int], status: str, by: str, at: datetime | None = None) -> int:
        wanted = sorted(set(ids))
        if not wanted:
            return 0
        result = self.session.execute(
            self._scoped(
                update(InboxQuestionRow).where(
                    InboxQuestionRow.id.in_(wanted), InboxQuestionRow.status == "open"
                )
            )
            .values(status=status, handled_by=by[:100], handled_at=at or utcnow())
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


def phrasings_of(session: Session, topic: str, sub_answer: str) -> list[str]:
    return list(
        session.scalars(
            select(PhrasingRow.text).where(
                PhrasingRow.topic == topic, PhrasingRow.sub_answer == sub_answer
            )
        )
    )
