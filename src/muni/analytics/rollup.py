"""Rolling up: count a tenant's conversations, turns, ratings, handoffs and guard events of
some Danish days into the aggregate tables, replacing what those days had (re-rolling a day
gives the same rows). A day rolled after it ended (plus a grace period for late handoffs and
ratings) is `final`: its transcripts may then be deleted, and `ensure_rolled_up` never rolls it
again from the (by then partial) transcripts."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Date, and_, delete, exists, func, insert, literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from muni.analytics.calendar import day_range, day_start, days, local_day, months, next_month
from muni.analytics.tally import Tally
from muni.store.database import Database
from muni.store.tables import (
    ConversationRow,
    GuardEventRow,
    HandoffRow,
    StatsDayRow,
    StatsGuardRow,
    StatsHourRow,
    StatsTopicMonthRow,
    StatsTopicRow,
    TenantRow,
    TurnRow,
)

log = logging.getLogger(__name__)
GRACE = timedelta(hours=6)  # a handoff or rating this late still counts on its day
CHUNK_DAYS = 366  # days rolled in one pass (one transaction)
LOOKBACK = timedelta(days=2)  # a turn, rating or handoff this long after its conversation began
BATCH = 5_000
GENERATED_REF = "generated"  # channel_ref of conversations made by `muni stats generate`
STREAM = 20_000


def _stream(session: Session, statement) -> Iterator:  # type: ignore[no-untyped-def]
    return iter(session.execute(statement.execution_options(yield_per=STREAM)))


def tally_range(session: Session, tenant_id: int, start: datetime, end: datetime) -> Tally:
    """Count everything of the tenant that happened in [start, end) (UTC). Turns, ratings
    and handoffs are found through their conversation's start (indexed), at most LOOKBACK
    before `start`: a conversation does not go on for days."""
    tally = Tally()
    conv = ConversationRow
    # through the conversation (already the tenant's): a tenant_id condition here would let
    # SQLite walk all the tenant's turns for every conversation
    answered = exists().where(
        TurnRow.conversation_id == conv.id,
        TurnRow.status == "answered",
        TurnRow.origin != "guard",
    )
    handed = exists().where(HandoffRow.conversation_id == conv.id)
    in_range = and_(conv.tenant_id == tenant_id, conv.created_at >= start, conv.created_at < end)
    near = and_(
        conv.tenant_id == tenant_id, conv.created_at >= start - LOOKBACK, conv.created_at < end
    )
    for created, channel, ref, is_answered, is_handed in _stream(
        session,
        select(conv.created_at, conv.channel, conv.channel_ref, answered, handed).where(in_range),
    ):
        tally.conversation(
            created, channel, bool(is_answered) and not is_handed, ref == GENERATED_REF
        )
    rated = and_(near, conv.rated_at >= start, conv.rated_at < end, conv.rating.is_not(None))
    for rated_at, channel, rating, comment in _stream(
        session,
        select(conv.rated_at, conv.channel, conv.rating, conv.rating_comment).where(rated),
    ):
        tally.rating(rated_at, channel, int(rating), bool(comment and comment.strip()))
    turns = (
        select(
            TurnRow.created_at,
            conv.channel,
            TurnRow.status,
            TurnRow.origin,
            TurnRow.topic,
            TurnRow.details["sub_answer"].as_string(),
            TurnRow.vote,
        )
        .join(conv, conv.id == TurnRow.conversation_id)
        .where(
            near,
            TurnRow.created_at >= start,
            TurnRow.created_at < end,
        )
    )
    for created, channel, status, origin, topic, sub, vote in _stream(session, turns):
        tally.turn(created, channel, status, origin, topic, sub, vote)
    handoffs = (
        select(HandoffRow.created_at, conv.channel)
        .join(conv, conv.id == HandoffRow.conversation_id)
        .where(
            near,
            HandoffRow.created_at >= start,
            HandoffRow.created_at < end,
        )
    )
    for created, channel in _stream(session, handoffs):
        tally.handoff(created, channel)
    guards = (
        select(GuardEventRow.created_at, conv.channel, GuardEventRow.kind)
        .join(conv, conv.id == GuardEventRow.conversation_id)
        .where(
            GuardEventRow.tenant_id == tenant_id,
            GuardEventRow.created_at >= start,
            GuardEventRow.created_at < end,
        )
    )
    for created, channel, kind in _stream(session, guards):
        tally.guard(created, channel, kind)
    return tally


def _insert(session: Session, table, rows: list[dict]) -> None:  # type: ignore[no-untyped-def]
    for i in range(0, len(rows), BATCH):
        session.execute(insert(table), rows[i : i + BATCH])


def roll_days(
    db: Database, tenant_id: int, first: date, last: date, now: datetime | None = None
) -> int:
    """Roll up the tenant's Danish days first..last (inclusive), replacing their rows.
    Returns the number of hour rows written."""
    now = now or datetime.now(UTC)
    start, end = day_range(first, last)
    with db.session() as session:
        tally = tally_range(session, tenant_id, start, end)
        hours = tally.hour_rows(tenant_id)
        for table in (StatsHourRow, StatsTopicRow, StatsGuardRow, StatsDayRow):
            session.execute(
                delete(table).where(
                    table.tenant_id == tenant_id, table.day >= first, table.day <= last
                )
            )
        _insert(session, StatsHourRow.__table__, hours)
        _insert(session, StatsTopicRow.__table__, tally.topic_rows(tenant_id))
        _insert(session, StatsGuardRow.__table__, tally.guard_rows(tenant_id))
        for month in months(first, last):
            _sum_month(session, tenant_id, month)
        _insert(
            session,
            StatsDayRow.__table__,
            [
                {
                    "tenant_id": tenant_id,
                    "day": day,
                    "rolled_at": now,
                    "final": now >= day_start(day + timedelta(days=1)) + GRACE,
                }
                for day in days(first, last)
            ],
        )
    return len(hours)


def _sum_month(session: Session, tenant_id: int, month: date) -> None:
    """Replace the month's row of stats_topic_months with the sum of its days."""
    t, m = StatsTopicRow, StatsTopicMonthRow
    session.execute(delete(m).where(m.tenant_id == tenant_id, m.month == month))
    keys = (t.channel, t.topic, t.sub_answer)
    summed = (
        select(t.tenant_id, literal(month, Date), *keys, func.sum(t.turns))
        .where(t.tenant_id == tenant_id, t.day >= month, t.day < next_month(month))
        .group_by(t.tenant_id, *keys)
    )
    columns = ["tenant_id", "month", "channel", "topic", "sub_answer", "turns"]
    session.execute(insert(m).from_select(columns, summed))


