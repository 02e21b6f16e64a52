"""The booking flow, whole conversations against the in-memory calendar: book, a full
slot, a slot taken meanwhile, move, cancel, the calendar down, codes that do not exist, and
the name and phone never in an answer or the flow's state."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from tests.unit.booking.helpers import tenant

from muni.answering.flows.base import FlowStep
from muni.answering.flows.booking import BookingFlow
from muni.answering.flows.booking_requests import wants_to_book, wants_to_manage
from muni.answering.state import TurnState
from muni.connectors.fakes import FakeCalendar
from muni.connectors.registry import Connectors
from muni.connectors.values import Booking, Citizen, Contact
from muni.domain import Answer, ConversationContext, Question, Tenant

NOW = datetime(2026, 11, 28, 20, 0, tzinfo=UTC)  # Saturday evening
NAME, PHONE = "Karen Blixen", "+45 22 33 44 55"


@dataclass
class Contacts:
    """Records what the flow hands to the booking_contacts store."""

    saved: dict[str, tuple[Contact, datetime]] = field(default_factory=dict)

    def save(self, tenant: Tenant, code: str, contact: Contact, ends_at: datetime) -> None:
        self.saved[code] = (contact, ends_at)

    def moved(self, tenant: Tenant, old: str, new: str, ends_at: datetime) -> None:
        self.saved[new] = (self.saved.pop(old)[0], ends_at)

    def forget(self, tenant: Tenant, code: str) -> None:
        self.saved.pop(code, None)


class Chat:
    """A conversation through the flow step, keeping the flow's state between messages."""

    def __init__(self, calendar: FakeCalendar | None, the_tenant: Tenant | None = None) -> None:
        self.calendar = calendar
        self.contacts = Contacts()
        self.tenant = the_tenant or tenant()
        connectors = Connectors(calendar=lambda t: self.calendar)
        self.flow = BookingFlow(connectors, lambda: NOW, self.contacts)  # type: ignore[arg-type]
        self.step = FlowStep([self.flow])
        self.state: dict[str, Any] | None = None
        self.language = "da"  # the conversation's language after the last answer
        self.seen: list[str] = []  # everything that would be stored: answers and states

    def say(
        self,
        text: str,
        flow: str | None = None,
        contact: Contact | None = None,
        citizen: Citizen | None = None,
        language: str = "da",
    ) -> Answer | None:
        question = Question(
            tenant=self.tenant,
            text=text,
            language=language,  # type: ignore[arg-type]
            context=ConversationContext(flow=self.state, language=self.language),  # type: ignore[arg-type]
            flow_input=flow,
            contact=contact,
            citizen=citizen,
        )
        turn = TurnState()
        answer = self.step(question, turn)
        if answer is not None:
            self.state = turn.flow_next
            self.language = answer.language
            self.seen.append(repr(answer))
            self.seen.append(json.dumps(turn.flow_next))
        else:
            self.state = None
        return answer

    def press(self, answer: Answer, label: str, **kwargs: Any) -> Answer | None:
        button = next(q for q in answer.quick_replies if q.label == label)
        return self.say(button.message, flow=button.flow, **kwargs)


def book_first(chat: Chat, citizen: Citizen | None = None) -> Answer:
    answer = chat.say("jeg skal bestille tid til pas")
    assert answer is not None
    answer = chat.press(answer, "Borgerservice Dokk1")
    assert answer is not None
    answer = chat.press(answer, answer.quick_replies[0].label)
    assert answer is not None and answer.action == "book_contact"
    done = chat.say("Bekræft tiden", "booking:confirm", Contact(NAME, PHONE), citizen)
    assert done is not None
    return done


