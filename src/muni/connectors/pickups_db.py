"""The embedded PickupSchedule: waste collection days imported into muni's database
(pickup_dates, filled by `muni waste import` from CSV or iCalendar, and by the demo
calendars). A row's address_key is the address register's id, or a street and house-number
range ('street:vestergade:8000:1-99', waste/store.py) for calendars given per street. An
address's own days win over its street's."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.exc import SQLAlchemyError

from muni.addresses.match import normalise
from muni.connectors.protocols import ConnectorUnavailable
from muni.connectors.values import Address, Pickup
from muni.domain import Tenant
from muni.store.database import Database
from muni.store.tables import PickupDateRow

HORIZON_DAYS = 400


def _in_range(key: str, number: str) -> bool:
    bounds = key.rsplit(":", 1)[-1]
    first, _, last = bounds.partition("-")
    digits = re.match(r"\d+", number)
    if not digits or not first.isdigit() or not last.isdigit():
        return False
    return int(first) <= int(digits.group()) <= int(last)


def soonest(pickups: list[Pickup], after: date) -> list[Pickup]:
    """The first day on or after `after` of each fraction, soonest first."""
    first: dict[str, Pickup] = {}
    for pickup in sorted(pickups, key=lambda p: p.day):
        if pickup.day >= after:
            first.setdefault(pickup.fraction, pickup)
    return sorted(first.values(), key=lambda p: (p.day, p.fraction))


class PickupsDb:
    def __init__(self, db: Database) -> None:
        self.db = db

    def next_pickups(self, tenant: Tenant, address: Address, after: date) -> list[Pickup]:
        street = f"street:{normalise(address.street)}:{address.postcode}:"
        try:
            with self.db.read() as session:
                rows = session.execute(
                    select(
                        PickupDateRow.address_key, PickupDateRow.fraction, PickupDateRow.day
                    ).where(
                        PickupDateRow.tenant_id == tenant.id,
                        or_(
                            PickupDateRow.address_key == address.id,
                            PickupDateRow.address_key.startswith(street, autoescape=True),
                        ),
                        PickupDateRow.day >= after,
                        PickupDateRow.day < after + timedelta(days=HORIZON_DAYS),
                    )
                ).all()
        except SQLAlchemyError as exc:
            raise ConnectorUnavailable(f"pickup days: {type(exc).__name__}") from None
        own = [Pickup(fraction, day) for key, fraction, day in rows if key == address.id]
        if own:
            return soonest(own, after)
        return soonest(
            [
                Pickup(fraction, day)
                for key, fraction, day in rows
                if key != address.id and _in_range(key, address.number)
            ],
            after,
        )
