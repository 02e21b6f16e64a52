"""The collector: since its last run, find the turns that went badly (reasons.py), in every
tenant, and store each as an inbox question with its e5 vector (none when embeddings are off:
the page then groups by spelling). The cursor (last turn, last handoff, last rating seen) is
kept in the result of the "inbox" job, so each run continues where the previous one ended;
(turn, reason) is unique, so a repeated run adds nothing twice."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy.exc import IntegrityError

from muni.analytics.rollup import GENERATED_REF  # synthetic conversations: not questions
from muni.answering.intent_thresholds import Thresholds
from muni.inbox import reasons as r
from muni.nlu.classifier import embedding_text
from muni.privacy.redact import redact
from muni.store import inbox as queries
from muni.store.tables import InboxQuestionRow
from muni.store.tenants import TenantRepository

if TYPE_CHECKING:
    from muni.domain import Tenant
    from muni.nlu.embedder import Embedder
    from muni.runtime import Runtime

JOB_KIND = "inbox"
MAX_TEXT = 1000  # characters of a question kept (the chat takes up to 1,000 by default)


@dataclass(frozen=True)
class Cursor:
    """Where the previous run stopped: the last turn and handoff looked at, and the time of
    the last low rating seen (ISO 8601)."""

    turn_id: int = 0
    handoff_id: int = 0
    rated_at: str | None = None

    @classmethod
    def of(cls, data: dict[str, Any]) -> Cursor:
        try:
            return cls(
                int(data.get("turn_id") or 0),
                int(data.get("handoff_id") or 0),
                str(data["rated_at"]) if data.get("rated_at") else None,
            )
        except (TypeError, ValueError):
            return cls()

    def rated_after(self) -> datetime | None:
        if not self.rated_at:
            return None
        try:
            return _utc(datetime.fromisoformat(self.rated_at))
        except ValueError:
            return None


@dataclass(frozen=True)
class Candidate:
    tenant_id: int
    turn_id: int
    conversation_id: str
    text: str
    reason: str
    topic: str | None
    asked_at: datetime


@dataclass
class CollectReport:
    collected: dict[str, int] = field(default_factory=dict)
    embedded: int = 0
    cursor: Cursor = field(default_factory=Cursor)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.collected.values())

    def as_result(self) -> dict[str, Any]:
        """The job's result: counts, and the cursor the next run starts from."""
        return {
            "collected": self.total,
            **{k: v for k, v in sorted(self.collected.items())},
            "embedded": self.embedded,
            "seconds": round(self.seconds, 2),
            "cursor": asdict(self.cursor),
        }


def _utc(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes (stored as UTC); PostgreSQL aware ones."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def accept_thresholds(
    runtime: Runtime, tenants: Iterable[Tenant], margin: float
) -> dict[int, float]:
    """Per tenant: a curated answer below this confidence is "low confidence" (the tenant's
    accept threshold, as the curated-intent step layers it, plus `margin`)."""
    tuned = getattr(runtime.models.intents, "tuned", {}) or {}
    return {
        t.id: Thresholds.layered(tuned, runtime.pack.thresholds, t.nlu).accept + margin
        for t in tenants
    }


def _candidate(turn: Any, reason: str) -> Candidate:
    text = redact(str(turn.question)).text.strip()[:MAX_TEXT]  # redacted again, to be sure
    return Candidate(
        int(turn.tenant_id),
        int(turn.id),
        str(turn.conversation_id),
        text,
        reason,
        r.guessed_topic(turn),
        _utc(turn.created_at),
    )


