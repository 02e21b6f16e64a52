"""Is the tenant's contact centre open at a given moment (Danish time, holidays included)?"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from muni.domain import Language, Tenant

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


def next_opening(tenant: Tenant, moment: datetime, days: int = 14) -> datetime | None:
    """When the contact centre opens next after `moment` (Danish time), within `days`."""
    local = moment.astimezone(DANISH_TIME)
    for ahead in range(days + 1):
        day = local.date() + timedelta(days=ahead)
        if day.isoformat() in tenant.holidays:
            continue
        hours = tenant.opening_hours.get(DAYS[day.weekday()])
        span = _span(hours) if hours else None
        if span is None:
            continue
        opens = datetime.combine(day, span[0], tzinfo=DANISH_TIME)
        if opens > local:
            return opens
    return None


def closed_text(tenant: Tenant, moment: datetime, language: Language) -> str:
    """ "Vi har lukket nu. Du kan bede om at blive ringet op." and when it opens again."""
    from muni.texts import say

    words = say("live_closed_now", language)
    opens = next_opening(tenant, moment)
    if opens is None:
        return words
    local_day = moment.astimezone(DANISH_TIME).date()
    time_text = f"{opens.hour:02d}.{opens.minute:02d}"
    if language == "en":
        time_text = f"{opens.hour:02d}:{opens.minute:02d}"
    if opens.date() == local_day:
        then = say("live_opens_today", language, time=time_text)
    elif opens.date() == local_day + timedelta(days=1):
        then = say("live_opens_tomorrow", language, time=time_text)
    else:
        day = say(f"live_day_{opens.weekday()}", language)
        then = say("live_opens_day", language, day=day, time=time_text)
    return f"{words} {then}"