def _runs(todo: Iterable[date]) -> Iterator[tuple[date, date]]:
    """Contiguous stretches of days, at most CHUNK_DAYS long."""
    first = last = None
    for day in sorted(todo):
        if first is not None and last is not None:
            if day == last + timedelta(days=1) and (day - first).days < CHUNK_DAYS:
                last = day
                continue
            yield first, last
        first = last = day
    if first is not None and last is not None:
        yield first, last


def pending_days(db: Database, tenant_id: int, until: datetime) -> list[date]:
    """The tenant's days from its first conversation to `until`'s day that are not final."""
    with db.read() as session:
        oldest = session.scalar(
            select(func.min(ConversationRow.created_at)).where(
                ConversationRow.tenant_id == tenant_id
            )
        )
        if oldest is None:
            return []
        first, last = local_day(oldest), local_day(until)
        if last < first:
            return []
        final = set(
            session.scalars(
                select(StatsDayRow.day).where(
                    StatsDayRow.tenant_id == tenant_id,
                    StatsDayRow.final.is_(True),
                    StatsDayRow.day >= first,
                    StatsDayRow.day <= last,
                )
            )
        )
    return [day for day in days(first, last) if day not in final]


def ensure_rolled_up(db: Database, tenant_id: int, until: datetime) -> None:
    """Make sure every day of the tenant up to and including `until`'s Danish day is rolled
    up (days already final are left alone). Retention calls this before it deletes the
    transcripts older than `until`; the hourly rollup job calls it with now."""
    now = datetime.now(UTC)
    for first, last in _runs(pending_days(db, tenant_id, until)):
        try:
            roll_days(db, tenant_id, first, last, now)
        except IntegrityError:  # another instance rolled the same days at the same moment
            log.info("rollup of tenant %s %s..%s done elsewhere", tenant_id, first, last)


def reroll(db: Database, tenant_id: int, first: date, last: date) -> None:
    """Roll the days first..last up again from the transcripts, final or not (after data was
    added to past days: `muni stats generate`, `muni stats rollup --from`). Only for days
    whose transcripts are all still there."""
    now = datetime.now(UTC)
    for start, end in _runs(days(first, last)):
        roll_days(db, tenant_id, start, end, now)


def roll_all(db: Database, until: datetime | None = None) -> int:
    """Every tenant up to `until` (now); returns the number of tenants."""
    until = until or datetime.now(UTC)
    with db.read() as session:
        tenant_ids = list(session.scalars(select(TenantRow.id).order_by(TenantRow.id)))
    for tenant_id in tenant_ids:
        ensure_rolled_up(db, tenant_id, until)
    return len(tenant_ids)


def refresh_recent(
    db: Database, tenant_ids: list[int], max_age: timedelta, now: datetime | None = None
) -> None:
    """Roll up today (and any unfinished day before it) for tenants whose today's rows are
    older than `max_age`, so the dashboard shows today's numbers without waiting for the
    hourly job."""
    now = now or datetime.now(UTC)
    today = local_day(now)
    with db.read() as session:
        fresh = set(
            session.scalars(
                select(StatsDayRow.tenant_id).where(
                    StatsDayRow.day == today,
                    StatsDayRow.rolled_at >= now - max_age,
                    StatsDayRow.tenant_id.in_(tenant_ids),
                )
            )
        )
    for tenant_id in tenant_ids:
        if tenant_id not in fresh:
            ensure_rolled_up(db, tenant_id, now)