def test_book_a_passport_time() -> None:
    calendar = FakeCalendar()
    chat = Chat(calendar)
    answer = chat.say("jeg skal bestille tid til pas")
    assert answer is not None and answer.origin == "flow" and answer.topic == "pas"
    assert [q.label for q in answer.quick_replies] == [
        "Borgerservice Dokk1",
        "Borgerservice Lystrup",
    ]
    answer = chat.press(answer, "Borgerservice Dokk1")
    assert answer is not None
    labels = [q.label for q in answer.quick_replies]
    assert labels[:2] == ["man. 30. nov. kl. 10.00", "man. 30. nov. kl. 10.15"]
    assert labels[-1] == "Flere tider" and len(labels) == 7
    more = chat.press(answer, "Flere tider")
    assert more is not None
    assert more.quick_replies[0].label == "tirs. 1. dec. kl. 10.30"
    answer = chat.press(more, "tirs. 1. dec. kl. 10.30")
    assert answer is not None and answer.action == "book_contact"
    assert "tirsdag den 1. december kl. 10.30" in answer.text
    assert "Hack Kampmanns Plads 2" in answer.text
    done = chat.say("Bekræft tiden", "booking:confirm", Contact(NAME, PHONE))
    assert done is not None and done.status == "answered" and chat.state is None
    (booking,) = calendar.bookings.values()
    assert booking.starts_at == datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    assert (booking.ends_at - booking.starts_at).seconds == 15 * 60
    assert booking.code in done.text and "Dit gamle pas" in done.text
    assert f"aflys min tid {booking.code}" in done.text
    assert done.links[0].url == f"/api/tenants/aarhus/bookings/{booking.code}.ics"
    assert chat.contacts.saved[booking.code][0] == Contact(NAME, PHONE)
    assert booking.subject is None


def test_a_service_without_choice_of_place_goes_straight_to_the_times() -> None:
    chat = Chat(FakeCalendar())
    answer = chat.say("kan jeg booke en tid til kørekort")
    assert answer is not None and answer.topic == "koerekort"
    assert answer.quick_replies[0].label == "man. 30. nov. kl. 10.00"


def test_book_without_a_service_offers_the_services() -> None:
    chat = Chat(FakeCalendar())
    answer = chat.say("book tid")
    assert answer is not None
    assert [q.label for q in answer.quick_replies] == ["Pas", "Kørekort"]
    answer = chat.press(answer, "Kørekort")
    assert answer is not None and answer.quick_replies[0].flow is not None


def test_an_unknown_service_says_what_can_be_booked() -> None:
    chat = Chat(FakeCalendar())
    answer = chat.say("jeg vil gerne bestille tid til vielse")
    assert answer is not None
    assert "Pas, Kørekort" in answer.text
    assert answer.links and answer.links[0].url == "https://aarhus.dk/bestil-tid"


def test_a_logged_in_citizen_is_the_subject_of_the_booking() -> None:
    calendar = FakeCalendar()
    chat = Chat(calendar)
    book_first(chat, Citizen(subject="sub", pseudonym="pseudo-1", name=NAME))
    (booking,) = calendar.bookings.values()
    assert booking.subject == "pseudo-1"


def test_a_full_slot_is_not_offered() -> None:
    calendar = FakeCalendar()
    chat = Chat(calendar)
    ten = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    for code in ("AAA22A", "AAA22B"):  # capacity 2
        calendar.book(chat.tenant, Booking(code, "pas", "dokk1", ten, ten), 2)
    answer = chat.say("jeg skal bestille tid til kørekort")
    assert answer is not None
    assert answer.quick_replies[0].label == "man. 30. nov. kl. 10.15"


def test_a_slot_taken_meanwhile_shows_the_next_free_ones() -> None:
    calendar = FakeCalendar()
    chat = Chat(calendar)
    answer = chat.say("jeg skal bestille tid til pas")
    assert answer is not None
    answer = chat.press(answer, "Borgerservice Lystrup")  # capacity 1
    assert answer is not None
    first = answer.quick_replies[0].label
    answer = chat.press(answer, first)
    assert answer is not None
    slot = datetime.fromisoformat(chat.state["slot"])  # type: ignore[index]
    calendar.book(chat.tenant, Booking("ZZZ22Z", "pas", "lystrup", slot, slot), 1)
    again = chat.say("Bekræft tiden", "booking:confirm", Contact(NAME, PHONE))
    assert again is not None and "nåede en anden" in again.text
    assert again.quick_replies[0].label != first
    assert chat.contacts.saved == {}
    assert len(calendar.bookings) == 1


