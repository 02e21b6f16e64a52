"""The .ics file of a booking: valid iCalendar, the right time in UTC, place with address,
what to bring and the code, and nothing about the citizen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar

from muni.booking.ics import booking_ics
from muni.booking.setup import parse_setup
from muni.connectors.values import Booking
from tests.unit.booking.helpers import SETUP, tenant


def test_the_ics_file_of_a_booking() -> None:
    setup = parse_setup(SETUP)
    assert setup is not None
    start = datetime(2026, 12, 1, 9, 15, tzinfo=UTC)
    booking = Booking("K4M29X", "pas", "dokk1", start, start + timedelta(minutes=15), "pseudo-9")
    calendar = icalendar.Calendar.from_ical(booking_ics(tenant(), setup, booking))
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == start and event.decoded("dtend") == start + timedelta(
        minutes=15
    )
    assert str(event["summary"]) == "Pas, Aarhus Kommune"
    assert str(event["location"]) == "Borgerservice Dokk1, Hack Kampmanns Plads 2, 8000 Aarhus C"
    description = str(event["description"])
    assert "K4M29X" in description and "Dit gamle pas" in description
    assert "pseudo-9" not in calendar.to_ical().decode()
    assert calendar.walk("VALARM")  # a reminder before the appointment
    english = icalendar.Calendar.from_ical(booking_ics(tenant(), setup, booking, "en"))
    assert str(english.walk("VEVENT")[0]["summary"]) == "Passport, Aarhus Kommune"
