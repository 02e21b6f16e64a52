"""Write imported pickup days to the pickup_dates table. An import replaces the days of
the address keys it brings (a new calendar for an address replaces the old one)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete

from muni.store.database import Database
from muni.store.tables import PickupDateRow


@dataclass(frozen=True, order=True)
class PickupRow:
    """One collection day of one fraction at an address key (an address id, or a street
    and house-number range: see street_key)."""

    address_key: str
    fraction: str
    day: date


def street_key(street: str, postcode: str, first: int, last: int) -> str:
    """The key of a house-number range on a street: 'street:vestergade:8000:1-99'."""
    from muni.addresses.match import normalise

    return f"street:{normalise(street)}:{postcode}:{first}-{last}"


def replace_pickups(db: Database, tenant_id: int, rows: Iterable[PickupRow], source: str) -> int:
    """Store the days (duplicates dropped), replacing earlier days of the same keys, and
    return how many were stored."""
    unique = sorted({(r.address_key, r.fraction, r.day) for r in rows})
    keys = sorted({key for key, _, _ in unique})
    with db.session() as session:
        for start in range(0, len(keys), 500):
            session.execute(
                delete(PickupDateRow).where(
                    PickupDateRow.tenant_id == tenant_id,
                    PickupDateRow.address_key.in_(keys[start : start + 500]),
                )
            )
        session.add_all(
            PickupDateRow(
                tenant_id=tenant_id, address_key=key, fraction=fraction, day=day, source=source
            )
            for key, fraction, day in unique
        )
    return len(unique)