def test_no_free_slots_says_so_with_a_link() -> None:
    calendar = FakeCalendar()
    chat = Chat(calendar)
    lystrup = chat.flow._ready(chat.tenant)[0].locations["lystrup"]  # type: ignore[index]
    from muni.booking.slots import candidate_slots

    setup = chat.flow._ready(chat.tenant)[0]  # type: ignore[index]
    for i, slot in enumerate(candidate_slots(setup, lystrup, set(), NOW)):
        calendar.book(chat.tenant, Booking(f"F{i:03d}AA", "pas", "lystrup", slot, slot), 1)
    answer = chat.say("jeg skal bestille tid til pas")
    assert answer is not None
    answer = chat.press(answer, "Borgerservice Lystrup")
    assert answer is not None and answer.status == "unanswered"
    assert "ingen ledige tider" in answer.text and "89 40 20 00" in answer.text
    assert answer.links[0].url == "https://aarhus.dk/bestil-tid"


def test_the_calendar_down_is_an_honest_answer() -> None:
    chat = Chat(FakeCalendar(down=True))
    answer = chat.say("jeg skal bestille tid til kørekort")
    assert answer is not None and answer.status == "unanswered"
    assert "kalenderen ikke svarer" in answer.text and "89 40 20 00" in answer.text
    assert answer.links[0].url == "https://aarhus.dk/bestil-tid"
    assert chat.state is None


def test_the_calendar_down_at_confirmation() -> None:
    calendar = FakeCalendar()
    chat = Chat(calendar)
    answer = chat.say("jeg skal bestille tid til kørekort")
    assert answer is not None
    chat.press(answer, answer.quick_replies[0].label)
    calendar.down = True
    answer = chat.say("Bekræft tiden", "booking:confirm", Contact(NAME, PHONE))
    assert answer is not None and answer.status == "unanswered"
    assert chat.contacts.saved == {}


def test_a_missing_contact_asks_again() -> None:
    chat = Chat(FakeCalendar())
    answer = chat.say("jeg skal bestille tid til kørekort")
    assert answer is not None
    chat.press(answer, answer.quick_replies[0].label)
    again = chat.say("Bekræft tiden", "booking:confirm", Contact("", "12"))
    assert again is not None and again.action == "book_contact"
    assert chat.state is not None and chat.state["step"] == "confirm"


def test_cancel_by_code() -> None:
    calendar = FakeCalendar()
    chat = Chat(calendar)
    book_first(chat)
    (code,) = calendar.bookings and [b.code for b in calendar.bookings.values()]
    answer = chat.say(f"aflys min tid {code.lower()}")
    assert answer is not None and "Vil du aflyse" in answer.text
    answer = chat.press(answer, "Ja, aflys tiden")
    assert answer is not None and "er aflyst" in answer.text
    assert calendar.bookings == {} and chat.contacts.saved == {}


def test_keep_instead_of_cancel() -> None:
    calendar = FakeCalendar()
    chat = Chat(calendar)
    book_first(chat)
    code = next(iter(calendar.bookings.values())).code
    answer = chat.say(f"jeg vil aflyse min tid {code}")
    assert answer is not None
    answer = chat.press(answer, "Nej, behold tiden")
    assert answer is not None and "ikke ændret" in answer.text
    assert len(calendar.bookings) == 1


