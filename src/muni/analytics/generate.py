"""Synthetic conversations for demos and benchmarks (`muni stats generate`): a realistic
shape (more on weekday mornings, fewer at night and in July, growth over the years; web, QR
and phone; 1-10 turns; answers from the real taxonomy, fallbacks, clarifying questions, guard
events, handoffs, ratings averaging about 2.4 on the 1-3 scale), bulk-inserted and rolled up.
Every generated conversation has channel_ref "generated" and its turns `details.generated`, so
they can never be taken for real citizens; the dashboard says how many it shows."""

from __future__ import annotations

import json
import random
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from typing import Any

from sqlalchemy import insert, select

from muni.analytics.calendar import LOCAL
from muni.analytics.rollup import GENERATED_REF, reroll
from muni.store.content import ContentRepository
from muni.store.database import Database
from muni.store.tables import (
    ConversationRow,
    GuardEventRow,
    HandoffRow,
    TenantRow,
    TurnRow,
)

BATCH = 10_000  # conversations per transaction
# relative activity per local hour 0..23, weekday Monday..Sunday and month January..December
HOURS = (1, 0.6, 0.4, 0.3, 0.3, 0.6, 2, 5, 9, 11, 11, 10, 9, 10, 9, 7, 5, 4, 4, 4.5, 5, 4.5, 3, 2)
WEEKDAYS = (1.25, 1.15, 1.1, 1.05, 0.9, 0.45, 0.5)
MONTHS = (1.2, 1.1, 1.05, 1.0, 1.0, 0.9, 0.6, 1.1, 1.05, 1.0, 1.0, 0.8)
CHANNELS = (("web", 0.78), ("qr", 0.12), ("phone", 0.07), ("api", 0.03))
TURNS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
TURN_WEIGHTS = (10, 12, 14, 15, 14, 11, 9, 7, 4, 4)  # mean about 4.6
# (origin, status, weight): what muni did with a question
OUTCOMES = (
    ("curated", "answered", 62),
    ("search", "answered", 10),
    ("generated", "answered", 3),
    ("curated", "clarification", 7),
    ("fallback", "unanswered", 11),
    ("fallback", "out_of_scope", 3),
    ("guard", "guard", 4),
)
GUARDS = (
    ("gibberish", 30),
    ("abuse", 18),
    ("other_authority", 15),
    ("judgement", 10),
    ("too_long", 6),
    ("political", 6),
    ("manipulation", 5),
    ("illegal", 4),
    ("emergency", 2),
    ("self_harm", 2),
    ("violence", 2),
)
RATED = 0.035  # share of conversations rated (11,552 of 330,000)
VOTED = 0.15  # share of answers with a "Hjalp svaret?" vote
VOTE_UP = {"answered": 0.8}  # else 0.25: unanswered, clarifications, guards
RATINGS = ((1, 0.25), (2, 0.10), (3, 0.65))  # average 2.40
COMMENTED = 0.3
COMMENTS = {
    1: ("Fik ikke svar på mit spørgsmål.", "Svaret passede ikke til min situation.",
        "Jeg ville hellere tale med et menneske."),
    2: ("Delvist svar, men linket hjalp.", "Lidt svært at finde det rigtige.",
        "Ok, men jeg måtte spørge flere gange."),
    3: ("Hurtigt og præcist svar, tak!", "Fandt det jeg skulle bruge.",
        "Godt med et link direkte til selvbetjeningen."),
}  # fmt: skip
HANDOFF = 0.05  # of conversations, and more after a fallback
ANSWER = "(genereret testsvar)"


@dataclass(frozen=True)
class Spec:
    conversations: int
    years: float = 3.0
    seed: int = 1
    tenants: tuple[str, ...] = ()  # slugs; empty: every tenant
    end: datetime | None = None


@dataclass
class Report:
    conversations: int = 0
    turns: int = 0
    handoffs: int = 0
    guard_events: int = 0
    ratings: int = 0
    rating_sum: int = 0
    votes_up: int = 0
    votes_down: int = 0
    insert_seconds: float = 0.0
    rollup_seconds: float = 0.0
    tenants: list[str] = field(default_factory=list)

    @property
    def average_rating(self) -> float | None:
        return self.rating_sum / self.ratings if self.ratings else None


@dataclass(frozen=True)
class _Topic:
    slug: str
    subs: tuple[str, ...]
    phrasings: dict[str, tuple[str, ...]]  # sub-answer ("" = overview) -> example questions


