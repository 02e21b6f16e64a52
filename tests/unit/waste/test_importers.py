"""Waste calendar imports: CSV per address and per street, iCalendar feeds with repeating
events, the fraction names waste companies use, and the demo rules expanded from today."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from muni.config import REPO_ROOT
from muni.connectors.pickups_db import PickupsDb
from muni.connectors.values import Address, Pickup
from muni.store.database import Database
from muni.store.tables import PickupDateRow
from muni.store.tenants import TenantRepository
from muni.tenancy import tenant_from_dict
from muni.waste.demo import ensure_demo_pickups, expand
from muni.waste.fractions import fractions_in
from muni.waste.import_csv import WasteImportError, read_csv
from muni.waste.import_ical import CalendarError, read_ical
from muni.waste.store import PickupRow, replace_pickups, street_key


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Restaffald og madaffald", ("rest_mad",)),
        ("Mad- og restaffald", ("rest_mad",)),
        ("Papir", ("papir",)),
        ("Papir/pap", ("papir",)),
        ("Plast", ("plast",)),
        ("Plast og mad- og drikkekartoner", ("plast",)),
        ("Madaffald", ("rest_mad",)),
        ("Glas og metal", ("glas_metal",)),
        ("Storskrald", ("storskrald",)),
        ("Haveaffald", ("haveaffald",)),
        ("glas_metal", ("glas_metal",)),
        ("Papir og plast", ("papir", "plast")),
        ("Husk at sætte beholderen frem", ()),
    ],
)
def test_fraction_names(name: str, expected: tuple[str, ...]) -> None:
    assert fractions_in(name) == expected


def test_csv_per_address(tmp_path: Path) -> None:
    path = tmp_path / "days.csv"
    path.write_text(
        "adresse_id;fraktion;dato\n"
        "abc;Restaffald og madaffald;01-12-2026\n"
        "abc;papir;2026-12-09\n"
        "def;Glas og metal;07.12.2026\n\n",
        encoding="utf-8",
    )
    assert read_csv(path) == [
        PickupRow("abc", "rest_mad", date(2026, 12, 1)),
        PickupRow("abc", "papir", date(2026, 12, 9)),
        PickupRow("def", "glas_metal", date(2026, 12, 7)),
    ]


def test_csv_per_street(tmp_path: Path) -> None:
    path = tmp_path / "days.csv"
    path.write_text(
        "vejnavn,husnr_fra,husnr_til,postnr,fraktion,dato\nVestergade,1,99,8000,Plast,2026-12-02\n",
        encoding="utf-8",
    )
    assert read_csv(path) == [PickupRow("street:vestergade:8000:1-99", "plast", date(2026, 12, 2))]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("a;b;c\n1;2;3\n", "kolonnerne"),
        ("adresse_id;fraktion;dato\nabc;brændstof;01-12-2026\n", "linje 2: ukendt fraktion"),
        ("adresse_id;fraktion;dato\nabc;papir;i morgen\n", "linje 2: datoen"),
        ("adresse_id;fraktion;dato\n;papir;01-12-2026\n", "adresse_id mangler"),
    ],
)
def test_csv_errors_say_which_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(WasteImportError, match=message):
        read_csv(path)


FEED = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Test//DA\r
BEGIN:VEVENT\r
UID:1@test\r
DTSTAMP:20261101T000000Z\r
DTSTART;VALUE=DATE:20261201\r
SUMMARY:Restaffald og madaffald\r
RRULE:FREQ=WEEKLY;INTERVAL=2\r
EXDATE;VALUE=DATE:20261229\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:2@test\r
DTSTAMP:20261101T000000Z\r
DTSTART:20261204T070000Z\r
SUMMARY:Storskrald\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_ical_feed_with_a_repeating_event() -> None:
    rows = read_ical(FEED, "abc", date(2026, 11, 28), days=50)
    assert rows == [
        PickupRow("abc", "rest_mad", date(2026, 12, 1)),
        PickupRow("abc", "storskrald", date(2026, 12, 4)),
        PickupRow("abc", "rest_mad", date(2026, 12, 15)),
        PickupRow("abc", "rest_mad", date(2027, 1, 12)),  # 29 December is left out
    ]


def test_not_a_calendar() -> None:
    with pytest.raises(CalendarError):
        read_ical(b"<html></html>", "abc", date(2026, 11, 28))


def test_demo_rules_expand_from_any_day() -> None:
    rules = [
        {
            "street": "Vestergade",
            "postcode": "8000",
            "numbers": "1-99",
            "fraction": "papir",
            "weekday": "tuesday",
            "every_weeks": 2,
        },
    ]
    for start in (date(2026, 11, 28), date(2027, 12, 20)):
        rows = expand(rules, start, days=60)
        assert rows and all(r.day.weekday() == 1 and r.day >= start for r in rows)
        gaps = {(b.day - a.day).days for a, b in zip(rows, rows[1:], strict=False)}
        assert gaps == {14}  # also across the new year
        assert rows[0].address_key == street_key("Vestergade", "8000", 1, 99)


@pytest.fixture
def db(tmp_path: Path):  # type: ignore[no-untyped-def]
    database = Database(f"sqlite:///{tmp_path / 'muni.db'}")
    database.migrate()
    yield database
    database.dispose()


def test_the_demo_calendars_never_run_out(db: Database) -> None:
    with db.session() as session:
        tenant = TenantRepository(session).upsert(
            tenant_from_dict(
                {"slug": "aarhus", "name": "Aarhus", "municipality_code": "0751", "demo": True}
            )
        )
        TenantRepository(session).upsert(  # a real municipality: no invented days
            tenant_from_dict({"slug": "odense", "name": "Odense", "municipality_code": "0461"})
        )
    tenants_dir = REPO_ROOT / "tenants"
    today = date(2026, 11, 28)
    assert ensure_demo_pickups(db, tenants_dir, today) > 100
    assert ensure_demo_pickups(db, tenants_dir, today) == 0  # still enough days
    later = today + timedelta(days=400)
    assert ensure_demo_pickups(db, tenants_dir, later) > 100  # rewritten from the new today
    home = Address("x", "Vestergade", "12", "8000", "Aarhus C", "0751")
    days = PickupsDb(db).next_pickups(tenant, home, later)
    fractions = {p.fraction for p in days}
    assert {"rest_mad", "papir", "plast", "glas_metal", "storskrald"} <= fractions
    assert all(later <= p.day < later + timedelta(days=60) for p in days)
    with db.read() as session:
        sources = set(session.scalars(select(PickupDateRow.tenant_id)))
    assert sources == {tenant.id}


def test_an_address_own_days_win_over_its_streets(db: Database) -> None:
    with db.session() as session:
        tenant = TenantRepository(session).upsert(
            tenant_from_dict({"slug": "a", "name": "A", "municipality_code": "0751"})
        )
    replace_pickups(
        db,
        tenant.id,
        [
            PickupRow(street_key("Vestergade", "8000", 1, 20), "papir", date(2026, 12, 2)),
            PickupRow(street_key("Vestergade", "8000", 21, 99), "papir", date(2026, 12, 3)),
            PickupRow("own-id", "plast", date(2026, 12, 4)),
        ],
        "test",
    )
    schedule = PickupsDb(db)
    at = date(2026, 11, 28)
    street = lambda n, i="x": Address(i, "vestergade", n, "8000", "Aarhus C")  # noqa: E731
    assert schedule.next_pickups(tenant, street("12"), at) == [Pickup("papir", date(2026, 12, 2))]
    assert schedule.next_pickups(tenant, street("21B"), at) == [Pickup("papir", date(2026, 12, 3))]
    assert schedule.next_pickups(tenant, street("12", "own-id"), at) == [
        Pickup("plast", date(2026, 12, 4))
    ]
    assert schedule.next_pickups(tenant, street("100"), at) == []
    # a new import replaces the days of the keys it brings
    replace_pickups(db, tenant.id, [PickupRow("own-id", "papir", date(2026, 12, 5))], "again")
    assert schedule.next_pickups(tenant, street("12", "own-id"), at) == [
        Pickup("papir", date(2026, 12, 5))
    ]
