"""Booking an appointment in the chat, and cancelling or moving it by its code.

    "jeg skal bestille tid til pas" → the place (buttons; skipped when there is one) → the next
    free times (6 buttons, "Flere tider" for more) → a summary and the name/phone form
    (`action="book_contact"`; its submit sends flow "booking:confirm" with the contact) → the
    booking through the tenant's calendar → the code, time, place, what to bring, a link to the
    .ics file, and how to cancel or move it.

    "aflys min tid K4M29X" / "jeg vil flytte min tid" (asks for the code) → confirm → cancelled,
    or a new time (booked first, then the old one cancelled; the code changes).

Only a citizen who wants to DO it starts the flow ("book tid", "jeg skal bestille tid til
pas", "kan jeg booke en tid til kørekort"); a question ABOUT booking ("hvor langt frem kan man
bestille tid?", "hvad skal jeg medbringe til pas?") keeps its curated answer. A tenant without
a `booking:` setup or without a calendar never starts it.

Every button's payload carries what it needs ("booking:slot:pas:dokk1:<iso>"), so a button
pressed after the citizen asked about something else still works. The name and phone number
arrive in `Question.contact` on the confirming message only and go straight to
`store/booking_contacts.py`: never into the answer, the flow state, a log or an exception.

Here: the flow's steps and booking a new time. Beside it: `booking_requests.py` (what the
citizen writes), `booking_turn.py` (what every step shares: answers, free times, the calendar)
and `booking_changes.py` (cancelling and moving by code).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from muni.answering.flows.base import FlowReply
from muni.answering.flows.booking_changes import cancel, lost_code, manage, move
from muni.answering.flows.booking_requests import (
    forgot_code,
    looks_like_code,
    names_other_service,
    service_named,
    stops,
    valid_contact,
    wants_more,
    wants_to_book,
    wants_to_manage,
)
from muni.answering.flows.booking_turn import BookingTurn, button_time, page_number, state_time
from muni.answering.state import TurnState
from muni.booking.codes import find_code
from muni.booking.setup import BookingSetup, BookingSetupError, Location, Service, setup_of
from muni.booking.slots import utc
from muni.connectors.protocols import Calendar, ConnectorUnavailable, SlotTaken
from muni.connectors.registry import Connectors
from muni.domain import Language, Question, QuickReply, Tenant
from muni.nlu.normalize import normalize
from muni.store.booking_contacts import BookingContacts
from muni.texts import say
from muni.texts.dates import long_time

log = logging.getLogger(__name__)


class BookingFlow:
    """The booking flow (see the module docstring)."""

    name = "booking"

    def __init__(
        self,
        connectors: Connectors,
        clock: Callable[[], datetime],
        contacts: BookingContacts | None,
        values: Callable[[Tenant, Language], dict[str, str]] | None = None,
    ) -> None:
        self.connectors = connectors
        self.clock = clock
        self.contacts = contacts
        self.values = values or (lambda tenant, language: dict(tenant.variables))

    # --- the Flow protocol ----------------------------------------------------------------

    def start(self, question: Question, state: TurnState) -> FlowReply | None:
        button = (question.flow_input or "").startswith("booking:")
        manage_intent = None
        if not button:
            if question.sub_hint:  # a curated button that names its sub-answer leads there
                return None
            if forgot_code(question.text):
                ready = self._ready(question.tenant)
                return lost_code(self._turn(question, *ready)) if ready else None
            manage_intent = wants_to_manage(question.text)
            if manage_intent is None and not wants_to_book(question.text):
                return None  # most messages stop here, before any setup or calendar
        ready = self._ready(question.tenant)
        if ready is None:
            return None
        turn = self._turn(question, *ready)
        if button:
            return pressed(turn, question.flow_input or "", {})
        if manage_intent is not None:
            return manage(turn, manage_intent, find_code(question.text))
        return begin(turn)

    def proceed(
        self, question: Question, state: TurnState, flow: dict[str, Any]
    ) -> FlowReply | None:
        ready = self._ready(question.tenant)
        if ready is None:
            return None
        turn = self._turn(question, *ready)
        if (question.flow_input or "").startswith("booking:"):
            return pressed(turn, question.flow_input or "", flow)
        manage_intent = wants_to_manage(question.text)
        if manage_intent is not None:  # "annuller min tid K4M29X" is not "annuller" (stop)
            return manage(turn, manage_intent, find_code(question.text))
        text = normalize(question.text)
        if stops(text):
            return FlowReply(turn.reply(say("booking_stopped", turn.lang)), None)
        return typed(turn, text, flow)

    def _ready(self, tenant: Tenant) -> tuple[BookingSetup, Calendar] | None:
        try:
            setup = setup_of(tenant)
        except BookingSetupError as error:
            log.warning("booking setup of %s is wrong: %s", tenant.slug, error)
            return None
        if setup is None:
            return None
        calendar = self.connectors.calendar(tenant)
        return (setup, calendar) if calendar is not None else None

    def _turn(self, question: Question, setup: BookingSetup, calendar: Calendar) -> BookingTurn:
        return BookingTurn(question, setup, calendar, self.clock, self.contacts, self.values)


# --- starting -----------------------------------------------------------------------------
def begin(turn: BookingTurn) -> FlowReply:
    """A request to book: the service it names, or the one the conversation is about, or
    buttons for the services the tenant books in the chat."""
    service = service_named(turn.setup, turn.question.text)
    if service is not None:
        return pick_location(turn, service)
    if names_other_service(turn.question.text):
        names = ", ".join(s.title(turn.lang) for s in turn.setup.services.values())
        text = say("booking_unknown_service", turn.lang, services=names)
        return FlowReply(
            turn.reply(text, quick=service_buttons(turn), links=turn.web_link()),
            {"step": "service"},
        )
    earlier = turn.question.context.topic  # "Bestil tid" under the answer about pas
    for candidate in turn.setup.services.values():
        if earlier and candidate.topic == earlier:
            return pick_location(turn, candidate)
    names = ", ".join(s.title(turn.lang) for s in turn.setup.services.values())
    text = say("booking_pick_service", turn.lang, services=names)
    return FlowReply(
        turn.reply(text, quick=service_buttons(turn), links=turn.web_link()),
        {"step": "service"},
    )


def service_buttons(turn: BookingTurn) -> tuple[QuickReply, ...]:
    return tuple(
        QuickReply(s.title(turn.lang), s.title(turn.lang), flow=f"booking:service:{s.slug}")
        for s in turn.setup.services.values()
    )


def pick_location(turn: BookingTurn, service: Service) -> FlowReply:
    places = turn.setup.locations_for(service.slug)
    if len(places) == 1:
        return turn.slots(service, places[0], 0)
    buttons = tuple(
        QuickReply(p.name, p.name, flow=f"booking:location:{service.slug}:{p.slug}") for p in places
    )
    text = say("booking_pick_location", turn.lang)
    return FlowReply(
        turn.reply(text, service.topic, quick=buttons),
        {"step": "location", "service": service.slug},
    )


# --- buttons ------------------------------------------------------------------------------
def pressed(turn: BookingTurn, payload: str, flow: dict[str, Any]) -> FlowReply:
    """A button of the flow was pressed; its payload says what to do."""
    parts = payload.split(":")
    kind = parts[1] if len(parts) > 1 else ""
    service = turn.setup.services.get(parts[2]) if len(parts) > 2 else None
    location = turn.setup.locations.get(parts[3]) if len(parts) > 3 else None
    if kind == "service" and service is not None:
        return pick_location(turn, service)
    if kind == "location" and service is not None and location is not None:
        return turn.slots(service, location, 0)
    if kind == "more" and len(parts) == 5 and parts[2] == "move":
        return manage(turn, "move", parts[3], page=page_number(parts[4]))
    if kind == "more" and service is not None and location is not None and len(parts) == 5:
        return turn.slots(service, location, page_number(parts[4]))
    if kind == "slot" and service is not None and location is not None and len(parts) == 5:
        return chosen(turn, service, location, button_time(parts[4]))
    if kind == "confirm":
        return confirm(turn, flow)
    if kind == "cancel" and len(parts) == 3:
        return cancel(turn, parts[2])
    if kind == "moveto" and len(parts) == 4:
        return move(turn, parts[2], button_time(parts[3]))
    if kind == "keep":
        return FlowReply(turn.reply(say("booking_kept", turn.lang)), None)
    return turn.start_again()


# --- booking a new time -------------------------------------------------------------------
def chosen(
    turn: BookingTurn, service: Service, location: Location, slot: datetime | None
) -> FlowReply:
    """A time was pressed: show the summary and the name/phone form."""
    if slot is None or not turn.bookable(location, slot):
        return turn.slots(service, location, 0, preface=say("booking_taken", turn.lang))
    text = say(
        "booking_summary",
        turn.lang,
        service=service.title(turn.lang),
        when=long_time(slot, turn.lang),
        place=location.place,
    )
    state = {
        "step": "confirm",
        "service": service.slug,
        "location": location.slug,
        "slot": utc(slot).isoformat(),
    }
    return FlowReply(turn.reply(text, service.topic, action="book_contact"), state)


def confirm(turn: BookingTurn, flow: dict[str, Any]) -> FlowReply:
    """The booking form was sent: book the chosen time and keep the contact apart."""
    service = turn.setup.services.get(str(flow.get("service")))
    location = turn.setup.locations.get(str(flow.get("location")))
    slot = state_time(flow.get("slot"))
    if flow.get("step") != "confirm" or service is None or location is None or slot is None:
        return turn.start_again()
    contact = turn.question.contact
    if not valid_contact(contact):
        text = say("booking_need_contact", turn.lang)
        return FlowReply(turn.reply(text, service.topic, action="book_contact"), flow)
    assert contact is not None
    if not turn.bookable(location, slot):
        return turn.slots(service, location, 0, preface=say("booking_taken", turn.lang))
    citizen = turn.question.citizen
    try:
        booking = turn.book(service.slug, location, slot, citizen.pseudonym if citizen else None)
    except SlotTaken:
        return turn.slots(service, location, 0, preface=say("booking_taken", turn.lang))
    except ConnectorUnavailable:
        return turn.down(service.topic)
    if turn.contacts is not None:
        turn.contacts.save(turn.tenant, booking.code, contact, booking.ends_at)
    return FlowReply(turn.booked_answer("booking_done", booking, service), None)


# --- typed answers inside the flow --------------------------------------------------------
def typed(turn: BookingTurn, text: str, flow: dict[str, Any]) -> FlowReply | None:
    """A typed answer to the flow's last question (`text` normalised); None: not for it."""
    step = flow.get("step")
    if step == "code":
        code = find_code(turn.question.text)
        if code is None:
            token = turn.question.text.strip()
            if looks_like_code(token):  # a mistyped code
                answer = say("booking_unknown_code", turn.lang, code=token.upper())
                return FlowReply(turn.reply(answer, status="unanswered"), flow)
            return None
        return manage(turn, str(flow.get("intent") or "cancel"), code)
    if step == "service":
        service = service_named(turn.setup, turn.question.text)
        return pick_location(turn, service) if service is not None else None
    if step == "location":
        service = turn.setup.services.get(str(flow.get("service")))
        if service is None:
            return None
        for place in turn.setup.locations_for(service.slug):
            if normalize(place.name) in text or normalize(place.slug) in text.split():
                return turn.slots(service, place, 0)
        return None
    if step == "slot" and wants_more(text):
        page = page_number(str(flow.get("page", 0))) + 1
        if flow.get("moving"):
            return manage(turn, "move", str(flow["moving"]), page=page)
        service = turn.setup.services.get(str(flow.get("service")))
        location = turn.setup.locations.get(str(flow.get("location")))
        if service is None or location is None:
            return None
        return turn.slots(service, location, page)
    return None
