"""One contract for every Calendar: the embedded calendar in muni's database (SQLite and a
real PostgreSQL), the in-memory fake, and the CalDAV adapter against a real Radicale server
started on 127.0.0.1 by the test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from muni.connectors.calendar_db import DatabaseCalendar
from muni.connectors.fakes import FakeCalendar
from muni.connectors.protocols import Calendar, ConnectorUnavailable, SlotTaken
from muni.connectors.values import Booking
from muni.domain import Tenant
from muni.store.database import Database
from muni.store.tenants import TenantRepository
from muni.tenancy import tenant_from_dict
from tests.conftest import _fresh_postgres_database, free_port

LOCAL = ZoneInfo("Europe/Copenhagen")
NINE = datetime(2027, 3, 1, 9, 0, tzinfo=LOCAL)


@dataclass
class Setup:
    calendar: Calendar
    a: Tenant
    b: Tenant
    unreachable: Callable[[], Calendar] | None  # a calendar whose server is down


def _db_setup(url: str) -> Iterator[Setup]:
    db = Database(url)
    db.migrate()
    with db.session() as session:
        repo = TenantRepository(session)
        a = repo.upsert(tenant_from_dict({"slug": "a", "name": "A", "municipality_code": "101"}))
        b = repo.upsert(tenant_from_dict({"slug": "b", "name": "B", "municipality_code": "202"}))

    def unreachable() -> Calendar:
        # nothing listens on the port: connecting fails at once
        down = Database(f"postgresql+psycopg://muni@127.0.0.1:{free_port()}/muni", pool_timeout=2)
        return DatabaseCalendar(down)

    yield Setup(DatabaseCalendar(db), a, b, unreachable)
    db.dispose()


def _tenants() -> tuple[Tenant, Tenant]:
    return Tenant(1, "a", "A", "0101"), Tenant(2, "b", "B", "0202")


@pytest.fixture(
    params=[
        "database-sqlite",
        pytest.param("database-postgres", marks=pytest.mark.postgres),
        "fake",
    ]
)
def setup(request: pytest.FixtureRequest, tmp_path) -> Iterator[Setup]:  # type: ignore[no-untyped-def]
    kind = request.param
    if kind == "database-sqlite":
        yield from _db_setup(f"sqlite:///{tmp_path / 'muni.db'}")
    elif kind == "database-postgres":
        yield from _db_setup(_fresh_postgres_database(request.getfixturevalue("postgres_server")))
    else:
        a, b = _tenants()
        yield Setup(FakeCalendar(), a, b, lambda: FakeCalendar(down=True))


def booking(code: str, start: datetime = NINE, location: str = "rådhuset") -> Booking:
    return Booking(code, "pas", location, start, start + timedelta(minutes=15))


class TestCalendarContract:
    def test_book_then_find(self, setup: Setup):
        made = setup.calendar.book(setup.a, booking("K7Q2MX"), capacity=1)
        assert made.code == "K7Q2MX"
        found = setup.calendar.find(setup.a, "K7Q2MX")
        assert found is not None
        assert (found.code, found.service, found.location) == ("K7Q2MX", "pas", "rådhuset")
        assert found.starts_at == NINE and found.ends_at == NINE + timedelta(minutes=15)
        assert found.starts_at.tzinfo is not None
        assert setup.calendar.find(setup.a, "UNKNOWN1") is None

    def test_booked_lists_by_location_range_and_tenant(self, setup: Setup):
        cal = setup.calendar
        cal.book(setup.a, booking("A1", NINE), 1)
        cal.book(setup.a, booking("A2", NINE + timedelta(minutes=15)), 1)
        cal.book(setup.a, booking("A3", NINE + timedelta(hours=2)), 1)
        cal.book(setup.a, booking("A4", NINE, location="bibliotek"), 1)
        cal.book(setup.b, booking("B1", NINE), 1)
        hour = cal.booked(setup.a, "rådhuset", NINE, NINE + timedelta(hours=1))
        assert [b.code for b in hour] == ["A1", "A2"]
        day = cal.booked(setup.a, "rådhuset", NINE - timedelta(hours=9), NINE + timedelta(hours=12))
        assert [b.code for b in day] == ["A1", "A2", "A3"]
        # the end is exclusive, the start inclusive
        assert [
            b.code for b in cal.booked(setup.a, "rådhuset", NINE, NINE + timedelta(minutes=15))
        ] == ["A1"]
        assert [
            b.code for b in cal.booked(setup.a, "bibliotek", NINE, NINE + timedelta(hours=1))
        ] == ["A4"]
        assert [
            b.code for b in cal.booked(setup.b, "rådhuset", NINE, NINE + timedelta(hours=1))
        ] == ["B1"]

    def test_capacity_two_takes_two_and_refuses_the_third(self, setup: Setup):
        cal = setup.calendar
        cal.book(setup.a, booking("C1"), capacity=2)
        cal.book(setup.a, booking("C2"), capacity=2)
        with pytest.raises(SlotTaken):
            cal.book(setup.a, booking("C3"), capacity=2)
        assert cal.find(setup.a, "C3") is None
        assert sorted(
            b.code for b in cal.booked(setup.a, "rådhuset", NINE, NINE + timedelta(hours=1))
        ) == ["C1", "C2"]
        # the next slot is free
        cal.book(setup.a, booking("C4", NINE + timedelta(minutes=15)), capacity=2)

    def test_cancel_frees_the_seat(self, setup: Setup):
        cal = setup.calendar
        cal.book(setup.a, booking("D1"), capacity=1)
        with pytest.raises(SlotTaken):
            cal.book(setup.a, booking("D2"), capacity=1)
        assert cal.cancel(setup.a, "D1") is True
        assert cal.find(setup.a, "D1") is None
        cal.book(setup.a, booking("D2"), capacity=1)
        assert cal.find(setup.a, "D2") is not None

    def test_cancel_unknown_is_false(self, setup: Setup):
        assert setup.calendar.cancel(setup.a, "NOSUCH1") is False

    def test_tenants_never_see_each_other(self, setup: Setup):
        cal = setup.calendar
        cal.book(setup.a, booking("E1"), capacity=1)
        # the same slot at the same location is another tenant's own
        cal.book(setup.b, booking("E2"), capacity=1)
        assert cal.find(setup.b, "E1") is None and cal.find(setup.a, "E2") is None
        assert cal.cancel(setup.b, "E1") is False
        assert cal.find(setup.a, "E1") is not None
        assert [
            b.code for b in cal.booked(setup.a, "rådhuset", NINE, NINE + timedelta(hours=1))
        ] == ["E1"]

    def test_unreachable_raises_connector_unavailable(self, setup: Setup):
        assert setup.unreachable is not None
        down = setup.unreachable()
        with pytest.raises(ConnectorUnavailable):
            down.booked(setup.a, "rådhuset", NINE, NINE + timedelta(hours=1))
        with pytest.raises(ConnectorUnavailable):
            down.book(setup.a, booking("F1"), capacity=1)
        with pytest.raises(ConnectorUnavailable):
            down.find(setup.a, "F1")
        with pytest.raises(ConnectorUnavailable):
            down.cancel(setup.a, "F1")


def test_database_calendar_refuses_a_duplicate_code_and_keeps_the_conversation(tmp_path):
    from sqlalchemy import select

    from muni.connectors.calendar_db import CodeTaken
    from muni.store.tables import BookingRow

    setup = next(_db_setup(f"sqlite:///{tmp_path / 'muni.db'}"))
    cal = setup.calendar
    assert isinstance(cal, DatabaseCalendar)
    cal.book(setup.a, booking("G1"), capacity=3, conversation_id="c" * 32)
    with pytest.raises(CodeTaken):
        cal.book(setup.a, booking("G1", NINE + timedelta(hours=1)), capacity=3)
    cal.book(setup.b, booking("G1"), capacity=3)  # codes are unique per tenant
    with cal.db.read() as session:
        rows = session.scalars(select(BookingRow).order_by(BookingRow.id)).all()
    assert [(r.code, r.seat, r.conversation_id) for r in rows] == [
        ("G1", 0, "c" * 32),
        ("G1", 0, None),
    ]
