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
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from muni.answering.flows.base import FlowReply
from muni.answering.state import TurnState
from muni.booking.codes import find_code, new_code
from muni.booking.setup import BookingSetup, BookingSetupError, Location, Service, setup_of
from muni.booking.slots import free_slots, is_bookable, utc
from muni.connectors.protocols import Calendar, ConnectorUnavailable, SlotTaken
from muni.connectors.registry import Connectors
from muni.connectors.values import Booking, Contact
from muni.domain import Answer, Language, Link, Question, QuickReply, Tenant
from muni.nlu.normalize import normalize
from muni.store.booking_contacts import BookingContacts
from muni.texts import say
from muni.texts.dates import long_time, short_time

log = logging.getLogger(__name__)

PAGE = 6  # slot buttons at a time

# --- recognising a request to book, cancel or move (on normalised text: æøå, no punctuation)
_BOOK = re.compile(
    r"\b(bestil|bestille|bestiller|book|booke|booker|reserver|reservere)\b"
    r"(\s+\w+){0,3}?\s+(tid|tider|time|aftale|appointment)\b"
    r"|\b(make|book|get)\s+(an|a)\s+(appointment|time)\b"
)
_WANT = re.compile(
    r"^(bestil|book|reserver|please book|jeg skal|jeg vil|jeg gerne|jeg ønsker|jeg mangler)\b"
    r"|\bjeg\s+(\w+\s+)?(skal|vil|gerne|ønsker|mangler|vil gerne|må gerne|har brug for)\b"
    r"|\b(kan|må)\s+jeg\s+(\w+\s+)?(booke|bestille|få)\b"
    r"|\b(kan|vil)\s+(du|i)\s+(\w+\s+)?(booke|bestille|hjælpe)\b"
    r"|\bhjælp\w*\s+(mig\s+)?(med\s+)?(at\s+)?(booke|bestille)\b"
    r"|\bi\s+(want|need|would like|d like|wish)\b|\b(can|could)\s+i\s+(book|get|make)\b"
)
_ABOUT = re.compile(
    r"\b(hvor langt|hvordan|hvorfor|hvad|hvilke|hvilken|hvornår|hvem|hvor meget|koster|pris"
    r"|medbring\w*|tage med|skal man|kan man|må man|behøver|nødvendigt|uden|nettet|online"
    r"|hjemmeside|app|telefonen|ringe|how|what|when|where|why|which|cost|price|bring"
    r"|without|need to bring|aflys\w*|annuller\w*|flyt\w*|ændr\w*|cancel\w*|move|change)\b"
)
# an appointment somewhere else: the curated answer says who to ask
_ELSEWHERE = re.compile(
    r"\b(hospital\w*|sygehus\w*|læge\w*|tandlæge\w*|doctor\w*|dentist\w*|gp|speciallæge\w*"
    r"|jobcenter\w*|sagsbehandler\w*|frisør\w*|skat\w*|politi\w*|police)\b"
)
_MANAGE_WHAT = re.compile(r"\b(tid|tiden|booking|bookingen|aftale|aftalen|appointment)\b")
_MINE = re.compile(r"\b(min|mit|my)\b")
_CANCEL = re.compile(r"\b(aflys\w*|annuller\w*|slet\w*|cancel\w*)\b")
_MOVE = re.compile(r"\b(flyt\w*|ændr\w*|skift\w*|omlæg\w*|move|change|reschedule)\b")
_BOOKING_CODE = (
    r"(booking\s?kode\w*|booking\s?code|kode\w* (?:til|på|paa|for) (?:min |mit )?"
    r"(?:tid|tiden|booking|bookingen|aftale|aftalen)|code for my (?:booking|appointment))"
)
_LOST_CODE = re.compile(
    r"\b(glemt|glemmer|mistet|mist|tabt|slettet|husker ikke|kan ikke finde|finder ikke|"
    r"forgot|forgotten|lost|can'?t find)\b.{0,40}\b" + _BOOKING_CODE
    + r"|\b" + _BOOKING_CODE + r".{0,30}\b(glemt|mistet|væk|vaek|forsvundet|lost)\b"
)
_MANAGE_ABOUT = re.compile(r"\b(koster|pris|gebyr|man|fee|cost|hvor langt|how far)\b")
_STOP = re.compile(
    r"^(stop|stopp|annuller|afbryd|fortryd|glem det|nej tak|cancel|never mind|quit)\b"
)
_MORE = re.compile(r"^(flere|flere tider|andre tider|senere|more|more times|later)$")
_NAMED = re.compile(r"\btid\w*\s+(til|hos|for|ved)\s+(\w+)|\bappointment\s+(for|at)\s+(\w+)")
_PHONE_DIGITS = re.compile(r"\d")
# words after "tid til" that do not name a service ("tid til mig", "tid til at ...")
_NOT_A_SERVICE = frozenset(
    "at mig os dig jer en et min mit mine i på den det de næste nyt ny borgerservice "
    "me us a an my the next new".split()
)

