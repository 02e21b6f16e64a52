"""Free slots: opening hours, closed days and holidays, the lead time and horizon, capacity,
and summer time (Europe/Copenhagen local times)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

from muni.booking.setup import parse_setup
from muni.booking.slots import LOCAL, candidate_slots, closed_days, free_of, free_slots
from muni.connectors.fakes import FakeCalendar
from muni.connectors.values import Booking
from tests.unit.booking.helpers import SETUP, tenant

# Saturday 28 November 2026, 21:00 in Copenhagen
NOW = datetime(2026, 11, 28, 20, 0, tzinfo=UTC)


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=LOCAL)


def setup_with(**changes):  # type: ignore[no-untyped-def]
    raw = copy.deepcopy(SETUP)
    raw.update(changes)
    return parse_setup(raw)


def test_slots_follow_the_opening_hours() -> None:
    setup = parse_setup(SETUP)
    assert setup is not None
    slots = candidate_slots(setup, setup.locations["dokk1"], closed_days(tenant(), setup), NOW)
    # Monday 30 Nov 10:00-11:00 in 15-minute slots; the last starts at 10:45
    assert slots[:5] == [
        local(2026, 11, 30, 10, 0),
        local(2026, 11, 30, 10, 15),
        local(2026, 11, 30, 10, 30),
        local(2026, 11, 30, 10, 45),
        local(2026, 12, 1, 10, 0),
    ]
    assert all(s.tzinfo is not None for s in slots)
    days = {s.date() for s in slots}
    assert local(2026, 12, 2, 0, 0).date() not in days  # wednesday: not in the hours
    assert local(2026, 12, 4, 0, 0).date() not in days  # friday 4 Dec: booking.closed


def test_holidays_close_the_day() -> None:
    setup = setup_with(horizon_days=40)
    assert setup is not None
    slots = candidate_slots(setup, setup.locations["lystrup"], closed_days(tenant(), setup), NOW)
    days = {s.date() for s in slots}
    assert local(2026, 12, 17, 0, 0).date() in days  # a thursday
    assert local(2026, 12, 24, 0, 0).date() not in days  # thursday, a holiday of the tenant


def test_no_slot_in_the_past_or_within_the_lead_time_or_beyond_the_horizon() -> None:
    setup = parse_setup(SETUP)
    assert setup is not None
    now = local(2026, 11, 30, 9, 20)  # monday morning: 10:00 is within the hour
    slots = candidate_slots(setup, setup.locations["dokk1"], set(), now)
    assert slots[0] == local(2026, 11, 30, 10, 30)
    assert max(slots) < now + timedelta(days=setup.horizon_days + 1)


def test_a_full_slot_is_not_free_and_capacity_counts() -> None:
    setup = parse_setup(SETUP)
    assert setup is not None
    ten = local(2026, 11, 30, 10, 0)
    quarter = local(2026, 11, 30, 10, 15)
    one = Booking("AB23CD", "pas", "dokk1", ten, ten + timedelta(minutes=15))
    two = Booking("AB23CE", "pas", "dokk1", ten.astimezone(UTC), ten + timedelta(minutes=15))
    three = Booking("AB23CF", "pas", "dokk1", quarter, quarter + timedelta(minutes=15))
    free = free_of([ten, quarter], [one, two, three], capacity=2)
    assert free == [quarter]  # 10:00 has both seats taken (UTC and local both count)
    assert free_of([ten, quarter], [one, three], capacity=1) == []


def test_free_slots_ask_the_calendar() -> None:
    setup = parse_setup(SETUP)
    assert setup is not None
    calendar = FakeCalendar()
    place = setup.locations["lystrup"]  # capacity 1
    first = free_slots(calendar, tenant(), setup, place, NOW)[0]
    calendar.book(tenant(), Booking("AB23CD", "pas", "lystrup", first, first), 1)
    assert free_slots(calendar, tenant(), setup, place, NOW)[0] == first + timedelta(minutes=15)


def test_summer_time_keeps_the_wall_clock_time() -> None:
    setup = setup_with(horizon_days=10)
    assert setup is not None
    now = datetime(2027, 3, 19, 12, 0, tzinfo=UTC)  # the last Sunday of March is the 28th
    slots = candidate_slots(setup, setup.locations["dokk1"], set(), now)
    before = next(s for s in slots if s.date().isoformat() == "2027-03-22")
    after = next(s for s in slots if s.date().isoformat() == "2027-03-29")
    assert (before.hour, after.hour) == (10, 10)
    assert before.astimezone(UTC).hour == 9 and after.astimezone(UTC).hour == 8


def test_a_wall_time_skipped_by_summer_time_is_no_slot() -> None:
    raw = copy.deepcopy(SETUP)
    raw["slot_minutes"] = 60
    raw["lead_minutes"] = 0
    raw["locations"]["dokk1"]["hours"] = {"sunday": "01:00-04:00"}
    setup = parse_setup(raw)
    assert setup is not None
    now = datetime(2027, 3, 27, 12, 0, tzinfo=UTC)
    slots = candidate_slots(setup, setup.locations["dokk1"], set(), now)
    on_the_day = [s for s in slots if s.date().isoformat() == "2027-03-28"]
    assert [s.hour for s in on_the_day] == [1, 3]  # 02:00 does not exist that night
