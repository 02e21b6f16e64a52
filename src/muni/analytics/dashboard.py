"""One dashboard view: bring today's numbers up to date if the period reaches today (at most
every few minutes), run the grouped queries, and cut the charts; and a chart's data as CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

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


def overview(
    db: Database, f: StatsFilter, label: Labeller, now: datetime | None = None
) -> Overview:
    _fresh(db, f, now or datetime.now(UTC))
    with db.read() as session:
        cells = queries.hour_cube(session, f)
        topics = queries.topic_counts(session, f)
        guards = queries.guard_counts(session, f)
        comments = queries.latest_comments(session, f)
    return Overview(
        charts.overview(cells, topics, guards, label), charts.totals_summary(cells), comments
    )


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