# words a citizen may use for a service, by its taxonomy topic (besides its own name and key)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "pas": ("pas", "passet", "nyt pas", "pasfornyelse", "passport", "passports"),
    "koerekort": ("kørekort", "kørekortet", "korekort", "driving licence", "driving license"),
    "sundhedskort": (
        "sundhedskort",
        "sundhedskortet",
        "gult kort",
        "gule kort",
        "sygesikringskort",
        "health card",
        "health insurance card",
    ),
    "legitimationskort": ("legitimationskort", "id kort", "idkort", "id card"),
}


def wants_to_book(text: str) -> bool:
    """The citizen asks to book now ("book tid", "jeg skal bestille tid til pas"), not
    about booking ("hvor langt frem kan man bestille tid?")."""
    norm = normalize(text)
    return bool(
        _BOOK.search(norm)
        and _WANT.search(norm)
        and not _ABOUT.search(norm)
        and not _ELSEWHERE.search(norm)
    )


def wants_to_manage(text: str) -> str | None:
    """ "cancel" or "move" when the citizen asks to cancel or move their own booking."""
    norm = normalize(text)
    if not (_MANAGE_WHAT.search(norm) or find_code(text)) or _MANAGE_ABOUT.search(norm):
        return None
    if _ELSEWHERE.search(norm):
        return None
    if not (_MINE.search(norm) or find_code(text)):
        return None
    if _CANCEL.search(norm):
        return "cancel"
    if _MOVE.search(norm):
        return "move"
    return None


def valid_contact(contact: Contact | None) -> bool:
    if contact is None:
        return False
    digits = len(_PHONE_DIGITS.findall(contact.phone))
    return bool(contact.name.strip()) and 6 <= digits <= 15 and len(contact.phone) <= 50


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
        manage = None
        if not button:
            if question.sub_hint:  # a curated button that names its sub-answer leads there
                return None
            if _LOST_CODE.search(normalize(question.text)):
                ready = self._ready(question.tenant)
                return _Turn(self, question, *ready).lost_code() if ready else None
            manage = wants_to_manage(question.text)
            if manage is None and not wants_to_book(question.text):
                return None  # most messages stop here, before any setup or calendar
        ready = self._ready(question.tenant)
        if ready is None:
            return None
        turn = _Turn(self, question, *ready)
        if button:
            return turn.button(question.flow_input or "", {})
        if manage is not None:
            return turn.manage(manage, find_code(question.text))
        return turn.begin()

    def proceed(
        self, question: Question, state: TurnState, flow: dict[str, Any]
    ) -> FlowReply | None:
        ready = self._ready(question.tenant)
        if ready is None:
            return None
        turn = _Turn(self, question, *ready)
        if (question.flow_input or "").startswith("booking:"):
            return turn.button(question.flow_input or "", flow)
        manage = wants_to_manage(question.text)
        if manage is not None:  # "annuller min tid K4M29X" is not "annuller" (stop)
            return turn.manage(manage, find_code(question.text))
        text = normalize(question.text)
        if _STOP.match(text):
            return FlowReply(turn.reply(say("booking_stopped", turn.lang)), None)
        return turn.typed(text, flow)

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


