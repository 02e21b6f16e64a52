"""Local time for the statistics: a day and an hour are Danish (Europe/Copenhagen), whatever
the server's clock says, so a question at 00:30 on a summer night counts on the right day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Europe/Copenhagen")
MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)
WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")


def as_utc(moment: datetime) -> datetime:
    """A stored timestamp as aware UTC (SQLite gives them back without a zone)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


@lru_cache(maxsize=100_000)
def _local_hour(utc_hour: datetime) -> tuple[date, int]:
    local = utc_hour.astimezone(LOCAL)
    return local.date(), local.hour


def local_day_hour(moment: datetime) -> tuple[date, int]:
    """The Danish day and hour of a moment (Denmark's offsets are whole hours, so the UTC
    hour decides it and is cached)."""
    utc = as_utc(moment)
    return _local_hour(utc.replace(minute=0, second=0, microsecond=0))


def local_day(moment: datetime) -> date:
    return local_day_hour(moment)[0]


def day_start(day: date) -> datetime:
    """The UTC moment the Danish day begins (23 or 25 hours before the next one at DST)."""
    return datetime.combine(day, time(0), tzinfo=LOCAL).astimezone(UTC)


def day_range(first: date, last: date) -> tuple[datetime, datetime]:
    """UTC start of `first` and UTC start of the day after `last`."""
    return day_start(first), day_start(last + timedelta(days=1))


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def next_month(month: date) -> date:
    """The first day of the month after `month`'s."""
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def months(first: date, last: date) -> list[date]:
    """The first days of the months that first..last touches."""
    found, month = [], first.replace(day=1)
    while month <= last:
        found.append(month)
        month = next_month(month)
    return found


def whole_months(first: date, last: date) -> tuple[date, date] | None:
    """[start, end) of the whole calendar months inside first..last, or None."""
    start = first if first.day == 1 else next_month(first)
    end = next_month(last) if next_month(last) - timedelta(days=1) == last else last.replace(day=1)
    return (start, end) if start < end else None