class _Sampler:
    """Draws moments, channels, outcomes and topics with the profiles above."""

    def __init__(
        self,
        rng: random.Random,
        topics: list[_Topic],
        start: datetime,
        days: int,
        end: datetime | None = None,
    ):
        self.rng = rng
        self.end = end
        self.topics = topics
        self.topic_weights = [1 / (rank + 1) ** 0.9 for rank in range(len(topics))]
        self.start_local = start.astimezone(LOCAL).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        self.day_list = [self.start_local.date() + timedelta(days=i) for i in range(days)]
        # cumulative weights: choices() would add up 1,000 day weights on every draw
        self.day_weights = list(
            accumulate(
                WEEKDAYS[d.weekday()] * MONTHS[d.month - 1] * (0.6 + 0.8 * i / max(days - 1, 1))
                for i, d in enumerate(self.day_list)
            )
        )
        self.hour_weights = list(accumulate(HOURS))
        self.topic_weights = list(accumulate(self.topic_weights))

    def moment(self) -> datetime:
        """A moment on one of the days, at an hour drawn by the hour profile, never after
        `end` (on the last day only the hours before it)."""
        while True:
            day = self.rng.choices(self.day_list, cum_weights=self.day_weights)[0]
            hour = self.rng.choices(range(24), cum_weights=self.hour_weights)[0]
            local = datetime(day.year, day.month, day.day, hour, tzinfo=LOCAL) + timedelta(
                seconds=self.rng.randrange(3600)
            )
            moment = local.astimezone(UTC)
            if self.end is None or moment <= self.end:
                return moment

    def topic(self) -> tuple[str, str, str]:
        topic = self.rng.choices(self.topics, cum_weights=self.topic_weights)[0]
        sub = self.rng.choice(topic.subs) if topic.subs and self.rng.random() < 0.6 else ""
        examples = topic.phrasings.get(sub) or topic.phrasings.get("") or (topic.slug,)
        return topic.slug, sub, self.rng.choice(examples)


def _topics(db: Database) -> list[_Topic]:
    with db.read() as session:
        pack = ContentRepository(session).load_pack()
    found = []
    for slug, content in pack.topics.items():
        phrasings = {"": tuple(content.phrasings)}
        phrasings.update({s.id: tuple(s.phrasings) for s in content.sub_answers})
        found.append(_Topic(slug, tuple(s.id for s in content.sub_answers), phrasings))
    if not found:
        raise LookupError("ingen emner i databasen: indlæs indholdet først (muni import)")
    return found


def _vote(rng: random.Random, status: str, report: Report) -> int | None:
    if rng.random() >= VOTED:
        return None
    if rng.random() < VOTE_UP.get(status, 0.25):
        report.votes_up += 1
        return 1
    report.votes_down += 1
    return -1


