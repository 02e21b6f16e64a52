"""A PickupSchedule read live from a waste company's iCalendar feed per address:
`url_template` holds {address_id} (the address register's id), e.g.
https://affald.example.dk/kalender/{address_id}.ics. Parsed like an imported feed
(waste/import_ical.py). A timeout or an error status raises ConnectorUnavailable; a feed
that does not exist (404) means no days for that address."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

import httpx

from muni.connectors.pickups_db import soonest
from muni.connectors.protocols import ConnectorUnavailable
from muni.connectors.values import Address, Pickup
from muni.domain import Tenant
from muni.waste.import_ical import CalendarError, read_ical


class IcalPickups:
    def __init__(self, url_template: str, timeout: float = 4.0) -> None:
        if "{address_id}" not in url_template:
            raise ValueError("url_template needs {address_id}")
        self.url_template = url_template
        self.timeout = timeout

    def next_pickups(self, tenant: Tenant, address: Address, after: date) -> list[Pickup]:
        url = self.url_template.replace("{address_id}", quote(address.id, safe=""))
        try:
            response = httpx.get(url, timeout=self.timeout, follow_redirects=True)
            if response.status_code == 404:
                return []
            response.raise_for_status()
            rows = read_ical(response.content, address.id, after)
        except httpx.HTTPError as exc:
            raise ConnectorUnavailable(f"pickup feed: {type(exc).__name__}") from None
        except CalendarError:
            raise ConnectorUnavailable("pickup feed: not an iCalendar file") from None
        return soonest([Pickup(r.fraction, r.day) for r in rows], after)
