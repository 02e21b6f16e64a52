"""Name and phone for bookings on a real database: kept until the appointment plus the
tenant's `retention: {booking_contacts_days: N}` (default 30), moved with a moved booking,
deleted on cancel, and purged by `muni retention run`'s run_retention (dry runs keep them)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from muni.connectors.values import Contact
from muni.privacy.retention import run_retention
from muni.store.booking_contacts import BookingContacts, contact_days
from muni.store.tables import BookingContactRow, TenantRow
from muni.store.tenants import TenantRepository


@pytest.fixture
def db(runtime, tmp_path):  # type: ignore[no-untyped-def]
    from muni.bootstrap import ensure_initialised
    from muni.store.database import Database

    database = Database(f"sqlite:///{tmp_path / 'contacts.db'}")
    ensure_initialised(database, runtime.settings.content_dir, runtime.settings.tenants_dir)
    yield database
    database.dispose()


def _tenant(db, slug: str):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return TenantRepository(session).by_slug(slug)


def _deadline(db, code: str) -> datetime | None:  # type: ignore[no-untyped-def]
    with db.read() as session:
        found = session.scalar(
            select(BookingContactRow.delete_after).where(BookingContactRow.code == code)
        )
    return found.replace(tzinfo=found.tzinfo or UTC) if found else None


def test_contact_days_from_the_tenant() -> None:
    assert contact_days(None) == 30
    assert contact_days({"retention": {"booking_contacts_days": 14}}) == 14
    assert contact_days({"retention": {"booking_contacts_days": "x"}}) == 30
    assert contact_days({"retention": {"booking_contacts_days": 0}}) == 1


def test_kept_moved_forgotten_and_purged(db) -> None:  # type: ignore[no-untyped-def]
    aarhus, odense = _tenant(db, "aarhus"), _tenant(db, "odense")
    with db.session() as session:
        row = session.scalar(select(TenantRow).where(TenantRow.slug == "odense"))
        row.config = {**row.config, "retention": {"booking_contacts_days": 7}}
    contacts = BookingContacts(db)
    now = datetime.now(UTC)
    future = now + timedelta(days=3)
    contacts.save(aarhus, "AAAA22", Contact("Anna A", "11 22 33 44"), future)
    contacts.save(odense, "BBBB22", Contact("Bo B", "55 66 77 88"), future)
    assert _deadline(db, "AAAA22") == future + timedelta(days=30)
    assert _deadline(db, "BBBB22") == future + timedelta(days=7)
    assert contacts.of(aarhus, "AAAA22") == Contact("Anna A", "11 22 33 44")
    assert contacts.of(odense, "AAAA22") is None  # another tenant's booking

    later = future + timedelta(days=5)
    contacts.moved(aarhus, "AAAA22", "CCCC22", later)
    assert contacts.of(aarhus, "AAAA22") is None
    assert contacts.of(aarhus, "CCCC22") == Contact("Anna A", "11 22 33 44")
    assert _deadline(db, "CCCC22") == later + timedelta(days=30)

    contacts.save(aarhus, "DDDD22", Contact("Dan D", "99 88 77 66"), future)
    contacts.forget(aarhus, "DDDD22")
    assert contacts.of(aarhus, "DDDD22") is None

    run_retention(db, future + timedelta(days=8), 90, dry_run=True)
    assert contacts.of(odense, "BBBB22") is not None  # a dry run deletes nothing
    run_retention(db, future + timedelta(days=8), 90)
    assert contacts.of(odense, "BBBB22") is None  # 7 days after the appointment: gone
    assert contacts.of(aarhus, "CCCC22") is not None  # 30 days: kept
