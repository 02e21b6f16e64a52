"""An .ics file for a booking (RFC 5545, written with the `icalendar` library), for the
citizen's own calendar. Nothing personal: the service, the place and its address, the time,
what to bring, and the booking code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from muni.booking.setup import BookingSetup
from muni.booking.slots import utc
from muni.connectors.values import Booking
from muni.domain import Tenant
from muni.texts import say


def booking_ics(
    tenant: Tenant, setup: BookingSetup, booking: Booking, language: str = "da"
) -> bytes:
    lang = "en" if language == "en" else "da"
    service = setup.services.get(booking.service)
    location = setup.locations.get(booking.location)
    title = service.title(lang) if service else booking.service
    place = location.place if location else booking.location
    cal = Calendar()
    cal.add("prodid", "-//muni//booking//DA")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"{booking.code}-{tenant.slug}@muni")
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", utc(booking.starts_at))
    event.add("dtend", utc(booking.ends_at))
    event.add("summary", say("booking_ics_summary", lang, service=title, tenant=tenant.name))
    event.add("location", place)
    lines = [say("booking_ics_code", lang, code=booking.code)]
    if service and service.to_bring(lang):
        lines.append(say("booking_bring", lang, bring=service.to_bring(lang)))
    event.add("description", "\n".join(lines))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", title)
    alarm.add("trigger", timedelta(hours=-2))
    event.add_component(alarm)
    cal.add_component(event)
    return cal.to_ical()
