"""Which calendar a tenant books into, from its `connectors: {calendar: ...}` setup."""

from __future__ import annotations

import pytest

from muni.config import Settings
from muni.connectors.caldav_calendar import CalDavCalendar
from muni.connectors.calendar_db import DatabaseCalendar
from muni.connectors.calendars import calendar_for
from muni.domain import Tenant
from muni.store.database import Database

BOOKING = {"services": {"pas": {"minutes": 15}}}


def tenant(booking=BOOKING, calendar=None, slug="a", id=1) -> Tenant:  # type: ignore[no-untyped-def]
    connectors = {"calendar": calendar} if calendar is not None else {}
    return Tenant(id, slug, slug.upper(), "0101", booking=booking, connectors=connectors)


@pytest.fixture
def pick(tmp_path):  # type: ignore[no-untyped-def]
    db = Database(f"sqlite:///{tmp_path / 'muni.db'}")
    yield calendar_for(Settings(data_dir=tmp_path), db)
    db.dispose()


def test_embedded_by_default_and_none_without_booking(pick):
    assert isinstance(pick(tenant()), DatabaseCalendar)
    assert isinstance(pick(tenant(calendar={"kind": "embedded"})), DatabaseCalendar)
    assert pick(tenant(booking={})) is None
    assert pick(tenant(booking={}, calendar={"kind": "caldav"})) is None


def test_caldav_reads_its_password_from_the_named_variable(pick, monkeypatch):
    monkeypatch.setenv("MUNI_CALDAV_PASSWORD", "hemmelig")
    setup = {"kind": "caldav", "url": "https://kalender.example.dk/dav", "username": "muni",
             "password_env": "MUNI_CALDAV_PASSWORD", "calendar": "{tenant}/", "timeout": 3}
    calendar = pick(tenant(calendar=setup))
    assert isinstance(calendar, CalDavCalendar)
    assert (calendar.username, calendar.password, calendar.timeout) == ("muni", "hemmelig", 3.0)
    assert calendar._calendar_url(tenant(), "rådhuset") == "https://kalender.example.dk/dav/a/"
    assert "hemmelig" not in repr(calendar)
    assert pick(tenant(calendar=setup)) is calendar  # made once per tenant and setup
    assert pick(tenant(calendar=setup, slug="b", id=2)) is not calendar


def test_bad_setups_are_refused(pick):
    with pytest.raises(ValueError, match="unknown calendar kind"):
        pick(tenant(calendar={"kind": "exchange"}))
    with pytest.raises(ValueError, match="url"):
        pick(tenant(calendar={"kind": "caldav", "url": "https://x.dk/"}))
    with pytest.raises(ValueError, match="MUNI_"):  # a tenant file cannot read other variables
        pick(tenant(calendar={"kind": "caldav", "url": "https://x.dk/", "calendar": "c/",
                              "password_env": "HOME"}))