def test_move_asks_for_the_code_then_books_the_new_time_first() -> None:
    calendar = FakeCalendar()
    chat = Chat(calendar)
    book_first(chat, Citizen(subject="s", pseudonym="pseudo-2"))
    old = next(iter(calendar.bookings.values()))
    answer = chat.say("jeg vil flytte min tid")
    assert answer is not None and "koden" in answer.text
    answer = chat.say(f"  {old.code}  ")
    assert answer is not None and "Vælg en ny tid" in answer.text
    labels = [q.label for q in answer.quick_replies]
    assert labels[-1] == "Nej, behold tiden"
    answer = chat.press(answer, labels[2])
    assert answer is not None and "flyttet" in answer.text
    (new,) = calendar.bookings.values()
    assert new.code != old.code and new.starts_at != old.starts_at
    assert new.subject == "pseudo-2" and new.code in answer.text
    assert chat.contacts.saved[new.code][0] == Contact(NAME, PHONE)
    assert old.code not in chat.contacts.saved


def test_an_unknown_or_foreign_code_is_a_clear_answer() -> None:
    calendar = FakeCalendar()
    other = Chat(calendar, tenant(tenant_id=2, slug="odense"))
    book_first(other)
    code = next(iter(calendar.bookings.values())).code
    chat = Chat(calendar)
    answer = chat.say(f"aflys min tid {code}")
    assert answer is not None and "kan ikke finde en tid" in answer.text
    assert answer.status == "unanswered"
    answer = chat.say("K4M2")  # mistyped: says so, still waits for the code
    assert answer is not None and "K4M2" in answer.text and chat.state is not None
    assert len(calendar.bookings) == 1


def test_stop_and_an_unrelated_question_leave_the_flow() -> None:
    chat = Chat(FakeCalendar())
    chat.say("jeg skal bestille tid til pas")
    answer = chat.say("stop")
    assert answer is not None and "ikke bestilt noget" in answer.text and chat.state is None
    chat.say("jeg skal bestille tid til pas")
    assert chat.say("hvad koster et pas?") is None and chat.state is None


def test_an_old_slot_button_still_works_after_leaving() -> None:
    chat = Chat(FakeCalendar())
    answer = chat.say("jeg skal bestille tid til kørekort")
    assert answer is not None
    chat.say("hvad koster et pas?")
    answer = chat.press(answer, answer.quick_replies[1].label)
    assert answer is not None and answer.action == "book_contact"


def test_a_past_or_made_up_slot_is_refused() -> None:
    chat = Chat(FakeCalendar())
    answer = chat.say("past", flow="booking:slot:pas:dokk1:20261123T0900")
    assert answer is not None and "nåede en anden" in answer.text
    answer = chat.say("odd", flow="booking:slot:pas:dokk1:20261130T0907")
    assert answer is not None and answer.action is None


def test_english() -> None:
    calendar = FakeCalendar()
    chat = Chat(calendar)
    answer = chat.say("I want to book an appointment for a passport", language="en")
    assert answer is not None and answer.language == "en"
    answer = chat.press(answer, "Borgerservice Dokk1")  # a button: the conversation's language
    assert answer is not None and answer.quick_replies[0].label == "Mon 30 Nov 10:00"
    answer = chat.press(answer, "Mon 30 Nov 10:00")
    assert answer is not None and answer.language == "en" and "You have chosen" in answer.text
    done = chat.say("Confirm", "booking:confirm", Contact(NAME, PHONE))
    assert done is not None and "Your appointment is booked" in done.text


def test_no_booking_setup_or_no_calendar_does_not_start() -> None:
    assert Chat(FakeCalendar(), tenant(booking={})).say("jeg skal bestille tid til pas") is None
    assert Chat(None).say("jeg skal bestille tid til pas") is None
    broken = tenant(booking={"services": {"pas": {"name": "Pas"}}})  # no locations
    assert Chat(FakeCalendar(), broken).say("jeg skal bestille tid til pas") is None


def test_the_contact_is_never_in_an_answer_or_the_state() -> None:
    calendar = FakeCalendar()
    chat = Chat(calendar)
    book_first(chat)
    code = next(iter(calendar.bookings.values())).code
    chat.say(f"flyt min tid {code}")
    everything = "\n".join(chat.seen)
    assert NAME not in everything and PHONE not in everything and "22 33" not in everything


