"""Is the tenant's contact centre open at a given moment (Danish time, holidays included)?"""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from muni.domain import Tenant

DANISH_TIME = ZoneInfo("Europe/Copenhagen")
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _span(text: str) -> tuple[time, time] | None:
    try:
        start, end = text.split("-")
        opens = time.fromisoformat(start.strip())
        closes = (
            time(23, 59, 59) if end.strip() in ("24:00", "24") else time.fromisoformat(end.strip())
        )
    except ValueError:
        return None
    return opens, closes


def is_open(tenant: Tenant, moment: datetime) -> bool:
    local = moment.astimezone(DANISH_TIME)
    if local.date().isoformat() in tenant.holidays:
        return False
    hours = tenant.opening_hours.get(DAYS[local.weekday()])
    span = _span(hours) if hours else None
    return span is not None and span[0] <= local.time() <= span[1]
