"""One contract for every PickupSchedule: the embedded days in muni's database after a CSV
import and after an iCalendar import (SQLite and PostgreSQL), the in-memory fake, and the
live iCalendar feed adapter against a local HTTP server serving one .ics per address. Same
data, same answers; down or slow raises ConnectorUnavailable; an unknown address has no
days."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from muni.connectors.fakes import FakePickupSchedule
from muni.connectors.ical_pickups import IcalPickups
from muni.connectors.pickups_db import PickupsDb
from muni.connectors.protocols import ConnectorUnavailable, PickupSchedule
from muni.connectors.values import Address, Pickup
from muni.domain import Tenant
from muni.store.database import Database
from muni.store.tenants import TenantRepository
from muni.tenancy import tenant_from_dict
from muni.waste.import_csv import read_csv
from muni.waste.import_ical import read_ical
from muni.waste.store import replace_pickups
from tests.conftest import _fresh_postgres_database
from tests.contracts.local_http import LocalServer, serving

HOME = Address("adr-home", "Vestergade", "12", "8000", "Aarhus C", "0751")
AWAY = Address("adr-away", "Skolevej", "2", "8260", "Viby J", "0751")
NOWHERE = Address("adr-unknown", "Ukendtvej", "1", "8000", "Aarhus C", "0751")
START = date(2026, 11, 24)
# Restaffald og madaffald every Tuesday from 1 December, ten times; the rest once
WEEKLY = [date(2026, 12, 1) + timedelta(weeks=i) for i in range(10)]
DAYS = {
    HOME.id: [Pickup("rest_mad", d) for d in WEEKLY]
    + [
        Pickup("papir", date(2026, 12, 9)),
        Pickup("storskrald", date(2026, 12, 4)),
        Pickup("glas_metal", date(2026, 11, 25)),
    ],
    AWAY.id: [Pickup("plast", date(2026, 12, 2))],
}
FEEDS = {
    HOME.id: """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Affaldsselskabet//Tømmekalender//DA
BEGIN:VEVENT
UID:rest-1@affald.example.dk
DTSTAMP:20261101T000000Z
DTSTART;VALUE=DATE:20261201
SUMMARY:Restaffald og madaffald
RRULE:FREQ=WEEKLY;COUNT=10
END:VEVENT
BEGIN:VEVENT
UID:papir-1@affald.example.dk
DTSTAMP:20261101T000000Z
DTSTART;VALUE=DATE:20261209
SUMMARY:Papir
END:VEVENT
BEGIN:VEVENT
UID:stor-1@affald.example.dk
DTSTAMP:20261101T000000Z
DTSTART;VALUE=DATE:20261204
SUMMARY:Storskrald
END:VEVENT
BEGIN:VEVENT
UID:glas-1@affald.example.dk
DTSTAMP:20261101T000000Z
DTSTART;VALUE=DATE:20261125
SUMMARY:Glas og metal
END:VEVENT
BEGIN:VEVENT
UID:note-1@affald.example.dk
DTSTAMP:20261101T000000Z
DTSTART;VALUE=DATE:20261210
SUMMARY:Husk at sætte beholderen frem
END:VEVENT
END:VCALENDAR
""",
    AWAY.id: """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Affaldsselskabet//Tømmekalender//DA
