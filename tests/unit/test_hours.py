from datetime import UTC, datetime

from muni.domain import Tenant
from muni.handoff.hours import is_open

TENANT = Tenant(1, "t", "T Kommune", "0001",
                opening_hours={"monday": "08:00-15:00", "wednesday": "08:00-15:00",
                               "friday": "08:00-12:00", "saturday": "00:00-24:00"},
                holidays=("2026-12-24",))


def at(text: str) -> datetime:  # given in UTC; Denmark is UTC+1 in winter
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_opening_hours_in_danish_time():
    assert is_open(TENANT, at("2026-12-02T09:30"))      # Wednesday 10:30 in Denmark
    assert not is_open(TENANT, at("2026-12-02T14:30"))  # 15:30 in Denmark
    assert not is_open(TENANT, at("2026-12-02T06:30"))  # 07:30 in Denmark
    assert not is_open(TENANT, at("2026-12-03T09:30"))  # Thursday: no hours
    assert is_open(TENANT, at("2026-12-05T22:59"))      # Saturday, open all day


def test_holidays_are_closed():
    assert is_open(TENANT, at("2026-12-16T09:00"))      # a Wednesday
    closed = Tenant(1, "t", "T", "0001", opening_hours={"thursday": "08:00-15:00"},
                    holidays=("2026-12-24",))
    assert not is_open(closed, at("2026-12-24T09:00"))  # Thursday, but Christmas Eve
