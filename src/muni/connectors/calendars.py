"""Which Calendar each tenant books into, from its `connectors: {calendar: ...}` setup:

    calendar: {kind: embedded}            # the default: muni's own database
    calendar: {kind: caldav, url: "https://kalender.example.dk/dav/", username: muni,
               password_env: MUNI_CALDAV_PASSWORD, calendar: "borgerservice/", timeout: 5}

`calendar` is a path (relative to `url`) or a URL of the calendar collection, or a mapping
from location id to calendar for a calendar per location; `{tenant}` in it becomes the
tenant's slug. The password is read through Settings.connector_secret from the variable
`password_env` names, never from the tenant file. A tenant without a `booking:` section has
no calendar (None) whatever the setup says: there is nothing to book.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from muni.config import Settings
from muni.connectors.caldav_calendar import CalDavCalendar
from muni.connectors.calendar_db import DatabaseCalendar
from muni.connectors.protocols import Calendar
from muni.domain import Tenant
from muni.store.database import Database

KINDS = ("embedded", "caldav")


def caldav_from_setup(settings: Settings, setup: dict[str, Any]) -> CalDavCalendar:
    """A CalDAV calendar from a tenant's setup (raises ValueError when it is incomplete)."""
    url, calendar = setup.get("url"), setup.get("calendar")
    if not url or not calendar:
        raise ValueError("a caldav calendar needs `url` and `calendar`")
    if not isinstance(calendar, str | dict):
        raise ValueError("`calendar` is a path, a URL, or a mapping from location to either")
    password_env = setup.get("password_env")
    return CalDavCalendar(
        url=str(url),
        username=str(setup["username"]) if setup.get("username") else None,
        password=settings.connector_secret(str(password_env)) if password_env else None,
        calendar=calendar
        if isinstance(calendar, str)
        else {str(k): str(v) for k, v in calendar.items()},
        timeout=float(setup.get("timeout", 5.0)),
    )


def calendar_for(settings: Settings, db: Database) -> Callable[[Tenant], Calendar | None]:
    """The tenant → Calendar function for `Connectors(calendar=...)`; adapters are made once
    per tenant and setup, and made again when the setup changes."""
    embedded = DatabaseCalendar(db)
    adapters: dict[str, Calendar] = {}

    def calendar(tenant: Tenant) -> Calendar | None:
        if not tenant.booking:
            return None
        setup = (tenant.connectors or {}).get("calendar") or {}
        kind = str(setup.get("kind", "embedded"))
        if kind == "embedded":
            return embedded
        if kind != "caldav":
            raise ValueError(f"unknown calendar kind {kind!r} (one of {', '.join(KINDS)})")
        key = f"{tenant.id}|{json.dumps(setup, sort_keys=True, default=str)}"
        if key not in adapters:
            adapters[key] = caldav_from_setup(settings, setup)
        return adapters[key]

    return calendar
