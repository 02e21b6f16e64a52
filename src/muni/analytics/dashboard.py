"""One dashboard view: bring today's numbers up to date if the period reaches today (at most
every few minutes), run the grouped queries, and cut the charts; and a chart's data as CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from muni.analytics import charts, queries
from muni.analytics.calendar import local_day
from muni.analytics.charts import Chart, Labeller
from muni.analytics.filters import StatsFilter
from muni.analytics.rollup import refresh_recent
from muni.store.database import Database
from muni.store.tables import TenantRow

TODAY_MAX_AGE = timedelta(minutes=5)  # how stale today's numbers may be


@dataclass(frozen=True)
class Overview:
    charts: list[Chart]
    summary: dict[str, Any]
    comments: list[queries.Comment]


def _fresh(db: Database, f: StatsFilter, now: datetime) -> None:
    if f.last < local_day(now):
        return
    ids = f.tenant_ids
    if ids is None:
        with db.read() as session:
            ids = tuple(session.scalars(select(TenantRow.id)))
    refresh_recent(db, list(ids), TODAY_MAX_AGE, now)


class Queries:
    """The grouped reads of one view, each run the first time a chart asks for it."""

    def __init__(self, session: Session, f: StatsFilter) -> None:
        self.session, self.f = session, f

    @cached_property
    def months(self) -> list[queries.MonthCell]:
        return queries.month_cube(self.session, self.f)

    @cached_property
    def clock(self) -> list[queries.ClockCell]:
        return queries.clock(self.session, self.f)

    @cached_property
    def topics(self) -> list[tuple[str, str, int]]:
        return queries.topic_counts(self.session, self.f)

    @cached_property
    def guards(self) -> list[tuple[str, int]]:
        return queries.guard_counts(self.session, self.f)


def overview(
    db: Database, f: StatsFilter, label: Labeller, now: datetime | None = None
) -> Overview:
    _fresh(db, f, now or datetime.now(UTC))
    with db.read() as session:
        source = Queries(session, f)
        return Overview(
            charts.overview(source, label),
            charts.totals_summary(source.months),
            queries.latest_comments(session, f),
        )


def one_chart(
    db: Database, f: StatsFilter, key: str, label: Labeller, now: datetime | None = None
) -> Chart | None:
    """One chart of the overview (for its CSV), reading only what it needs."""
    build = charts.CHARTS.get(key)
    if build is None:
        return None
    _fresh(db, f, now or datetime.now(UTC))
    with db.read() as session:
        return build(Queries(session, f), label)


def comparison(db: Database, f: StatsFilter, now: datetime | None = None) -> list[Chart]:
    _fresh(db, f, now or datetime.now(UTC))
    with db.read() as session:
        return charts.comparison(queries.tenant_totals(session, f))


def chart_csv(chart: Chart) -> str:
    """The chart's table as CSV (comma-separated, plain numbers, a header row)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(chart.columns)
    for row in chart.rows:
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


def _cell(value: object) -> object:
    """A text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
