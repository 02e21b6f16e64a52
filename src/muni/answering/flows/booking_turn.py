"""One message in the booking flow, and what all its steps share.

`BookingTurn` holds what a message of the flow works with: the question, the tenant's
booking setup and calendar, the clock, the booking_contacts store and the language to answer
in. It gives every step the same answer shape (`origin="flow"`, topic `tidsbestilling` or
the service's topic), the honest answer when the calendar is down (phone and booking page),
the page of free times as buttons ("Flere tider" for more), booking a time with a fresh code,
and the booked answer with what to bring and the .ics link.

A button's payload carries what it needs and is read back here: a time as "20261201T0915"
in UTC (`slot_token`, `button_time`), a page number (`page_number`), and the chosen time in
the flow's state as ISO text (`state_time`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from muni.answering.flows.base import FlowReply
from muni.booking.codes import new_code
from muni.booking.setup import BookingSetup, Location, Service
from muni.booking.slots import free_slots, is_bookable, utc
from muni.connectors.protocols import Calendar, ConnectorUnavailable, SlotTaken
from muni.connectors.values import Booking
from muni.domain import Answer, Language, Link, Question, QuickReply, Tenant
from muni.store.booking_contacts import BookingContacts
from muni.texts import say
from muni.texts.dates import long_time, short_time

PAGE = 6  # slot buttons at a time


class BookingTurn:
    """One message in the flow: the tenant's setup, calendar and language at hand."""

    def __init__(
        self,
        question: Question,
        setup: BookingSetup,
        calendar: Calendar,
        clock: Callable[[], datetime],
        contacts: BookingContacts | None,
        values: Callable[[Tenant, Language], dict[str, str]],
    ) -> None:
        self.question = question
        self.tenant = question.tenant
        self.setup = setup
        self.calendar = calendar
        self.clock = clock
        self.contacts = contacts
        # a pressed button ("Mon 30 Nov 10:00") keeps the conversation's language
        self.lang: Language = (
            question.context.language if question.flow_input else question.language
        )
        self.values = values(question.tenant, question.language)

    # --- answers --------------------------------------------------------------------------

    def reply(
        self,
        text: str,
        topic: str = "tidsbestilling",
        status: str = "answered",
        quick: tuple[QuickReply, ...] = (),
        links: tuple[Link, ...] = (),
        action: str | None = None,
    ) -> Answer:
        return Answer(
            text=text,
            origin="flow",
            status=status,
            topic=topic,
            quick_replies=quick,
            links=links,
            language=self.lang,
            action=action,
        )

    def start_again(self) -> FlowReply:
        """A button or state that no longer fits: ask the citizen to start over."""
        return FlowReply(self.reply(say("booking_start_again", self.lang)), None)

    def web_link(self) -> tuple[Link, ...]:
        url = self.values.get("url_tidsbestilling") or self.values.get("hjemmeside")
        return (Link(say("booking_web_link", self.lang), url),) if url else ()

    def phone(self) -> str:
        return (
            self.values.get("borgerservice_telefon") or self.values.get("kommune_telefon") or ""
        ).strip()

    def down(self, topic: str = "tidsbestilling") -> FlowReply:
        """The calendar did not answer: say so, and where else to book."""
        text = say("booking_down", self.lang, phone=self.phone() or "kommunen")
        return FlowReply(self.reply(text, topic, "unanswered", links=self.web_link()), None)

    def ics_link(self, code: str) -> Link:
        return Link(say("booking_ics_link", self.lang), ics_path(self.tenant, code))

    def describe(self, booking: Booking) -> dict[str, str]:
        service = self.setup.services.get(booking.service)
        location = self.setup.locations.get(booking.location)
        return {
            "service": service.title(self.lang) if service else booking.service,
            "when": long_time(booking.starts_at, self.lang),
            "place": location.place if location else booking.location,
            "location": location.name if location else booking.location,
        }

    def booked_answer(self, key: str, booking: Booking, service: Service | None) -> Answer:
        parts = [say(key, self.lang, code=booking.code, **self.describe(booking))]
        if service is not None and service.to_bring(self.lang):
            parts.append(say("booking_bring", self.lang, bring=service.to_bring(self.lang)))
        parts.append(say("booking_manage", self.lang, code=booking.code))
        topic = service.topic if service else "tidsbestilling"
        return self.reply("\n\n".join(parts), topic, links=(self.ics_link(booking.code),))

    # --- the free times -------------------------------------------------------------------

    def slots(
        self,
        service: Service,
        location: Location,
        page: int,
        moving: Booking | None = None,
        preface: str = "",
    ) -> FlowReply:
        """A page of the location's free times as buttons (for a new booking, or to move
        `moving` to), with "Flere tider" while there are more."""
        try:
            free = free_slots(self.calendar, self.tenant, self.setup, location, self.clock())
        except ConnectorUnavailable:
            return self.down(service.topic)
        if not free:
            text = say(
                "booking_no_slots",
                self.lang,
                service=service.title(self.lang),
                location=location.name,
                days=str(self.setup.horizon_days),
                phone=self.phone() or "kommunen",
            )
            text = f"{preface}\n\n{text}" if preface else text
            return FlowReply(
                self.reply(text, service.topic, "unanswered", links=self.web_link()), None
            )
        page = max(0, min(page, (len(free) - 1) // PAGE))
        shown = free[page * PAGE : (page + 1) * PAGE]
        if moving is not None:
            kind, key = "moveto", moving.code
            head = say(
                "booking_move_pick",
                self.lang,
                **{**self.describe(moving), "location": location.name},
            )
        else:
            kind, key = "slot", f"{service.slug}:{location.slug}"
            head = say(
                "booking_slots", self.lang, service=service.title(self.lang), location=location.name
            )
        buttons = [
            QuickReply(
                short_time(slot, self.lang),
                short_time(slot, self.lang),
                flow=f"booking:{kind}:{key}:{slot_token(slot)}",
            )
            for slot in shown
        ]
        if len(free) > (page + 1) * PAGE:
            more = say("booking_more", self.lang)
            target = f"move:{moving.code}" if moving is not None else key
            buttons.append(QuickReply(more, more, flow=f"booking:more:{target}:{page + 1}"))
        if moving is not None:
            keep = say("booking_keep", self.lang)
            buttons.append(QuickReply(keep, keep, flow="booking:keep"))
        text = f"{preface}\n\n{head}" if preface else head
        state: dict[str, Any] = {
            "step": "slot",
            "service": service.slug,
            "location": location.slug,
            "page": page,
        }
        if moving is not None:
            state["moving"] = moving.code
        return FlowReply(self.reply(text, service.topic, quick=tuple(buttons)), state)

    # --- the calendar ---------------------------------------------------------------------

    def find(self, code: str) -> Booking | None:
        return self.calendar.find(self.tenant, code.upper())

    def bookable(self, location: Location, slot: datetime) -> bool:
        """The slot is one of the location's and not in the past (a button pressed days
        later, or a made-up payload); whether it is still free, the calendar says."""
        return is_bookable(self.setup, self.tenant, location, slot, self.clock())

    def book(
        self, service: str, location: Location, slot: datetime, subject: str | None
    ) -> Booking:
        """Book the slot under a new code (SlotTaken: it is full; ConnectorUnavailable)."""
        ends = slot + timedelta(minutes=self.setup.slot_minutes)
        for attempt in range(5):
            booking = Booking(new_code(), service, location.slug, slot, ends, subject)
            try:
                return self.calendar.book(self.tenant, booking, location.capacity)
            except SlotTaken:
                raise
            except ValueError:  # the code was taken (one in a billion): draw another
                if attempt == 4:
                    raise ConnectorUnavailable("no free booking code") from None
        raise ConnectorUnavailable("no free booking code")


def ics_path(tenant: Tenant, code: str) -> str:
    """The booking's .ics file on this installation (the widget adds its own host)."""
    return f"/api/tenants/{tenant.slug}/bookings/{code}.ics"


def slot_token(slot: datetime) -> str:
    """A time in a button's payload: "20261201T0915" in UTC."""
    return utc(slot).strftime("%Y%m%dT%H%M")


def button_time(raw: str) -> datetime | None:
    """A button's time, "20261201T0915" in UTC."""
    try:
        return datetime.strptime(raw, "%Y%m%dT%H%M").replace(tzinfo=UTC)
    except ValueError:
        return None


def state_time(raw: Any) -> datetime | None:
    """The chosen time kept in the flow's state (ISO text)."""
    try:
        return utc(datetime.fromisoformat(str(raw)))
    except ValueError:
        return None


def page_number(raw: str) -> int:
    """A page of times from a payload or the state; 0 for anything else."""
    try:
        return max(0, int(raw))
    except ValueError:
        return 0
