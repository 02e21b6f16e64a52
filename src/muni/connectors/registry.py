"""Which outside system each tenant uses for each connector, from the tenant's
`connectors:` setup in tenants/<slug>.yaml. Without a setup a tenant gets the embedded
implementation (works out of the box for the demo), or none where muni has no data.

    connectors:
      calendar: {kind: caldav, url: "https://cal.example.dk/", username: muni,
                 password_env: MUNI_CALDAV_PASSWORD}
      citizen_records: {kind: rest, url: "https://borgerdata.example.dk/api/"}
      addresses: {kind: dawa, url: "https://api.dataforsyningen.dk/"}
      pickups: {kind: ical, url_template: "https://affald.example.dk/kalender/{address_id}.ics"}
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from muni.connectors.protocols import AddressLookup, Calendar, CitizenRecords, PickupSchedule
from muni.domain import Tenant


def _none(tenant: Tenant) -> None:
    return None


@dataclass
class Connectors:
    """Each connector for a tenant, or None when the tenant has none of that kind."""

    calendar: Callable[[Tenant], Calendar | None] = _none
    records: Callable[[Tenant], CitizenRecords | None] = _none
    addresses: Callable[[Tenant], AddressLookup | None] = _none
    pickups: Callable[[Tenant], PickupSchedule | None] = _none
