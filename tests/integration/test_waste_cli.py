"""`muni waste import` as a user runs it: a CSV file and an iCalendar feed go into the
database and answer the pickup schedule; bad files are refused with a clear message."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from muni.connectors.pickups_db import PickupsDb
from muni.connectors.values import Address
from muni.store.database import Database
from muni.store.tenants import TenantRepository
from tests.integration.test_cli import muni

pytestmark = pytest.mark.slow


def test_import_csv_and_ical_then_read_them_back(tmp_path: Path) -> None:
    soon = date.today() + timedelta(days=3)
    later = date.today() + timedelta(days=10)
    days = tmp_path / "days.csv"
    days.write_text(
        f"adresse_id;fraktion;dato\nimp-1;Restaffald og madaffald;{soon.isoformat()}\n",
        encoding="utf-8",
    )
    result = muni("waste", "import", "--tenant", "aarhus", str(days), data_dir=tmp_path)
    assert "Indlæste 1 tømningsdage for 1 adresser/veje i aarhus" in result.stderr
    feed = tmp_path / "imp-2.ics"
    feed.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//T//DA\r\nBEGIN:VEVENT\r\nUID:1@t\r\n"
        f"DTSTAMP:20261101T000000Z\r\nDTSTART;VALUE=DATE:{later:%Y%m%d}\r\n"
        "SUMMARY:Glas og metal\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    muni(
        "waste",
        "import",
        "--tenant",
        "aarhus",
        str(feed),
        "--address-id",
        "imp-2",
        data_dir=tmp_path,
    )
    db = Database(f"sqlite:///{tmp_path / 'muni.db'}")
    with db.session() as session:
        tenant = TenantRepository(session).by_slug("aarhus")
    schedule = PickupsDb(db)
    one = Address("imp-1", "Bakkevej", "7", "8000", "Aarhus C")
    two = Address("imp-2", "Bakkevej", "9", "8000", "Aarhus C")
    assert [(p.fraction, p.day) for p in schedule.next_pickups(tenant, one, date.today())] == [
        ("rest_mad", soon)
    ]
    assert [(p.fraction, p.day) for p in schedule.next_pickups(tenant, two, date.today())] == [
        ("glas_metal", later)
    ]
    db.dispose()


@pytest.mark.parametrize(
    ("name", "content", "extra", "message"),
    [
        ("x.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", [], "--address-id"),
        ("x.csv", "a;b\n1;2\n", [], "kolonnerne skal være"),
        ("x.txt", "hej", [], ".csv eller .ics"),
        ("x.csv", "adresse_id;fraktion;dato\nabc;papir;31-02-2026\n", [], "linje 2"),
    ],
)
def test_bad_files_are_refused_clearly(
    tmp_path: Path, name: str, content: str, extra: list[str], message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = muni(
        "waste", "import", "--tenant", "aarhus", str(path), *extra, data_dir=tmp_path, check=False
    )
    assert result.returncode == 2
    assert message in result.stderr


def test_an_unknown_tenant(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("adresse_id;fraktion;dato\nabc;papir;01-12-2026\n", encoding="utf-8")
    result = muni(
        "waste", "import", "--tenant", "atlantis", str(path), data_dir=tmp_path, check=False
    )
    assert result.returncode == 2 and "ukendt kommune: atlantis" in result.stderr