class _Turn:
    """One message in the flow: the tenant's setup, calendar and language at hand."""

    def __init__(
        self, flow: BookingFlow, question: Question, setup: BookingSetup, calendar: Calendar
    ) -> None:
        self.flow = flow
        self.question = question
        self.tenant = question.tenant
        self.setup = setup
        self.calendar = calendar
        # a pressed button ("Mon 30 Nov 10:00") keeps the conversation's language
        self.lang: Language = (
            question.context.language if question.flow_input else question.language
        )
        self.values = flow.values(question.tenant, question.language)

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

    # --- starting -------------------------------------------------------------------------

    def service_named(self, text: str) -> Service | None:
        norm = f" {normalize(text)} "
        for service in self.setup.services.values():
            words = {service.slug, service.name, service.name_en, *SYNONYMS.get(service.topic, ())}
            if any(f" {normalize(w)} " in norm for w in words if w):
                return service
        return None

    def service_buttons(self) -> tuple[QuickReply, ...]:
        return tuple(
            QuickReply(s.title(self.lang), s.title(self.lang), flow=f"booking:service:{s.slug}")
            for s in self.setup.services.values()
        )

    def begin(self) -> FlowReply:
        service = self.service_named(self.question.text)
        if service is not None:
            return self.pick_location(service)
        named = _NAMED.search(normalize(self.question.text))
        if named and (named.group(2) or named.group(4)) not in _NOT_A_SERVICE:
            names = ", ".join(s.title(self.lang) for s in self.setup.services.values())
            text = say("booking_unknown_service", self.lang, services=names)
            return FlowReply(
                self.reply(text, quick=self.service_buttons(), links=self.web_link()),
                {"step": "service"},
            )
        earlier = self.question.context.topic  # "Bestil tid" under the answer about pas
        for candidate in self.setup.services.values():
            if earlier and candidate.topic == earlier:
                return self.pick_location(candidate)
        names = ", ".join(s.title(self.lang) for s in self.setup.services.values())
        text = say("booking_pick_service", self.lang, services=names)
        return FlowReply(
            self.reply(text, quick=self.service_buttons(), links=self.web_link()),
            {"step": "service"},
        )

    def pick_location(self, service: Service) -> FlowReply:
        places = self.setup.locations_for(service.slug)
        if len(places) == 1:
            return self.slots(service, places[0], 0)
        buttons = tuple(
            QuickReply(p.name, p.name, flow=f"booking:location:{service.slug}:{p.slug}")
            for p in places
        )
        text = say("booking_pick_location", self.lang)
        return FlowReply(
            self.reply(text, service.topic, quick=buttons),
            {"step": "location", "service": service.slug},
        )

    def slots(
        self,
        service: Service,
        location: Location,
        page: int,
        moving: Booking | None = None,
        preface: str = "",
    ) -> FlowReply:
        try:
            free = free_slots(self.calendar, self.tenant, self.setup, location, self.flow.clock())
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
                flow=f"booking:{kind}:{key}:{utc(slot).strftime('%Y%m%dT%H%M')}",
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

    # --- buttons --------------------------------------------------------------------------

    def button(self, payload: str, flow: dict[str, Any]) -> FlowReply:
        parts = payload.split(":")
        kind = parts[1] if len(parts) > 1 else ""
        service = self.setup.services.get(parts[2]) if len(parts) > 2 else None
        location = self.setup.locations.get(parts[3]) if len(parts) > 3 else None
        if kind == "service" and service is not None:
            return self.pick_location(service)
        if kind == "location" and service is not None and location is not None:
            return self.slots(service, location, 0)
        if kind == "more" and len(parts) == 5 and parts[2] == "move":
            return self.manage("move", parts[3], page=_int(parts[4]))
        if kind == "more" and service is not None and location is not None and len(parts) == 5:
            return self.slots(service, location, _int(parts[4]))
        if kind == "slot" and service is not None and location is not None and len(parts) == 5:
            return self.chosen(service, location, _when(parts[4]))
        if kind == "confirm":
            return self.confirm(flow)
        if kind == "cancel" and len(parts) == 3:
            return self.cancel(parts[2])
        if kind == "moveto" and len(parts) == 4:
            return self.move(parts[2], _when(parts[3]))
        if kind == "keep":
            return FlowReply(self.reply(say("booking_kept", self.lang)), None)
        return FlowReply(self.reply(say("booking_start_again", self.lang)), None)

    def chosen(self, service: Service, location: Location, slot: datetime | None) -> FlowReply:
        """A time was pressed: show the summary and the name/phone form."""
        if slot is None or not is_bookable(
            self.setup, self.tenant, location, slot, self.flow.clock()
        ):
            return self.slots(service, location, 0, preface=say("booking_taken", self.lang))
        text = say(
            "booking_summary",
            self.lang,
            service=service.title(self.lang),
            when=long_time(slot, self.lang),
            place=location.place,
        )
        state = {
            "step": "confirm",
            "service": service.slug,
            "location": location.slug,
            "slot": utc(slot).isoformat(),
        }
        return FlowReply(self.reply(text, service.topic, action="book_contact"), state)

    def confirm(self, flow: dict[str, Any]) -> FlowReply:
        """The booking form was sent: book the chosen time and keep the contact apart."""
        service = self.setup.services.get(str(flow.get("service")))
        location = self.setup.locations.get(str(flow.get("location")))
        slot = _iso(flow.get("slot"))
        if flow.get("step") != "confirm" or service is None or location is None or slot is None:
            return FlowReply(self.reply(say("booking_start_again", self.lang)), None)
        contact = self.question.contact
        if not valid_contact(contact):
            text = say("booking_need_contact", self.lang)
            return FlowReply(self.reply(text, service.topic, action="book_contact"), flow)
        assert contact is not None
        if not is_bookable(self.setup, self.tenant, location, slot, self.flow.clock()):
            return self.slots(service, location, 0, preface=say("booking_taken", self.lang))
        citizen = self.question.citizen
        try:
            booking = self._book(
                service.slug, location, slot, citizen.pseudonym if citizen else None
            )
        except SlotTaken:
            return self.slots(service, location, 0, preface=say("booking_taken", self.lang))
        except ConnectorUnavailable:
            return self.down(service.topic)
        if self.flow.contacts is not None:
            self.flow.contacts.save(self.tenant, booking.code, contact, booking.ends_at)
        return FlowReply(self.booked_answer("booking_done", booking, service), None)

    def _book(
        self, service: str, location: Location, slot: datetime, subject: str | None
    ) -> Booking:
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

    def booked_answer(self, key: str, booking: Booking, service: Service | None) -> Answer:
        parts = [say(key, self.lang, code=booking.code, **self.describe(booking))]
        if service is not None and service.to_bring(self.lang):
            parts.append(say("booking_bring", self.lang, bring=service.to_bring(self.lang)))
        parts.append(say("booking_manage", self.lang, code=booking.code))
        topic = service.topic if service else "tidsbestilling"
        return self.reply("\n\n".join(parts), topic, links=(self.ics_link(booking.code),))

    # --- cancel and move ------------------------------------------------------------------

    def find(self, code: str) -> Booking | None:
        return self.calendar.find(self.tenant, code.upper())

    def lost_code(self) -> FlowReply:
        """ "jeg har glemt min bookingkode": where the code is, and whom to call."""
        text = say("booking_lost_code", self.lang, phone=self.phone() or "kommunen")
        return FlowReply(
            self.reply(text, links=self.web_link()), {"step": "code", "intent": "cancel"}
        )

    def manage(self, intent: str, code: str | None, page: int = 0) -> FlowReply:
        if not code:
            return FlowReply(
                self.reply(say("booking_ask_code", self.lang), links=self.web_link()),
                {"step": "code", "intent": intent},
            )
        try:
            booking = self.find(code)
        except ConnectorUnavailable:
            return self.down()
        if booking is None:
            text = say("booking_unknown_code", self.lang, code=code.upper())
            return FlowReply(
                self.reply(text, status="unanswered"), {"step": "code", "intent": intent}
            )
        service = self.setup.services.get(booking.service)
        topic = service.topic if service else "tidsbestilling"
        if intent == "cancel":
            yes, no = say("booking_cancel_yes", self.lang), say("booking_keep", self.lang)
            text = say("booking_cancel_ask", self.lang, **self.describe(booking))
            buttons = (
                QuickReply(yes, yes, flow=f"booking:cancel:{booking.code}"),
                QuickReply(no, no, flow="booking:keep"),
            )
            return FlowReply(self.reply(text, topic, quick=buttons), {"step": "cancel"})
        location = self.setup.locations.get(booking.location)
        if service is None or location is None:
            return FlowReply(self.reply(say("booking_start_again", self.lang)), None)
        return self.slots(service, location, page, moving=booking)

    def cancel(self, code: str) -> FlowReply:
        try:
            booking = self.find(code)
            if booking is None or not self.calendar.cancel(self.tenant, booking.code):
                text = say("booking_unknown_code", self.lang, code=code.upper())
                return FlowReply(self.reply(text, status="unanswered"), None)
        except ConnectorUnavailable:
            return self.down()
        if self.flow.contacts is not None:
            self.flow.contacts.forget(self.tenant, booking.code)
        service = self.setup.services.get(booking.service)
        text = say("booking_cancelled", self.lang, **self.describe(booking))
        return FlowReply(self.reply(text, service.topic if service else "tidsbestilling"), None)

    def move(self, code: str, slot: datetime | None) -> FlowReply:
        """Book the new time first, then cancel the old one: the citizen never has none."""
        try:
            old = self.find(code)
        except ConnectorUnavailable:
            return self.down()
        if old is None:
            text = say("booking_unknown_code", self.lang, code=code.upper())
            return FlowReply(self.reply(text, status="unanswered"), None)
        service = self.setup.services.get(old.service)
        location = self.setup.locations.get(old.location)
        if service is None or location is None:
            return FlowReply(self.reply(say("booking_start_again", self.lang)), None)
        if slot is None or not is_bookable(
            self.setup, self.tenant, location, slot, self.flow.clock()
        ):
            return self.slots(
                service, location, 0, moving=old, preface=say("booking_taken", self.lang)
            )
        try:
            new = self._book(service.slug, location, slot, old.subject)
        except SlotTaken:
            return self.slots(
                service, location, 0, moving=old, preface=say("booking_taken", self.lang)
            )
        except ConnectorUnavailable:
            return self.down(service.topic)
        try:
            self.calendar.cancel(self.tenant, old.code)
        except ConnectorUnavailable:
            # the new time holds; the old one could not be freed now: undo the new one
            try:
                self.calendar.cancel(self.tenant, new.code)
            except ConnectorUnavailable:
                log.warning("booking move: %s left booked after an outage", new.code)
            return self.down(service.topic)
        if self.flow.contacts is not None:
            self.flow.contacts.moved(self.tenant, old.code, new.code, new.ends_at)
        return FlowReply(self.booked_answer("booking_moved", new, service), None)

    # --- typed answers inside the flow ----------------------------------------------------

    def typed(self, text: str, flow: dict[str, Any]) -> FlowReply | None:
        step = flow.get("step")
        if step == "code":
            code = find_code(self.question.text)
            if code is None:
                token = self.question.text.strip()
                if re.fullmatch(r"[A-Za-z0-9]{4,8}", token):  # a mistyped code
                    answer = say("booking_unknown_code", self.lang, code=token.upper())
                    return FlowReply(self.reply(answer, status="unanswered"), flow)
                return None
            return self.manage(str(flow.get("intent") or "cancel"), code)
        if step == "service":
            service = self.service_named(self.question.text)
            return self.pick_location(service) if service is not None else None
        if step == "location":
            service = self.setup.services.get(str(flow.get("service")))
            if service is None:
                return None
            for place in self.setup.locations_for(service.slug):
                if normalize(place.name) in text or normalize(place.slug) in text.split():
                    return self.slots(service, place, 0)
            return None
        if step == "slot" and _MORE.match(text):
            page = _int(str(flow.get("page", 0))) + 1
            if flow.get("moving"):
                return self.manage("move", str(flow["moving"]), page=page)
            service = self.setup.services.get(str(flow.get("service")))
            location = self.setup.locations.get(str(flow.get("location")))
            if service is None or location is None:
                return None
            return self.slots(service, location, page)
        return None


def ics_path(tenant: Tenant, code: str) -> str:
    """The booking's .ics file on this installation (the widget adds its own host)."""
    return f"/api/tenants/{tenant.slug}/bookings/{code}.ics"


def _int(raw: str) -> int:
    try:
        return max(0, int(raw))
    except ValueError:
        return 0


def _when(raw: str) -> datetime | None:
    """A button's time, "20261201T0915" in UTC."""
    try:
        return datetime.strptime(raw, "%Y%m%dT%H%M").replace(tzinfo=UTC)
    except ValueError:
        return None


def _iso(raw: Any) -> datetime | None:
    try:
        return utc(datetime.fromisoformat(str(raw)))
    except ValueError:
        return None
