"""Which conversations go into the corpus: those whose citizen said yes (corpus_consent), of
one municipality or all, optionally only those started since a date; read in batches with
their turns, so a large installation is never loaded into memory at once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from muni.store.tables import ConversationRow, TenantRow, TurnRow

BATCH = 500


@dataclass(frozen=True)
class StoredTurn:
    question: str
    answer: str
    topic: str | None
    sub_answer: str | None
    origin: str
    language: str | None


@dataclass(frozen=True)
class StoredConversation:
    """A consented conversation as stored (texts redacted when they were written)."""

    tenant: str
    channel: str
    language: str
    created_at: datetime
    rating: int | None
    turns: tuple[StoredTurn, ...]


def consented(
    session: Session, tenant_id: int | None = None, since: datetime | None = None
) -> Iterator[StoredConversation]:
    """Consented conversations, oldest first, with their turns in order."""
    query = (
        select(ConversationRow, TenantRow.slug)
        .join(TenantRow, TenantRow.id == ConversationRow.tenant_id)
        .where(ConversationRow.corpus_consent.is_(True))
        .order_by(ConversationRow.created_at, ConversationRow.id)
    )
    if tenant_id is not None:
        query = query.where(ConversationRow.tenant_id == tenant_id)
    if since is not None:
        query = query.where(ConversationRow.created_at >= since)
    last: tuple[datetime, str] | None = None
    while True:
        page = query
        if last is not None:
            page = page.where(
                (ConversationRow.created_at > last[0])
                | ((ConversationRow.created_at == last[0]) & (ConversationRow.id > last[1]))
            )
        rows = session.execute(page.limit(BATCH)).all()
        if not rows:
            return
        ids = [row.id for row, _ in rows]
        turns: dict[str, list[StoredTurn]] = {i: [] for i in ids}
        for turn in session.scalars(
            select(TurnRow).where(TurnRow.conversation_id.in_(ids)).order_by(TurnRow.seq)
        ):
            details = turn.details or {}
            turns[turn.conversation_id].append(
                StoredTurn(
                    question=turn.question,
                    answer=turn.answer,
                    topic=turn.topic,
                    sub_answer=details.get("sub_answer"),
                    origin=turn.origin,
                    language=details.get("language"),
                )
            )
        for row, slug in rows:
            yield StoredConversation(
                tenant=slug,
                channel=row.channel,
                language=row.language,
                created_at=row.created_at,
                rating=row.rating,
                turns=tuple(turns[row.id]),
            )
        last = (rows[-1][0].created_at, rows[-1][0].id)


def consent_counts(session: Session, tenant_id: int | None = None) -> list[tuple[str, int, int]]:
    """Per municipality: its name, conversations with consent, and all conversations."""
    from sqlalchemy import Integer, cast, func

    query = (
        select(
            TenantRow.name,
            func.coalesce(func.sum(cast(ConversationRow.corpus_consent, Integer)), 0),
            func.count(ConversationRow.id),
        )
        .join(ConversationRow, ConversationRow.tenant_id == TenantRow.id, isouter=True)
        .group_by(TenantRow.id, TenantRow.name)
        .order_by(TenantRow.name)
    )
    if tenant_id is not None:
        query = query.where(TenantRow.id == tenant_id)
    return [(name, int(yes), int(total)) for name, yes, total in session.execute(query)]