BEGIN:VEVENT
UID:plast-1@affald.example.dk
DTSTAMP:20261101T000000Z
DTSTART:20261202T060000
SUMMARY:Plast
END:VEVENT
END:VCALENDAR
""",
}


def ical_handler(path: str, query: dict[str, str]) -> tuple[int, str, bytes]:
    address_id = path.removeprefix("/kalender/").removesuffix(".ics")
    if address_id not in FEEDS:
        return 404, "text/plain", b"no such feed"
    return 200, "text/calendar; charset=utf-8", FEEDS[address_id].replace("\n", "\r\n").encode()


def _csv(path: Path) -> Path:
    lines = ["adresse_id;fraktion;dato"]
    for address_id, pickups in DAYS.items():
        for p in pickups:
            name = {"rest_mad": "Restaffald og madaffald", "glas_metal": "Glas og metal"}.get(
                p.fraction, p.fraction
            )
            lines.append(f"{address_id};{name};{p.day.strftime('%d-%m-%Y')}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _tenant(db: Database) -> Tenant:
    with db.session() as session:
        return TenantRepository(session).upsert(
            tenant_from_dict({"slug": "aarhus", "name": "Aarhus", "municipality_code": "0751"})
        )


@dataclass
class Setup:
    schedule: PickupSchedule
    tenant: Tenant


@pytest.fixture(
    params=[
        "db-csv-sqlite",
        "db-csv-postgresql",
        "db-ical-sqlite",
        "db-ical-postgresql",
        "fake",
        "ical-feed",
    ]
)
def setup(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Setup]:
    kind = request.param
    tenant = Tenant(1, "aarhus", "Aarhus", "0751")
    if kind == "fake":
        yield Setup(FakePickupSchedule(DAYS), tenant)
        return
    if kind == "ical-feed":
        with serving(ical_handler) as server:
            yield Setup(IcalPickups(server.url + "/kalender/{address_id}.ics", timeout=0.5), tenant)
        return
    if kind.endswith("postgresql"):
        url = _fresh_postgres_database(request.getfixturevalue("postgres_server"))
    else:
        url = f"sqlite:///{tmp_path / 'muni.db'}"
    db = Database(url)
    db.migrate()
    tenant = _tenant(db)
    if kind.startswith("db-csv"):
        replace_pickups(db, tenant.id, read_csv(_csv(tmp_path / "days.csv")), "days.csv")
    else:
        for address_id, feed in FEEDS.items():
            replace_pickups(db, tenant.id, read_ical(feed, address_id, START), f"{address_id}.ics")
    yield Setup(PickupsDb(db), tenant)
    db.dispose()


class TestPickupScheduleContract:
    def test_the_next_day_of_each_fraction_soonest_first(self, setup: Setup) -> None:
        found = setup.schedule.next_pickups(setup.tenant, HOME, date(2026, 11, 28))
        assert found == [
            Pickup("rest_mad", date(2026, 12, 1)),
            Pickup("storskrald", date(2026, 12, 4)),
            Pickup("papir", date(2026, 12, 9)),
        ]

    def test_a_repeating_collection_moves_on(self, setup: Setup) -> None:
        found = setup.schedule.next_pickups(setup.tenant, HOME, date(2026, 12, 10))
        assert found == [Pickup("rest_mad", date(2026, 12, 15))]

    def test_the_day_itself_counts(self, setup: Setup) -> None:
        found = setup.schedule.next_pickups(setup.tenant, AWAY, date(2026, 12, 2))
        assert found == [Pickup("plast", date(2026, 12, 2))]

    def test_past_days_are_not_given(self, setup: Setup) -> None:
        assert setup.schedule.next_pickups(setup.tenant, AWAY, date(2026, 12, 3)) == []

    def test_an_unknown_address_has_no_days(self, setup: Setup) -> None:
        assert setup.schedule.next_pickups(setup.tenant, NOWHERE, date(2026, 11, 28)) == []


@pytest.fixture(params=["db", "fake", "ical-feed"])
def unreachable(request: pytest.FixtureRequest) -> PickupSchedule:
    if request.param == "fake":
        return FakePickupSchedule(DAYS, down=True)
    if request.param == "db":
        # nothing listens on the port: connecting fails at once
        return PickupsDb(Database("postgresql+psycopg://muni@127.0.0.1:9/muni", pool_timeout=2))
    return IcalPickups("http://127.0.0.1:9/{address_id}.ics", timeout=0.5)


@pytest.fixture
def feed() -> Iterator[tuple[LocalServer, IcalPickups]]:
    with serving(ical_handler) as server:
        yield server, IcalPickups(server.url + "/kalender/{address_id}.ics", timeout=0.5)


TENANT = Tenant(1, "aarhus", "Aarhus", "0751")


def test_down_raises_connector_unavailable(unreachable: PickupSchedule) -> None:
    with pytest.raises(ConnectorUnavailable):
        unreachable.next_pickups(TENANT, HOME, date(2026, 11, 28))


def test_a_slow_feed_raises_connector_unavailable(feed: tuple[LocalServer, IcalPickups]) -> None:
    server, schedule = feed
    server.delay = 1.5
    with pytest.raises(ConnectorUnavailable):
        schedule.next_pickups(TENANT, HOME, date(2026, 11, 28))


@pytest.mark.parametrize(
    ("status", "body"), [(500, b"error"), (200, b"<html>not a calendar</html>")]
)
def test_a_broken_feed_raises_connector_unavailable(
    feed: tuple[LocalServer, IcalPickups], status: int, body: bytes
) -> None:
    server, schedule = feed
    server.handler = lambda path, query: (status, "text/html", body)
    with pytest.raises(ConnectorUnavailable):
        schedule.next_pickups(TENANT, HOME, date(2026, 11, 28))
