"""The waste flow with fake connectors: asks for the address, remembers it, offers buttons
for ambiguous addresses, says so for unknown ones and other municipalities, and answers
honestly when a connector is down. Questions ABOUT waste do not start it."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

from muni.addresses.parse import find_address
from muni.answering.flows.base import FlowStep
from muni.answering.flows.waste import WasteFlow, asks_pickup_day, day_text
from muni.answering.language import detect_language
from muni.answering.pipeline import next_context
from muni.answering.state import TurnState
from muni.connectors.fakes import FakeAddressLookup, FakePickupSchedule
from muni.connectors.registry import Connectors
from muni.connectors.values import Address, Pickup
from muni.domain import Answer, ConversationContext, Question, Tenant
from muni.privacy.redact import PLACEHOLDERS
from muni.privacy.sealed import unseal

AARHUS = Tenant(1, "aarhus", "Aarhus Kommune", "0751")
TODAY = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
KEY = b"k" * 32  # the installation's signing key in the tests
VESTERGADE = Address("a-1", "Vestergade", "12", "8000", "Aarhus C", "0751")
SKOLEVEJ_VIBY = Address("a-2", "Skolevej", "2", "8260", "Viby J", "0751")
SKOLEVEJ_HASSELAGER = Address("a-3", "Skolevej", "2", "8361", "Hasselager", "0751")
ODENSE = Address("o-1", "Kongensgade", "3", "5000", "Odense C", "0461")
DAYS = {
    "a-1": [
        Pickup("rest_mad", date(2026, 12, 1)),
        Pickup("papir", date(2026, 12, 9)),
        Pickup("storskrald", date(2026, 12, 4)),
        Pickup("rest_mad", date(2026, 12, 15)),
    ],
    "a-3": [Pickup("plast", date(2026, 12, 2))],
}


class Values:
    """The answer book's part the flow uses (the curated answer's buttons are tested over
    HTTP with the real book)."""

    def has_sub(self, topic: str, sub: str | None) -> bool:
        return False

    def has(self, topic: str) -> bool:
        return True

    def values(self, tenant: Tenant, language: str = "da") -> dict[str, str]:
        return {
            "kommune_navn": "Aarhus Kommune",
            "url_affaldskalender": "https://aarhus.dk/affald",
            "affald_udsaetning": "senest kl. 6 på tømningsdagen",
        }


def flows(addresses_down: bool = False, pickups_down: bool = False) -> FlowStep:
    lookup = FakeAddressLookup(
        [VESTERGADE, SKOLEVEJ_VIBY, SKOLEVEJ_HASSELAGER, ODENSE], down=addresses_down
    )
    schedule = FakePickupSchedule(DAYS, down=pickups_down)
    connectors = Connectors(addresses=lambda t: lookup, pickups=lambda t: schedule)
    return FlowStep([WasteFlow(connectors, Values(), lambda: TODAY, KEY)])  # type: ignore[arg-type]


class Chat:
    """Runs messages through the flow step the way the pipeline does (address first)."""

    def __init__(self, step: FlowStep) -> None:
        self.step = step
        self.context = ConversationContext()
        self.stored: list[str] = []

    def say(self, text: str, flow: str | None = None) -> Answer | None:
        expecting = (self.context.flow or {}).get("waiting") == "address"
        found = find_address(text, expecting)
        address = None
        if found:
            address, start, end = found
            text = f"{text[:start]}{PLACEHOLDERS['address']}{text[end:]}"
        question = Question(
            AARHUS,
            text,
            language=detect_language(text),
            context=self.context,
            flow_input=flow,
            address=address,
        )
        self.stored.append(question.text)
        state = TurnState()
        answer = self.step(question, state)
        if answer is not None:
            self.context = next_context(question, answer, state)
        return answer


@pytest.mark.parametrize(
    "text",
    [
        "hvornår bliver mit skrald hentet",
        "hvornår kommer skraldemanden?",
        "tømning af skraldespand",
        "storskrald afhentning hvornår",
        "Hvornår bliver skraldet hentet",
        "when is my rubbish collected?",
        "hvornår kommer storskrald?",
        "næste tømning af skraldespanden",
        "when is the next bin collection",
    ],
)
def test_asking_when_the_waste_is_collected_starts_the_flow(text: str) -> None:
    assert asks_pickup_day(text)


@pytest.mark.parametrize(
    "text",
    [
        "hvad må jeg komme i papircontaineren?",
        "hvor er genbrugspladsen?",
        "min skraldespand er ikke blevet tømt",
        "hvad koster storskrald?",
        "hvordan bestiller jeg storskrald?",
        "hvornår har genbrugspladsen åbent?",
        "hvordan sorterer jeg plast?",
        "hvornår er min tid?",
        "when is the recycling centre open in winter",
        "what are the opening hours of the recycling center on sundays",
        # the citizen's own time, and a question of how much: not the day of a pickup
        "we're moving out next month and want to get rid of a piano with the bulky waste "
        "pickup. is there a weight limit per item?",
        "vi flytter næste måned, hvor meget storskrald må vi stille ud",
        "next month I'm tearing out a bathroom. from what amount of construction waste do I "
        "have to report it?",
    ],
)
def test_questions_about_waste_keep_their_curated_answers(text: str) -> None:
    assert not asks_pickup_day(text)


def test_asks_for_the_address_then_gives_the_next_day_per_fraction() -> None:
    chat = Chat(flows())
    asked = chat.say("hvornår bliver mit skrald hentet")
    assert asked is not None and "adresse" in asked.text
    assert chat.context.flow == {"waiting": "address", "name": "waste"}
    days = chat.say("vestergade 12")
    assert days is not None
    assert days.origin == "flow" and days.status == "answered" and days.topic == "affald"
    assert "Restaffald og madaffald: tirsdag 1. december" in days.text
    assert "Storskrald: fredag 4. december" in days.text
    assert "Papir: onsdag 9. december" in days.text
    assert "15. december" not in days.text  # only the next day of each fraction
    assert days.links and days.links[0].url == "https://aarhus.dk/affald"
    assert days.personal  # the stored turn keeps a placeholder, not the address
    assert remembered_id(chat) == "a-1"
    assert chat.context.flow is None
    assert chat.stored == ["hvornår bliver mit skrald hentet", "[ADRESSE]"]


def test_the_address_in_the_question_itself_is_used_at_once() -> None:
    chat = Chat(flows())
    answer = chat.say("hvornår bliver skraldet hentet på Vestergade 12?")
    assert answer is not None and "tirsdag 1. december" in answer.text
    assert "Vestergade" not in chat.stored[0]


def test_a_remembered_address_is_used_for_the_next_question() -> None:
    chat = Chat(flows())
    chat.say("hvornår bliver mit skrald hentet")
    chat.say("Vestergade 12")
    again = chat.say("og hvornår kommer storskrald?")
    assert again is not None
    assert again.text.split("\n")[2].startswith("- Storskrald: fredag 4. december")
    assert again.topic == "storskrald"  # counted under its own taxonomy topic
    assert "adresse?" not in again.text


def test_an_ambiguous_street_gives_buttons_and_the_choice_gives_the_days() -> None:
    chat = Chat(flows())
    chat.say("hvornår bliver mit skrald hentet")
    choose = chat.say("skolevej 2")
    assert choose is not None and choose.status == "clarification"
    labels = [q.label for q in choose.quick_replies]
    assert labels == ["8260 Viby J", "8361 Hasselager"]
    assert all(
        "Skolevej" not in q.message and "Skolevej" not in (q.flow or "")
        for q in choose.quick_replies
    )
    days = chat.say("8361 Hasselager", flow=choose.quick_replies[1].flow)
    assert days is not None and "Plast: onsdag 2. december" in days.text
    assert remembered_id(chat) == "a-3"


def test_an_unknown_address_says_so_and_asks_again() -> None:
    chat = Chat(flows())
    chat.say("hvornår bliver mit skrald hentet")
    unknown = chat.say("Ukendtvej 99")
    assert unknown is not None and unknown.status == "unanswered"
    assert "kan ikke finde adressen i Aarhus Kommune" in unknown.text
    assert unknown.links
    assert chat.context.flow is not None and chat.context.flow["waiting"] == "address"
    found = chat.say("vestergade 12")
    assert found is not None and "tirsdag 1. december" in found.text


def test_an_address_in_another_municipality_is_named_as_such() -> None:
    class Elsewhere(FakeAddressLookup):
        def find(self, tenant: Tenant, query: Any, limit: int = 8) -> list[Address]:
            return [ODENSE]

    connectors = Connectors(
        addresses=lambda t: Elsewhere([]), pickups=lambda t: FakePickupSchedule({})
    )
    chat = Chat(FlowStep([WasteFlow(connectors, Values(), lambda: TODAY, KEY)]))  # type: ignore[arg-type]
    answer = chat.say("hvornår bliver skraldet hentet på Kongensgade 3, 5000 Odense C")
    assert answer is not None
    assert "5000 Odense C" in answer.text and "hører ikke under Aarhus Kommune" in answer.text

    # without a postcode the same street name elsewhere proves nothing: the citizen may live
    # on a street the register does not know, so muni says it cannot find it and asks again
    again = Chat(FlowStep([WasteFlow(connectors, Values(), lambda: TODAY, KEY)]))  # type: ignore[arg-type]
    unsure = again.say("hvornår bliver skraldet hentet på Kongensgade 3")
    assert unsure is not None and "Odense" not in unsure.text
    assert "kan ikke finde adressen" in unsure.text
    assert again.context.flow is not None and again.context.flow["waiting"] == "address"


@pytest.mark.parametrize(("addresses_down", "pickups_down"), [(True, False), (False, True)])
def test_a_connector_down_gives_an_honest_answer_and_the_link(
    addresses_down: bool, pickups_down: bool
) -> None:
    chat = Chat(flows(addresses_down, pickups_down))
    answer = chat.say("hvornår bliver skraldet hentet på vestergade 12")
    assert answer is not None
    assert answer.status == "unanswered" and answer.origin == "flow"
    assert "lige nu" in answer.text and answer.links


def test_a_question_while_waiting_for_the_address_leaves_the_flow() -> None:
    chat = Chat(flows())
    chat.say("hvornår bliver mit skrald hentet")
    assert chat.say("hvad koster et pas?") is None


def test_english() -> None:
    chat = Chat(flows())
    answer = chat.say("When is my rubbish collected? I live at vestergade 12")
    assert answer is not None
    assert "Residual and food waste: Tuesday 1 December" in answer.text


def test_day_text() -> None:
    assert day_text(date(2026, 12, 1), "da") == "tirsdag 1. december"
    assert day_text(date(2026, 12, 1), "en") == "Tuesday 1 December"


def test_no_register_for_the_tenant_leaves_the_question_to_the_curated_answer() -> None:
    step = FlowStep([WasteFlow(Connectors(), Values(), lambda: TODAY, KEY)])  # type: ignore[arg-type]
    question = Question(AARHUS, "hvornår bliver mit skrald hentet")
    assert step(question, TurnState()) is None
    assert replace(question).text


def test_a_stale_or_broken_choice_asks_again_instead_of_failing() -> None:
    chat = Chat(flows())
    chat.say("hvornår bliver mit skrald hentet")
    chat.context = replace(
        chat.context, flow={"name": "waste", "waiting": "address", "choices": ["x", 3]}
    )
    for payload in ("waste:choice:0", "waste:choice:7", "waste:choice:x"):
        answer = chat.say("8260 Viby J", flow=payload)
        assert answer is not None and "Hvilken adresse" in answer.text
        chat.context = replace(chat.context, flow={"name": "waste", "waiting": "address"})


def remembered_id(chat) -> str | None:  # type: ignore[no-untyped-def]
    """The address the conversation remembers, which its stored context holds only sealed."""
    assert chat.context.address is not None
    assert set(chat.context.address) == {"sealed"}
    assert "gade" not in json.dumps(chat.context.as_dict()).lower()
    opened = unseal(KEY, chat.context.address["sealed"])
    return opened["id"] if opened else None
