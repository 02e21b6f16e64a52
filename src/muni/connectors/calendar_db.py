"""The embedded calendar: bookings in muni's own database (table `bookings`), so booking
works out of the box without a calendar server.

Double booking is prevented by the database, not by a read-then-write check: a slot with
capacity n has seats 0..n-1 and (tenant, location, starts_at, seat) is unique. `book()` reads
which seats are free, then tries them in turn, each INSERT in a transaction of its own (a
failed INSERT aborts a PostgreSQL transaction, so attempts never share one); the first INSERT
that succeeds holds the place, and when every free seat raises IntegrityError (another client
took it meanwhile), or none was free, the slot is full (SlotTaken). Any number of concurrent
clients, in any number of processes, can therefore never overfill a slot.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from muni.connectors.protocols import ConnectorUnavailable, SlotTaken
from muni.connectors.values import Booking
from muni.domain import Tenant
from muni.store.database import Database
from muni.store.tables import BookingRow


class CodeTaken(ValueError):
    """The tenant already has a booking with this code: the caller draws a new code."""


def utc(moment: datetime) -> datetime:
    """The moment in UTC; SQLite hands back naive datetimes, which muni writes in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _booking(row: BookingRow) -> Booking:
    return Booking(
        code=row.code,
        service=row.service,
        location=row.location,
        starts_at=utc(row.starts_at),
        ends_at=utc(row.ends_at),
        subject=row.subject,
    )


class DatabaseCalendar:
    """Bookings in muni's database, scoped to the tenant passed with every call. A database
    that cannot be reached (connection refused, pool exhausted) raises ConnectorUnavailable."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def booked(
        self, tenant: Tenant, location: str, start: datetime, end: datetime
    ) -> list[Booking]:
        """Bookings at `location` that start in [start, end), earliest first."""
        try:
            with self.db.read() as session:
                rows = session.scalars(
                    select(BookingRow)
                    .where(
                        BookingRow.tenant_id == tenant.id,
                        BookingRow.location == location,
                        BookingRow.starts_at >= utc(start),
                        BookingRow.starts_at < utc(end),
                    )
                    .order_by(BookingRow.starts_at, BookingRow.seat)
                ).all()
        except (OperationalError, PoolTimeout) as exc:
            raise ConnectorUnavailable("the booking database is unavailable") from exc
        return [_booking(row) for row in rows]

    def book(
        self,
        tenant: Tenant,
        booking: Booking,
        capacity: int,
        conversation_id: str | None = None,
    ) -> Booking:
        """Take the first free seat of the slot (see the module docstring); raises SlotTaken
        when all `capacity` seats are taken and CodeTaken when the code is in use.
        `conversation_id` (optional, beyond the Calendar protocol) links the booking to the
        chat it was made in."""
        try:
            for seat in self._seats_to_try(tenant, booking, capacity):
                try:
                    self._insert(tenant, booking, seat, conversation_id)
                    return booking
                except IntegrityError:
                    if self.find(tenant, booking.code) is not None:
                        raise CodeTaken("a booking with this code exists") from None
        except (OperationalError, PoolTimeout) as exc:
            raise ConnectorUnavailable("the booking database is unavailable") from exc
        raise SlotTaken(utc(booking.starts_at).isoformat())

    def _seats_to_try(self, tenant: Tenant, booking: Booking, capacity: int) -> list[int]:
        """The slot's seats that were free a moment ago (none: the slot is full). Another
        client may take one meanwhile: the INSERT decides, not this read."""
        with self.db.read() as session:
            taken = set(
                session.scalars(
                    select(BookingRow.seat).where(
                        BookingRow.tenant_id == tenant.id,
                        BookingRow.location == booking.location,
                        BookingRow.starts_at == utc(booking.starts_at),
                    )
                )
            )
        return [seat for seat in range(max(capacity, 0)) if seat not in taken]

    def _insert(
        self, tenant: Tenant, booking: Booking, seat: int, conversation_id: str | None
    ) -> None:
        with self.db.session() as session:
            session.connection()  # check out before waiting for the writer lock
            with self.db.writer():
                session.add(
                    BookingRow(
                        tenant_id=tenant.id,
                        code=booking.code,
                        service=booking.service,
                        location=booking.location,
                        starts_at=utc(booking.starts_at),
                        ends_at=utc(booking.ends_at),
                        seat=seat,
                        subject=booking.subject,
                        conversation_id=conversation_id[:32] if conversation_id else None,
                    )
                )
                session.commit()

    def find(self, tenant: Tenant, code: str) -> Booking | None:
        try:
            with self.db.read() as session:
                row = session.scalars(
                    select(BookingRow).where(
                        BookingRow.tenant_id == tenant.id, BookingRow.code == code
                    )
                ).first()
        except (OperationalError, PoolTimeout) as exc:
            raise ConnectorUnavailable("the booking database is unavailable") from exc
        return _booking(row) if row is not None else None

    def cancel(self, tenant: Tenant, code: str) -> bool:
        """Delete the booking; False when there is none. (Its contact row, keyed by the
        code, is the booking flow's to delete.)"""
        try:
            with self.db.session() as session:
                session.connection()
                with self.db.writer():
                    result = session.execute(
                        delete(BookingRow).where(
                            BookingRow.tenant_id == tenant.id, BookingRow.code == code
                        )
                    )
                    session.commit()
        except (OperationalError, PoolTimeout) as exc:
            raise ConnectorUnavailable("the booking database is unavailable") from exc
        return bool(result.rowcount)  # type: ignore[attr-defined]
