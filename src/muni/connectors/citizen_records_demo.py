"""Embedded CitizenRecords for the demo: made-up records from tenants/citizens/demo.yaml
(keyed by tenant slug and the login broker's subject) plus the bookings the citizen made in
the chat while logged in (the `bookings` table, `subject` = the citizen's pseudonym)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy import select

from muni.connectors.values import Appointment, Case, Citizen, CitizenOverview, Payment
from muni.domain import Tenant
from muni.store.database import Database
from muni.store.tables import BookingRow

LOCAL = ZoneInfo("Europe/Copenhagen")


def load_demo_records(path: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """tenant slug → broker subject → raw records; empty when the file is missing."""
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(slug): dict(people or {}) for slug, people in data.items()}


def _day(value: Any, today: date) -> date:
    if value == "first_of_next_month":
        return (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def overview_of(raw: dict[str, Any], now: datetime) -> CitizenOverview:
    """Records in the demo file's shape, with relative dates resolved against `now`."""
    today = now.astimezone(LOCAL).date()
    appointments = []
    for item in raw.get("appointments") or ():
        if "starts_at" in item:
            starts = datetime.fromisoformat(str(item["starts_at"]))
        else:
            at = time.fromisoformat(str(item.get("at", "10:00")))
            day = today + timedelta(days=int(item.get("in_days", 1)))
            starts = datetime.combine(day, at, LOCAL)
        appointments.append(
            Appointment(
                str(item["what"]), starts, str(item.get("place", "")), str(item.get("code", ""))
            )
        )
    cases = tuple(
        Case(
            title=str(item["title"]),
            topic=str(item.get("topic", "")),
            status=str(item["status"]),
            updated=today - timedelta(days=int(item["days_ago"]))
            if "days_ago" in item
            else (_day(item["updated"], today) if item.get("updated") else None),
            next_step=str(item.get("next_step", "")),
        )
        for item in raw.get("cases") or ()
    )
    payments = tuple(
        Payment(str(item["what"]), _day(item["day"], today), str(item.get("amount", "")))
        for item in raw.get("payments") or ()
    )
    return CitizenOverview(tuple(appointments), cases, payments)


class DemoCitizenRecords:
    """The demo file's records and the citizen's own chat bookings."""

    def __init__(
        self,
        records: dict[str, dict[str, dict[str, Any]]],
        db: Database | None,
        clock: Callable[[], datetime],
    ) -> None:
        self.records = records
        self.db = db
        self.clock = clock

    def overview(self, tenant: Tenant, citizen: Citizen) -> CitizenOverview:
        raw = self.records.get(tenant.slug, {}).get(citizen.subject) or {}
        found = overview_of(raw, self.clock())
        booked = self._bookings(tenant, citizen)
        if not booked:
            return found
        appointments = tuple(sorted(found.appointments + booked, key=lambda a: a.starts_at))
        return CitizenOverview(appointments, found.cases, found.payments)

    def _bookings(self, tenant: Tenant, citizen: Citizen) -> tuple[Appointment, ...]:
        if self.db is None:
            return ()
        with self.db.read() as session:
            rows = session.scalars(
                select(BookingRow)
                .where(BookingRow.tenant_id == tenant.id, BookingRow.subject == citizen.pseudonym)
                .order_by(BookingRow.starts_at)
            ).all()
        services = tenant.booking.get("services") or {}
        locations = tenant.booking.get("locations") or {}
        out = []
        for row in rows:
            service = services.get(row.service) or {}
            location = locations.get(row.location) or {}
            place = ", ".join(
                str(p) for p in (location.get("name", row.location), location.get("address")) if p
            )
            starts = row.starts_at if row.starts_at.tzinfo else row.starts_at.replace(tzinfo=UTC)
            out.append(Appointment(str(service.get("name", row.service)), starts, place, row.code))
        return tuple(out)
