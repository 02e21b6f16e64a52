"""Read waste collection days from an iCalendar feed (.ics) as waste companies publish
them: one feed per address, one event per collection ("Restaffald og madaffald", "Papir",
"Plast", "Glas og metal", "Storskrald"), often as a repeating event (RRULE). Parsed with
`icalendar`; repetitions are expanded with `recurring-ical-events` within a window."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import icalendar
import recurring_ical_events

from muni.waste.fractions import fractions_in
from muni.waste.store import PickupRow


class CalendarError(ValueError):
    """The feed is not an iCalendar file."""


def read_ical(data: bytes | str, address_key: str, start: date, days: int = 400) -> list[PickupRow]:
    """The collection days in the feed from `start` for `days` days; events whose name
    is no known fraction are skipped."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as exc:
        raise CalendarError(f"not an iCalendar file: {type(exc).__name__}") from None
    end = start + timedelta(days=days)
    rows: list[PickupRow] = []
    for event in recurring_ical_events.of(calendar).between(start, end):
        when = event.get("DTSTART")
        if when is None:
            continue
        day = when.dt.date() if isinstance(when.dt, datetime) else when.dt
        for fraction in fractions_in(str(event.get("SUMMARY", ""))):
            rows.append(PickupRow(address_key, fraction, day))
    return sorted(set(rows), key=lambda r: (r.day, r.fraction))
