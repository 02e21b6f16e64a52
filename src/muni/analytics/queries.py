"""The dashboard's reads: a few grouped queries over the aggregate tables (never the
transcripts, except the latest rating comments, which live only as long as their
conversations). Every query filters on the tenants asked for, the period and the channel."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, func, or_, select, union_all
from sqlalchemy.orm import Session

from muni.analytics.calendar import day_range, whole_months
from muni.analytics.filters import StatsFilter
from muni.analytics.tally import HOUR_COUNTS
from muni.store.tables import (
    ConversationRow,
    StatsGuardRow,
    StatsHourRow,
    StatsTopicMonthRow,
    StatsTopicRow,
    TenantRow,
)


@dataclass(frozen=True)
class MonthCell:
    """Summed counts of one (year, month, channel) in the period."""

    year: int
    month: int
    channel: str
    counts: dict[str, int]


@dataclass(frozen=True)
class ClockCell:
    """Conversations and messages of one (weekday, hour of day) in the period."""

    weekday: int
    hour: int
    conversations: int
    turns: int


@dataclass(frozen=True)
class Comment:
    at: datetime
    tenant: str
    channel: str
    rating: int
    text: str


def _filtered(statement: Select, table, f: StatsFilter) -> Select:  # type: ignore[no-untyped-def]
    statement = statement.where(table.day >= f.first, table.day <= f.last)
    return _tenant_channel(statement, table, f)


def _tenant_channel(statement: Select, table, f: StatsFilter) -> Select:  # type: ignore[no-untyped-def]
    if f.tenant_ids is not None:
        statement = statement.where(table.tenant_id.in_(f.tenant_ids))
    if f.channel:
        statement = statement.where(table.channel == f.channel)
    return statement


def _sums(table) -> list:  # type: ignore[no-untyped-def]
    return [func.coalesce(func.sum(getattr(table, name)), 0) for name in HOUR_COUNTS]


def _counts(values) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return dict(zip(HOUR_COUNTS, map(int, values), strict=True))


def month_cube(session: Session, f: StatsFilter) -> list[MonthCell]:
    """One grouped scan that the year, month, channel, rating and rate charts are cut from."""
    t = StatsHourRow
    keys = (t.year, t.month, t.channel)
    statement = _filtered(select(*keys, *_sums(t)), t, f).group_by(*keys)
    return [MonthCell(*row[:3], _counts(row[3:])) for row in session.execute(statement)]  # type: ignore[arg-type]


def clock(session: Session, f: StatsFilter) -> list[ClockCell]:
    """Conversations and messages per weekday and hour of day."""
    t = StatsHourRow
    keys = (t.weekday, t.hour)
    sums = (func.sum(t.conversations), func.sum(t.turns))
    statement = _filtered(select(*keys, *sums), t, f).group_by(*keys)
    return [ClockCell(int(w), int(h), int(c), int(n)) for w, h, c, n in session.execute(statement)]


def group(cells: Iterable[MonthCell], key: Callable[[MonthCell], Hashable]) -> dict:  # type: ignore[type-arg]
    """Sum the cells' counts per key."""
    out: dict[Hashable, Counter[str]] = {}
    for cell in cells:
        out.setdefault(key(cell), Counter()).update(cell.counts)
    return out


def totals(cells: Iterable[MonthCell]) -> Counter[str]:
    total: Counter[str] = Counter()
    for cell in cells:
        total.update(cell.counts)
    return total


def topic_counts(session: Session, f: StatsFilter) -> list[tuple[str, str, int]]:
    """(topic, sub-answer, answered turns), most asked first. Whole months of the period are
    read from stats_topic_months, the days before and after them from stats_topics."""
    d, m = StatsTopicRow, StatsTopicMonthRow
    parts = []
    inner = whole_months(f.first, f.last)
    if inner is None:
        parts.append(_filtered(select(d.topic, d.sub_answer, d.turns), d, f))
    else:
        start, end = inner
        parts.append(
            _tenant_channel(select(m.topic, m.sub_answer, m.turns), m, f).where(
                m.month >= start, m.month < end
            )
        )
        days = select(d.topic, d.sub_answer, d.turns).where(
            or_(
                and_(d.day >= f.first, d.day < start),
                and_(d.day >= end, d.day <= f.last),
            )
        )
        parts.append(_tenant_channel(days, d, f))
    rows = union_all(*parts).subquery()
    n = func.sum(rows.c.turns)
    statement = (
        select(rows.c.topic, rows.c.sub_answer, n)
        .group_by(rows.c.topic, rows.c.sub_answer)
        .order_by(n.desc(), rows.c.topic, rows.c.sub_answer)
    )
    return [(topic, sub, int(count)) for topic, sub, count in session.execute(statement)]


def guard_counts(session: Session, f: StatsFilter) -> list[tuple[str, int]]:
    t = StatsGuardRow
    n = func.sum(t.events)
    statement = _filtered(select(t.kind, n), t, f).group_by(t.kind).order_by(n.desc(), t.kind)
    return [(kind, int(count)) for kind, count in session.execute(statement)]


def tenant_totals(session: Session, f: StatsFilter) -> list[tuple[str, str, dict[str, int]]]:
    """(slug, name, summed counts) per tenant, for the comparison."""
    t = StatsHourRow
    statement = (
        _filtered(select(TenantRow.slug, TenantRow.name, *_sums(t)), t, f)
        .join(TenantRow, TenantRow.id == t.tenant_id)
        .group_by(TenantRow.slug, TenantRow.name)
        .order_by(TenantRow.name)
    )
    return [(row[0], row[1], _counts(row[2:])) for row in session.execute(statement)]


def latest_comments(session: Session, f: StatsFilter, limit: int = 10) -> list[Comment]:
    """The newest rating comments in the period (read from conversations still kept)."""
    c = ConversationRow
    start, end = day_range(f.first, f.last)
    statement = (
        select(c.rated_at, TenantRow.name, c.channel, c.rating, c.rating_comment)
        .join(TenantRow, TenantRow.id == c.tenant_id)
        .where(
            c.rating_comment.is_not(None),
            c.rating_comment != "",
            c.rated_at >= start,
            c.rated_at < end,
        )
        .order_by(c.rated_at.desc())
        .limit(limit)
    )
    if f.tenant_ids is not None:
        statement = statement.where(c.tenant_id.in_(f.tenant_ids))
    if f.channel:
        statement = statement.where(c.channel == f.channel)
    return [Comment(*row) for row in session.execute(statement)]
