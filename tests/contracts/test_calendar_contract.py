"""One contract for every Calendar: the embedded calendar in muni's database (SQLite and a
real PostgreSQL), the in-memory fake, and the CalDAV adapter against a real Radicale server
started on 127.0.0.1 by the test."""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from requests.auth import HTTPBasicAuth

from muni.connectors.caldav_calendar import CalDavCalendar
from muni.connectors.calendar_db import DatabaseCalendar
from muni.connectors.fakes import FakeCalendar
from muni.connectors.protocols import Calendar, ConnectorUnavailable, SlotTaken
from muni.connectors.values import Booking
from muni.domain import Tenant
from muni.store.database import Database
from muni.store.tenants import TenantRepository
from muni.tenancy import tenant_from_dict
from tests.conftest import IN_CI, _fresh_postgres_database, free_port

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


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real CalDAV server (Radicale) on 127.0.0.1 with one user, muni / hemmelig."""
    try:
        import radicale  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the machine
        if IN_CI:
            raise
        pytest.skip(f"Radicale is not installed ({exc}); pip install -e '.[dev]'")
    root = tmp_path_factory.mktemp("radicale")
    (root / "users").write_text("muni:hemmelig\n")
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--server-hosts",
            f"127.0.0.1:{port}",
            "--storage-filesystem-folder",
            str(root / "storage"),
            "--auth-type",
            "htpasswd",
            "--auth-htpasswd-filename",
            str(root / "users"),
            "--auth-htpasswd-encryption",
            "plain",
            "--logging-level",
            "warning",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/muni/"
    try:
        for _ in range(100):
            try:
                # with the password: Radicale 3.9 holds back a 401 for `auth.delay` (1 s under
                # pytest), as long as the old 1-second timeout, so waiting without it was a race
                httpx.get(url, auth=("muni", "hemmelig"), timeout=5)
                break
            except httpx.TransportError:
                if process.poll() is not None:
                    raise RuntimeError("Radicale did not start: " + process.stdout.read()) from None
                time.sleep(0.1)
        else:
            raise RuntimeError("Radicale did not start in 10 seconds")
        yield url
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(root, ignore_errors=True)


_calendars = itertools.count()


def _caldav_setup(url: str) -> Setup:
    """A calendar per tenant (`{tenant}` in its name), fresh for each test."""
    import caldav

    a, b = _tenants()
    name = f"bookings-{next(_calendars)}-{{tenant}}/"
    with caldav.DAVClient(
        url=url,
        username="muni",
        password="hemmelig",
        timeout=5,
        auth=HTTPBasicAuth("muni", "hemmelig"),
    ) as client:
        principal = client.principal()
        for tenant in (a, b):
            principal.make_calendar(cal_id=name.replace("{tenant}", tenant.slug).rstrip("/"))
    calendar = CalDavCalendar(url, "muni", "hemmelig", name, timeout=5)

    def unreachable() -> Calendar:
        return CalDavCalendar(
            f"http://127.0.0.1:{free_port()}/muni/", "muni", "hemmelig", name, timeout=2
        )

    return Setup(calendar, a, b, unreachable)


def _tenants() -> tuple[Tenant, Tenant]:
    return Tenant(1, "a", "A", "0101"), Tenant(2, "b", "B", "0202")


@pytest.fixture(
    params=[
        "database-sqlite",
        pytest.param("database-postgres", marks=pytest.mark.postgres),
        "fake",
        "caldav-radicale",
    ]
)
def setup(request: pytest.FixtureRequest, tmp_path) -> Iterator[Setup]:  # type: ignore[no-untyped-def]
    kind = request.param
    if kind == "database-sqlite":
        yield from _db_setup(f"sqlite:///{tmp_path / 'muni.db'}")
    elif kind == "database-postgres":
        yield from _db_setup(_fresh_postgres_database(request.getfixturevalue("postgres_server")))
    elif kind == "caldav-radicale":
        yield _caldav_setup(request.getfixturevalue("radicale"))
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


def test_caldav_event_holds_no_personal_data(radicale):
    import caldav

    setup = _caldav_setup(radicale)
    made = Booking("H1", "pas", "rådhuset", NINE, NINE + timedelta(minutes=15), subject="p" * 64)
    setup.calendar.book(setup.a, made, capacity=1)
    calendar = setup.calendar
    assert isinstance(calendar, CalDavCalendar)
    with caldav.DAVClient(
        url=radicale, username="muni", password="hemmelig", auth=HTTPBasicAuth("muni", "hemmelig")
    ) as client:
        event = client.calendar(url=calendar._calendar_url(setup.a, "rådhuset")).event_by_uid("H1")
        text = event.data
    component = event.icalendar_component
    assert str(component["uid"]) == "H1" and str(component["summary"]) == "pas"
    assert str(component["location"]) == "rådhuset"
    assert component["dtstart"].dt == NINE and component["dtend"].dt == made.ends_at
    assert "p" * 64 not in text  # not even the citizen's pseudonym
    names = {line.split(":", 1)[0].split(";", 1)[0] for line in text.splitlines()}
    event_names = names - {"BEGIN", "END", "VERSION", "PRODID", "CALSCALE"}
    assert event_names <= {
        "UID",
        "DTSTAMP",
        "DTSTART",
        "DTEND",
        "SUMMARY",
        "LOCATION",
        "X-MUNI-TENANT",
    }
    assert "hemmelig" not in repr(calendar)


def test_caldav_writer_that_loses_a_race_removes_its_own_event(radicale, monkeypatch):
    """Two writers check the slot at the same moment, both see it free and both write: the
    one that reads the slot again and finds it overfilled takes its own event out."""
    setup = _caldav_setup(radicale)
    calendar = setup.calendar
    assert isinstance(calendar, CalDavCalendar)
    calendar.book(setup.a, booking("R1"), capacity=1)  # the other writer's event
    checks = iter([[]])  # our first check ran before the other writer's event was there
    real = CalDavCalendar._holders

    def holders(self, *args):  # type: ignore[no-untyped-def]
        return next(checks, None) or real(self, *args)

    monkeypatch.setattr(CalDavCalendar, "_holders", holders)
    with pytest.raises(SlotTaken):
        calendar.book(setup.a, booking("R2"), capacity=1)
    monkeypatch.undo()
    assert calendar.find(setup.a, "R2") is None
    assert [
        b.code for b in calendar.booked(setup.a, "rådhuset", NINE, NINE + timedelta(hours=1))
    ] == ["R1"]


def test_caldav_concurrent_writers_never_overfill_a_slot(radicale):
    from concurrent.futures import ThreadPoolExecutor

    setup = _caldav_setup(radicale)

    def attempt(i: int) -> str:
        try:
            setup.calendar.book(setup.a, booking(f"Z{i}"), capacity=1)
            return "won"
        except SlotTaken:
            return "taken"

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(attempt, range(8)))
    held = setup.calendar.booked(setup.a, "rådhuset", NINE, NINE + timedelta(hours=1))
    assert results.count("won") == len(held) <= 1
    assert results.count("taken") == 8 - len(held)


def test_caldav_calendar_per_location(radicale):
    import caldav

    a, _ = _tenants()
    n = next(_calendars)
    with caldav.DAVClient(
        url=radicale, username="muni", password="hemmelig", auth=HTTPBasicAuth("muni", "hemmelig")
    ) as client:
        for place in ("raadhus", "bibliotek"):
            client.principal().make_calendar(cal_id=f"{place}-{n}")
    calendar = CalDavCalendar(
        radicale, "muni", "hemmelig", {"rådhuset": f"raadhus-{n}/", "bibliotek": f"bibliotek-{n}/"}
    )
    calendar.book(a, booking("L1"), capacity=1)
    calendar.book(a, booking("L2", location="bibliotek"), capacity=1)
    assert calendar.find(a, "L2").location == "bibliotek"  # type: ignore[union-attr]
    assert calendar.cancel(a, "L1") is True and calendar.find(a, "L1") is None
    with pytest.raises(ConnectorUnavailable):
        calendar.book(a, booking("L3", location="svømmehallen"), capacity=1)


def test_caldav_server_that_does_not_answer_times_out():
    """A server that accepts the connection and then says nothing: the timeout ends the wait
    and the citizen gets an honest answer instead of a hanging chat."""
    import socket

    a, _ = _tenants()
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        port = listener.getsockname()[1]
        calendar = CalDavCalendar(f"http://127.0.0.1:{port}/muni/", "muni", "x", "c/", timeout=0.5)
        began = time.monotonic()
        with pytest.raises(ConnectorUnavailable):
            calendar.booked(a, "rådhuset", NINE, NINE + timedelta(hours=1))
        assert time.monotonic() - began < 5


def test_caldav_from_a_tenant_setup_books_with_the_password_from_the_environment(
    radicale, monkeypatch, tmp_path
):
    from muni.config import Settings
    from muni.connectors.calendars import calendar_for

    made = _caldav_setup(radicale)  # creates this test's calendars
    assert isinstance(made.calendar, CalDavCalendar) and isinstance(made.calendar.calendar, str)
    setup = {
        "kind": "caldav",
        "url": radicale,
        "username": "muni",
        "password_env": "MUNI_TEST_CALDAV_PASSWORD",
        "calendar": made.calendar.calendar,
    }
    tenant = Tenant(1, "a", "A", "0101", booking={"services": {}}, connectors={"calendar": setup})
    db = Database(f"sqlite:///{tmp_path / 'muni.db'}")
    monkeypatch.setenv("MUNI_TEST_CALDAV_PASSWORD", "forkert")
    with pytest.raises(ConnectorUnavailable):  # a wrong password is an unavailable calendar
        calendar_for(Settings(data_dir=tmp_path), db)(tenant).book(tenant, booking("S1"), 1)  # type: ignore[union-attr]
    monkeypatch.setenv("MUNI_TEST_CALDAV_PASSWORD", "hemmelig")
    calendar = calendar_for(Settings(data_dir=tmp_path), db)(tenant)
    assert isinstance(calendar, CalDavCalendar)
    calendar.book(tenant, booking("S1"), 1)
    assert made.calendar.find(made.a, "S1") is not None
    db.dispose()
