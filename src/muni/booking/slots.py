"""The free slots of a location: every start time inside its opening hours (Danish local
time, stored timezone-aware so a slot keeps its wall-clock time across summer time), on days
that are not holidays or closed, from `lead_minutes` after now up to `horizon_days` ahead,
minus the slots whose capacity the calendar says is used up."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from muni.booking.setup import BookingSetup, Location
from muni.connectors.protocols import Calendar
from muni.connectors.values import Booking
from muni.domain import Tenant

LOCAL = ZoneInfo("Europe/Copenhagen")


def utc(moment: datetime) -> datetime:
    """The same instant in UTC (a naive value is taken as UTC, as SQLite returns it)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def closed_days(tenant: Tenant, setup: BookingSetup) -> frozenset[date]:
    days = set(setup.closed)
    for raw in tenant.holidays:
        try:
            days.add(date.fromisoformat(str(raw)))
        except ValueError:
            continue
    return frozenset(days)


def window(setup: BookingSetup, now: datetime) -> tuple[datetime, datetime]:
    """[earliest start, end of the last bookable day) for slots seen at `now`."""
    earliest = utc(now) + timedelta(minutes=setup.lead_minutes)
    last_day = utc(now).astimezone(LOCAL).date() + timedelta(days=setup.horizon_days)
    end = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), tzinfo=LOCAL)
    return earliest, end.astimezone(UTC)


def candidate_slots(
    setup: BookingSetup, location: Location, closed: Iterable[date], now: datetime
) -> list[datetime]:
    """Every slot start in the horizon, local time (Europe/Copenhagen), soonest first."""
    closed = frozenset(closed)
    earliest, end = window(setup, now)
    step = timedelta(minutes=setup.slot_minutes)
    day = utc(now).astimezone(LOCAL).date()
    found: list[datetime] = []
    while datetime.combine(day, datetime.min.time(), tzinfo=LOCAL) < end:
        if day not in closed:
            for opens, closes in location.hours[day.weekday()]:
                start = datetime.combine(day, opens, tzinfo=LOCAL)
                last = datetime.combine(day, closes, tzinfo=LOCAL)
                while start + step <= last:
                    # round-trip through UTC: a wall time skipped by summer time disappears
                    real = utc(start).astimezone(LOCAL)
                    if real.replace(tzinfo=None) == start.replace(tzinfo=None) and real >= earliest:
                        found.append(real)
                    start += step
        day += timedelta(days=1)
    return found


def free_of(candidates: list[datetime], booked: Iterable[Booking], capacity: int) -> list[datetime]:
    """The candidates with a seat left."""
    used = Counter(utc(b.starts_at) for b in booked)
    return [slot for slot in candidates if used[utc(slot)] < capacity]


def free_slots(
    calendar: Calendar,
    tenant: Tenant,
    setup: BookingSetup,
    location: Location,
    now: datetime,
) -> list[datetime]:
    """The location's free slots in the horizon (asks the calendar once; may raise
    ConnectorUnavailable)."""
    candidates = candidate_slots(setup, location, closed_days(tenant, setup), now)
    if not candidates:
        return []
    booked = calendar.booked(
        tenant, location.slug, candidates[0], candidates[-1] + timedelta(minutes=1)
    )
    return free_of(candidates, booked, location.capacity)


def is_bookable(
    setup: BookingSetup, tenant: Tenant, location: Location, slot: datetime, now: datetime
) -> bool:
    """The slot is one of the location's slots and not in the past (before asking the
    calendar: a button pressed days later, or a made-up payload)."""
    return utc(slot) in {
        utc(s) for s in candidate_slots(setup, location, closed_days(tenant, setup), now)
    }