def _conversation(
    rng: random.Random, sampler: _Sampler, tenant_id: int, report: Report
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    cid = uuid.UUID(int=rng.getrandbits(128)).hex
    at = sampler.moment()
    channel = rng.choices([c for c, _ in CHANNELS], [w for _, w in CHANNELS])[0]
    turns, guards = [], []
    moment = at
    fell_back = False
    votes = random.Random(cid)  # its own draws: the other figures stay as they were
    for seq in range(1, rng.choices(TURNS, TURN_WEIGHTS)[0] + 1):
        origin, status, _ = rng.choices(OUTCOMES, [w for *_, w in OUTCOMES])[0]
        topic, sub, question = sampler.topic()
        if origin == "guard":
            kind = rng.choices([k for k, _ in GUARDS], [w for _, w in GUARDS])[0]
            status, topic, sub, question = f"guard_{kind}", None, "", "(genereret spørgsmål)"
            guards.append(
                {
                    "tenant_id": tenant_id,
                    "conversation_id": cid,
                    "kind": kind,
                    "source": "rules",
                    "score": None,
                    "answered": False,
                    "text": question,
                    "created_at": moment,
                }
            )
        elif origin == "fallback":
            topic, sub, fell_back = None, "", True
        turns.append(
            {
                "tenant_id": tenant_id,
                "conversation_id": cid,
                "seq": seq,
                "created_at": moment,
                "question": question,
                "redacted_kinds": "",
                "answer": ANSWER,
                "origin": origin,
                "status": status,
                "topic": topic,
                "confidence": round(rng.uniform(0.3, 0.99), 3),
                "details": {"generated": True, "sub_answer": sub or None},
                "vote": _vote(votes, status, report),
            }
        )
        moment += timedelta(seconds=rng.randrange(15, 120))
    handoffs = []
    if rng.random() < (HANDOFF * 3 if fell_back else HANDOFF):
        handoffs.append(
            {
                "tenant_id": tenant_id,
                "conversation_id": cid,
                "status": "closed",
                "team": "borgerservice",
                "reason": "asked",
                "created_at": moment,
                "updated_at": moment + timedelta(minutes=4),
            }
        )
    rating = comment = rated_at = None
    if rng.random() < RATED:
        rating = rng.choices([r for r, _ in RATINGS], [w for _, w in RATINGS])[0]
        comment = rng.choice(COMMENTS[rating]) if rng.random() < COMMENTED else None
        rated_at = moment + timedelta(seconds=30)
        report.ratings += 1
        report.rating_sum += rating
    conversation = {
        "id": cid,
        "tenant_id": tenant_id,
        "channel": channel,
        "channel_ref": GENERATED_REF,
        "language": "da",
        "created_at": at,
        "updated_at": moment,
        "rating": rating,
        "rating_comment": comment,
        "rated_at": rated_at,
        "corpus_consent": False,
    }
    return conversation, turns, handoffs, guards


def _batches(
    spec: Spec,
    tenants: list[tuple[int, str]],
    sampler: _Sampler,
    rng: random.Random,
    report: Report,
) -> Iterator[tuple[list, list, list, list]]:  # type: ignore[type-arg]
    weights = [1 / (i + 1) ** 0.7 for i in range(len(tenants))]
    made = 0
    while made < spec.conversations:
        n = min(BATCH, spec.conversations - made)
        batch: tuple[list, list, list, list] = ([], [], [], [])  # type: ignore[type-arg]
        for _ in range(n):
            tenant_id = rng.choices(tenants, weights)[0][0]
            conversation, turns, handoffs, guards = _conversation(rng, sampler, tenant_id, report)
            batch[0].append(conversation)
            batch[1].extend(turns)
            batch[2].extend(handoffs)
            batch[3].extend(guards)
        made += n
        yield batch


def _copy(connection, table, rows: list[dict[str, Any]]) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL: COPY the rows in (several times faster than INSERT)."""
    if not rows:
        return
    columns = list(rows[0])
    json_columns = {c.name for c in table.columns if c.type.__class__.__name__ == "JSON"}
    cursor = connection.connection().connection.dbapi_connection.cursor()
    with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(
                [
                    json.dumps(row[c]) if c in json_columns and row[c] is not None else row[c]
                    for c in columns
                ]
            )


def _write(db: Database, batch: tuple[list, list, list, list]) -> None:  # type: ignore[type-arg]
    tables = (ConversationRow, TurnRow, HandoffRow, GuardEventRow)
    with db.session() as session:
        for table, rows in zip(tables, batch, strict=True):
            if db.is_sqlite:
                if rows:
                    session.execute(insert(table.__table__), rows)
            else:
                _copy(session, table.__table__, rows)


def generate(db: Database, spec: Spec, progress: Callable[[int], None] | None = None) -> Report:
    """Insert `spec.conversations` synthetic conversations over the last `spec.years` years
    among the tenants, then roll the statistics up."""
    rng = random.Random(spec.seed)
    end = spec.end or datetime.now(UTC)
    days = max(1, round(spec.years * 365))
    with db.read() as session:
        query = select(TenantRow.id, TenantRow.slug).order_by(TenantRow.id)
        if spec.tenants:
            query = query.where(TenantRow.slug.in_(spec.tenants))
        tenants = [(int(i), str(s)) for i, s in session.execute(query)]
    missing = set(spec.tenants) - {slug for _, slug in tenants}
    if missing or not tenants:
        raise LookupError(f"ukendt kommune: {', '.join(sorted(missing)) or '(ingen i databasen)'}")
    report = Report(tenants=[slug for _, slug in tenants])
    sampler = _Sampler(rng, _topics(db), end - timedelta(days=days - 1), days, end)
    started = time.perf_counter()
    for batch in _batches(spec, tenants, sampler, rng, report):
        _write(db, batch)
        report.conversations += len(batch[0])
        report.turns += len(batch[1])
        report.handoffs += len(batch[2])
        report.guard_events += len(batch[3])
        if progress:
            progress(report.conversations)
    report.insert_seconds = time.perf_counter() - started
    started = time.perf_counter()
    first, last = sampler.day_list[0], sampler.day_list[-1]
    for tenant_id, _slug in tenants:
        reroll(db, tenant_id, first, last)
    report.rollup_seconds = time.perf_counter() - started
    return report