@pytest.mark.parametrize(
    "text",
    [
        "jeg skal bestille tid til pas",
        "kan jeg booke en tid til kørekort",
        "book tid",
        "Bestil tid til sundhedskort",
        "jeg vil gerne bestille en tid",
        "I need to book an appointment",
    ],
)
def test_requests_to_book(text: str) -> None:
    assert wants_to_book(text)


@pytest.mark.parametrize(
    "text",
    [
        "hvor langt frem kan man bestille tid?",
        "hvad skal jeg medbringe til pas?",
        "hvordan bestiller jeg tid",
        "skal jeg bestille tid til pas?",
        "kan man komme uden at bestille tid",
        "hvad koster et pas",
        "jeg skal have nyt pas",
        "how far ahead can I book?",
    ],
)
def test_questions_about_booking_are_not_requests(text: str) -> None:
    assert not wants_to_book(text) and wants_to_manage(text) is None


def test_requests_to_cancel_or_move() -> None:
    assert wants_to_manage("aflys min tid ABC234") == "cancel"
    assert wants_to_manage("jeg vil flytte min tid") == "move"
    assert wants_to_manage("cancel my appointment") == "cancel"
    assert wants_to_manage("kan man flytte sin tid?") is None
    assert wants_to_manage("jeg vil gerne aflyse min bestilte tid") == "cancel"
    # moving house is no moving of a booking, though "tid" and "min" are in it
    assert wants_to_manage(
        "flytter sammen med min kæreste d. 1, hvor lang tid har jeg til at melde flytning"
    ) is None


def test_booking_for_oneself_is_not_an_unknown_service() -> None:
    answer = Chat(FakeCalendar()).say("jeg vil gerne booke en tid til mig og min søn")
    assert answer is not None and "kan jeg ikke bestille" not in answer.text
    assert [q.label for q in answer.quick_replies] == ["Pas", "Kørekort"]


def test_cancelling_a_booking_inside_the_flow_is_not_stopping_it() -> None:
    calendar = FakeCalendar()
    chat = Chat(calendar)
    book_first(chat)
    code = next(iter(calendar.bookings.values())).code
    chat.say("jeg skal bestille tid til kørekort")
    answer = chat.say(f"annuller min tid {code}")
    assert answer is not None and "Vil du aflyse" in answer.text


def test_book_after_an_answer_about_a_service_books_that_service() -> None:
    chat = Chat(FakeCalendar())
    question = Question(
        tenant=chat.tenant, text="Bestil tid", context=ConversationContext(topic="koerekort")
    )
    turn = TurnState()
    answer = chat.step(question, turn)
    assert answer is not None and answer.topic == "koerekort"
    assert answer.quick_replies[0].label == "man. 30. nov. kl. 10.00"


def test_the_service_picker_also_links_to_the_booking_page() -> None:
    answer = Chat(FakeCalendar()).say("Bestil tid i Borgerservice")
    assert answer is not None and "Pas, Kørekort" in answer.text
    assert answer.links[0].url == "https://aarhus.dk/bestil-tid"


@pytest.mark.parametrize(
    "text",
    ["jeg har glemt min bookingkode", "har mistet koden til min tid",
     "kan ikke finde min booking kode", "min bookingkode er væk", "I forgot my booking code"],
)
def test_a_lost_code_says_where_it_is_and_whom_to_call(text: str) -> None:
    calendar = FakeCalendar()
    chat = Chat(calendar)
    book_first(chat)
    code = next(iter(calendar.bookings.values())).code
    answer = chat.say(text)
    assert answer is not None and answer.origin == "flow"
    assert "Koden står i chatten" in answer.text and "ring til" in answer.text
    then = chat.say(code)  # the code found after all: the flow takes it
    assert then is not None and "Vil du aflyse" in then.text


@pytest.mark.parametrize(
    "text", ["jeg har glemt koden til min netbank", "jeg har glemt min pinkode til mitid"]
)
def test_other_lost_codes_are_not_booking_codes(text: str) -> None:
    assert Chat(FakeCalendar()).say(text) is None