def find_candidates(
    runtime: Runtime, cursor: Cursor, now: datetime
) -> tuple[list[Candidate], Cursor]:
    """The turns that went badly since `cursor`, and the cursor after them."""
    settings = runtime.settings
    limit = settings.inbox_collect_limit
    since = now - timedelta(days=settings.inbox_lookback_days)
    with runtime.db.read() as session:
        tenants = TenantRepository(session).all()
    below = accept_thresholds(runtime, tenants, settings.inbox_confidence_margin)
    found: list[Candidate] = []
    with runtime.db.session() as session:
        # turns that went badly by themselves
        upto_turn = queries.newest_turn_id(session)
        turns = queries.doubtful_turns(
            session,
            cursor.turn_id,
            upto_turn,
            since,
            statuses=("clarification", *r.FALLBACK_STATUSES),
            origins=("fallback",),
            below=max(below.values(), default=1.0),
            limit=limit,
            skip_ref=GENERATED_REF,
        )
        for turn in turns:
            for reason in r.turn_reasons(turn, below.get(turn.tenant_id, 0.0)):
                found.append(_candidate(turn, reason))
        turn_id = turns[-1].id if len(turns) == limit else max(upto_turn, cursor.turn_id)
        # handed over to a person: the last real question before the handoff
        upto_handoff = queries.newest_handoff_id(session)
        handoffs = queries.handoffs_after(
            session, cursor.handoff_id, upto_handoff, limit, GENERATED_REF
        )
        for handoff in handoffs:
            if _utc(handoff.created_at) < since:
                continue
            asked = [
                t
                for t in queries.turns_of(session, handoff.tenant_id, handoff.conversation_id)
                if _utc(t.created_at) <= _utc(handoff.created_at) and r.is_question(t)
            ]
            if asked:
                found.append(_candidate(asked[-1], r.HANDOFF))
        handoff_id = (
            handoffs[-1].id if len(handoffs) == limit else max(upto_handoff, cursor.handoff_id)
        )
        # rated 1: the conversation's real questions
        after = cursor.rated_after()
        rated = queries.low_rated_after(
            session,
            max(after, since) if after else since,
            r.LOW_RATING_AT_MOST,
            limit,
            GENERATED_REF,
        )
        for conversation in rated:
            for turn in queries.turns_of(session, conversation.tenant_id, conversation.id):
                if r.is_question(turn):
                    found.append(_candidate(turn, r.LOW_RATING))
        rated_at = _utc(rated[-1].rated_at).isoformat() if rated else cursor.rated_at
        done = queries.collected_pairs(session, (c.turn_id for c in found))
    fresh: dict[tuple[int, str], Candidate] = {}
    for candidate in found:
        key = (candidate.turn_id, candidate.reason)
        if candidate.text and key not in done and key not in fresh:
            fresh[key] = candidate
    return list(fresh.values()), Cursor(turn_id, handoff_id, rated_at)


def vectors_for(embedder: Embedder | None, texts: list[str]) -> dict[str, bytes]:
    """Each distinct text's e5 vector as stored bytes (float32, as passages keep theirs);
    empty without an embedder."""
    if embedder is None or not texts:
        return {}
    distinct = sorted(set(texts))
    vectors = embedder.embed([embedding_text(t) for t in distinct])
    return {
        t: np.asarray(v, dtype=np.float32).tobytes() for t, v in zip(distinct, vectors, strict=True)
    }


def collect(
    runtime: Runtime, cursor: Cursor | None = None, now: datetime | None = None
) -> CollectReport:
    """Collect what went badly since `cursor` (default: where the last inbox job stopped)."""
    started = time.perf_counter()
    now = now or runtime.clock()
    if cursor is None:
        with runtime.db.read() as session:
            cursor = Cursor.of(queries.last_cursor(session, JOB_KIND))
    candidates, next_cursor = find_candidates(runtime, cursor, now)
    vectors = vectors_for(runtime.embedder, [c.text for c in candidates])
    report = CollectReport(cursor=next_cursor)
    try:
        _store(runtime, candidates, vectors)
    except IntegrityError:
        # another collector (`muni inbox collect` beside the job) stored some of them first
        with runtime.db.read() as session:
            done = queries.collected_pairs(session, (c.turn_id for c in candidates))
        candidates = [c for c in candidates if (c.turn_id, c.reason) not in done]
        _store(runtime, candidates, vectors)
    for c in candidates:
        report.collected[c.reason] = report.collected.get(c.reason, 0) + 1
    report.embedded = len(vectors) + backfill_vectors(runtime, runtime.settings.inbox_collect_limit)
    report.seconds = time.perf_counter() - started
    return report


def _store(runtime: Runtime, candidates: list[Candidate], vectors: dict[str, bytes]) -> None:
    with runtime.db.session() as session:
        session.connection()
        with runtime.db.writer():
            session.add_all(
                InboxQuestionRow(
                    tenant_id=c.tenant_id,
                    turn_id=c.turn_id,
                    conversation_id=c.conversation_id,
                    created_at=c.asked_at,
                    text=c.text,
                    reason=c.reason,
                    topic=c.topic,
                    vector=vectors.get(c.text),
                    status="open",
                )
                for c in candidates
            )
            session.commit()


def backfill_vectors(runtime: Runtime, limit: int) -> int:
    """Give open questions collected while embeddings were off their vectors now."""
    if runtime.embedder is None:
        return 0
    with runtime.db.session() as session:
        rows = queries.without_vectors(session, limit)
        vectors = vectors_for(runtime.embedder, [row.text for row in rows])
        for row in rows:
            row.vector = vectors.get(row.text)
        session.commit()
    return len(rows)
