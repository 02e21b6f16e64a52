"""Name and phone for a booking, typed into the chat's booking form: kept here and nowhere
else (not in turns, the conversation's context or a log), keyed by the tenant and the
booking's code, and deleted after `delete_after`: the appointment's end plus the tenant's
`retention: {booking_contacts_days: N}` (default 30). `muni retention run` and the daily
purge job delete what is past it (privacy/retention.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select

from muni.connectors.values import Contact
from muni.domain import Tenant
from muni.store.database import Database
from muni.store.tables import BookingContactRow, TenantRow

DEFAULT_DAYS = 30


def contact_days(config: dict[str, Any] | None, default: int = DEFAULT_DAYS) -> int:
    """How many days after the appointment its contact is kept (at least 1)."""
    raw = ((config or {}).get("retention") or {}).get("booking_contacts_days")
    try:
        days = int(raw) if raw is not None else default
    except (TypeError, ValueError):
        days = default
    return max(1, days)


class BookingContacts:
    def __init__(self, db: Database) -> None:
        self.db = db

    def _days(self, tenant: Tenant) -> int:
        with self.db.read() as session:
            config = session.scalar(select(TenantRow.config).where(TenantRow.id == tenant.id))
        return contact_days(config)

    def save(self, tenant: Tenant, code: str, contact: Contact, ends_at: datetime) -> None:
        """Keep the contact for the booking `code` until its end plus the retention."""
        delete_after = ends_at + timedelta(days=self._days(tenant))
        with self.db.session() as session:
            session.execute(
                delete(BookingContactRow).where(
                    BookingContactRow.tenant_id == tenant.id, BookingContactRow.code == code
                )
            )
            session.add(
                BookingContactRow(
                    tenant_id=tenant.id,
                    code=code,
                    name=contact.name.strip()[:200],
                    phone=contact.phone.strip()[:50],
                    delete_after=delete_after,
                )
            )

    def moved(self, tenant: Tenant, old: str, new: str, ends_at: datetime) -> None:
        """The booking `old` became `new`: the contact follows it, with a new deadline."""
        delete_after = ends_at + timedelta(days=self._days(tenant))
        with self.db.session() as session:
            row = session.scalar(
                select(BookingContactRow).where(
                    BookingContactRow.tenant_id == tenant.id, BookingContactRow.code == old
                )
            )
            if row is not None:
                row.code = new
                row.delete_after = delete_after

    def forget(self, tenant: Tenant, code: str) -> None:
        """The booking was cancelled: its contact goes at once."""
        with self.db.session() as session:
            session.execute(
                delete(BookingContactRow).where(
                    BookingContactRow.tenant_id == tenant.id, BookingContactRow.code == code
                )
            )

    def of(self, tenant: Tenant, code: str) -> Contact | None:
        """The contact for a booking (for the staff who phone the citizen)."""
        with self.db.read() as session:
            row = session.scalar(
                select(BookingContactRow).where(
                    BookingContactRow.tenant_id == tenant.id, BookingContactRow.code == code
                )
            )
            return Contact(row.name, row.phone) if row is not None else None


def purge_expired_contacts(
    db: Database, now: datetime, tenant_ids: Iterable[int] | None = None
) -> int:
    """Delete every contact past its `delete_after` (of these tenants); the count."""
    query = delete(BookingContactRow).where(BookingContactRow.delete_after < now)
    if tenant_ids is not None:
        query = query.where(BookingContactRow.tenant_id.in_(list(tenant_ids)))
    with db.session() as session:
        return int(session.execute(query).rowcount or 0)
