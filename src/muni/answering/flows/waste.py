"""Waste collection days by address: "hvornår bliver mit skrald hentet?".

    a citizen asks when the waste is collected → the address: from the message, from earlier in
    the conversation (`context.address`), or asked for (flow state {"waiting": "address"}) →
    looked up in the tenant's address register → one match: the next day of each fraction
    ("Restaffald og madaffald: tirsdag 1. december") and a link to the tenant's calendar page;
    several (the same street in two postcodes, no house number): buttons; none: says so and
    asks again, with the link. The address found is remembered for the conversation, so "og
    hvornår kommer storskrald?" needs no new address.

Only a citizen asking WHEN their waste is collected starts the flow; a question ABOUT waste
("hvad må jeg komme i papircontaineren?", "hvor er genbrugspladsen?", "min skraldespand er
ikke blevet tømt") keeps its curated answer. The address never appears in the stored turn:
the question says [ADRESSE] (pipeline.prepare), and answers that show the address or
choices are `personal` (the transcript keeps a placeholder); buttons carry a choice number,
not the address. An address lookup or calendar that is down or slow gives an honest answer
and the link, never an error.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import date, datetime
from typing import Any

from muni.answering.flows.base import FlowReply
from muni.answering.state import TurnState
from muni.connectors.protocols import ConnectorUnavailable
from muni.connectors.registry import Connectors
from muni.connectors.values import Address, AddressQuery, Pickup
from muni.content.answer_book import AnswerBook
from muni.domain import Answer, Language, Link, Question, QuickReply, Tenant
from muni.nlu.normalize import normalize
from muni.privacy.sealed import seal, unseal
from muni.texts import say
from muni.texts.dates import day_name

log = logging.getLogger(__name__)

TOPIC = "affald"
CALENDAR_SUB = "toemningsdage"  # the curated answer this flow does for real
CHOICES = 8

# --- recognising "when is my waste collected" (on normalised text: lower case, æøå) -------
_WASTE = re.compile(
    r"\b(skrald|skraldet|skraldespand\w*|skraldemand\w*|skraldebil\w*|affald|affaldet"
    r"|affaldsspand\w*|affaldsbeholder\w*|storskrald|dagrenovation|renovationen|beholderen"
    r"|beholderne|spanden|spandene|papir|pap|plast|glas|metal|madaffald|restaffald|tømning"
    r"|tømningen|tømningsdage|tømmedage|rubbish|garbage|trash|waste|bins?|recycling)\b"
)
# "næste"/"next" asks for a day unless it is the citizen's own time ("vi flytter næste måned",
# "we're moving out next month": a question about storskrald, not its day)
_NEXT = (
    r"(næste|next)(?!\s+(måned|år|uge|weekend|gang|sommer|vinter|forår|efterår|month|year"
    r"|week|weekend|time|summer|winter|spring|autumn))"
)
_WHEN = re.compile(
    r"\b(hvornår|hvilken dag|hvilke dage|" + _NEXT + r"|tømningsdage|tømmedage"
    r"|tømningskalender\w*|tømmekalender\w*|affaldskalender\w*|afhentning\w*|when"
    r"|which day)\b"
)
_COLLECT = re.compile(
    r"\b(hentes|hentet|henter|tømning|tømningen|tømmes|tømt|afhentning\w*|kommer|collected"
    r"|picked up|emptied)\b"
)
_ABOUT = re.compile(
    r"\b(ikke|glemt|glemte|mangler|klage\w*|må jeg|hvad må|hvad skal|sorter\w*|koster|pris"
    r"|gebyr|genbrugsplads\w*|genbrugsstation\w*|åbent|åbningstid\w*|bestil\w*|ny beholder"
    r"|nyt låg|størrelse|hvor|hvordan|not|missed|what can|sort\w*|price|cost|order"
    r"|helligdag\w*|pinse\w*|påske\w*|jul\w*|nytår\w*|hvad sker|falder|flyttet|høring\w*"
    r"|vægt|tung\w*|maks\w*|max\w*|grænse\w*|limit\w*|weight|heavy|how much|how many"
    r"|affaldsplan\w*|septik\w*|tank\w*|kloak\w*|holiday|open\w*|centre|center|site|hours"
    r"|dump)\b"
)
_FRACTION_WORDS = (
    ("storskrald", re.compile(r"\b(storskrald|bulky)\b")),
    ("papir", re.compile(r"\b(papir|pap|paper)\b")),
    ("plast", re.compile(r"\b(plast|plastic)\b")),
    ("glas_metal", re.compile(r"\b(glas|metal|glass)\b")),
    ("rest_mad", re.compile(r"\b(restaffald|madaffald|rest|mad|food)\b")),
    ("haveaffald", re.compile(r"\b(haveaffald|garden)\b")),
)
_STOP = re.compile(r"^(stop|annuller|afbryd|fortryd|glem det|nej tak|cancel|never mind|quit)\b")


def asks_pickup_day(text: str) -> bool:
    """Whether the (redacted) message asks when the citizen's waste is collected."""
    plain = normalize(text)
    if not _WASTE.search(plain) or _ABOUT.search(plain):
        return False
    return bool(_WHEN.search(plain) or _COLLECT.search(plain))


def asked_fraction(text: str) -> str | None:
    plain = normalize(text)
    for fraction, pattern in _FRACTION_WORDS:
        if pattern.search(plain):
            return fraction
    return None


def day_text(day: date, language: Language) -> str:
    """'tirsdag 1. december' / 'Tuesday 1 December'."""
    return day_name(day, language)


def _remembered(address: Address) -> dict[str, str]:
    return {**{k: str(v) for k, v in asdict(address).items()}, "label": address.label}


def _address_from(data: Any) -> Address | None:
    """The remembered address, or None when there is none (or it is not one)."""
    if not isinstance(data, dict):
        return None
    try:
        return Address(
            id=str(data["id"]),
            street=str(data["street"]),
            number=str(data["number"]),
            postcode=str(data["postcode"]),
            city=str(data.get("city", "")),
            municipality_code=str(data.get("municipality_code", "")),
            floor=str(data.get("floor", "")),
            door=str(data.get("door", "")),
        )
    except KeyError:
        return None


class WasteFlow:
    name = "waste"

    def __init__(
        self,
        connectors: Connectors,
        book: AnswerBook,
        clock: Callable[[], datetime],
        key: bytes,
    ) -> None:
        self.connectors = connectors
        self.book = book
        self.clock = clock
        self.key = key  # seals the addresses kept in the conversation's context

    # --- the Flow protocol ----------------------------------------------------------------
    def start(self, question: Question, state: TurnState) -> FlowReply | None:
        if question.flow_input == "waste:new":  # "Anden adresse" under the days
            return self._ask(question, None)
        if question.flow_input or question.sub_hint or not asks_pickup_day(question.text):
            return None  # a curated button naming a sub-answer leads to that answer
        if self.connectors.addresses(question.tenant) is None:
            return None  # no register for this tenant: the curated answer and its link
        fraction = asked_fraction(question.text)
        if question.address is not None:
            return self._look_up(question, state, question.address, fraction)
        remembered = _address_from(unseal(self.key, (question.context.address or {}).get("sealed")))
        if remembered is not None:
            return self._days(question, state, remembered, fraction)
        return self._ask(question, fraction)

    def proceed(
        self, question: Question, state: TurnState, flow: dict[str, Any]
    ) -> FlowReply | None:
        fraction = flow.get("fraction") if isinstance(flow.get("fraction"), str) else None
        payload = question.flow_input or ""
        if payload.startswith("waste:choice:"):
            opened = unseal(self.key, flow.get("choices"))
            choices = opened if isinstance(opened, list) else []
            index = payload.removeprefix("waste:choice:")
            if index.isdigit() and int(index) < len(choices):
                chosen = _address_from(choices[int(index)])
                if chosen is not None:
                    return self._days(question, state, chosen, fraction)
            return self._ask(question, fraction)
        if payload:
            return None  # another flow's button
        if flow.get("waiting") != "address":
            return None
        if question.address is not None:
            return self._look_up(question, state, question.address, fraction)
        if _STOP.match(normalize(question.text)):
            return FlowReply(self._answer(question, say("waste_stopped", question.language)))
        return None  # not an address: the rest of the pipeline answers it

    # --- steps ------------------------------------------------------------------------------
    def _ask(self, question: Question, fraction: str | None) -> FlowReply:
        """Ask for the address; with the curated collection-days answer's link and buttons,
        for a citizen who would rather look it up or ask about something near it."""
        tenant, language = question.tenant, question.language
        text = say("waste_ask_address", language, kommune=self._kommune(tenant, language))
        answer = self._answer(question, text, link=True)
        if self.book.has_sub(TOPIC, CALENDAR_SUB):
            curated = self.book.answer(tenant, TOPIC, language, sub=CALENDAR_SUB)
            answer = replace(
                answer,
                links=curated.links or answer.links,
                quick_replies=curated.quick_replies,
            )
        return FlowReply(
            answer, {"waiting": "address", **({"fraction": fraction} if fraction else {})}
        )

    def _look_up(
        self, question: Question, state: TurnState, query: AddressQuery, fraction: str | None
    ) -> FlowReply:
        tenant, language = question.tenant, question.language
        lookup = self.connectors.addresses(tenant)
        if lookup is None:
            return FlowReply(self._unavailable(question))
        try:
            found = lookup.find(tenant, query, limit=CHOICES + 1)
        except ConnectorUnavailable as exc:
            log.warning("address lookup unavailable for %s: %s", tenant.slug, exc)
            return FlowReply(self._unavailable(question))
        own = [a for a in found if a.municipality_code in ("", tenant.municipality_code)]
        waiting = {"waiting": "address", **({"fraction": fraction} if fraction else {})}
        # another municipality's address only when the citizen said where (a postcode): many
        # street names exist in several towns, and the register may not know every street
        if not own and found and query.postcode:
            other = found[0]
            text = say(
                "waste_other_municipality",
                language,
                place=f"{other.postcode} {other.city}".strip(),
                kommune=self._kommune(tenant, language),
            )
            return FlowReply(self._answer(question, text, personal=True, status="unanswered"))
        if not own:
            text = say("waste_not_found", language, kommune=self._kommune(tenant, language))
            return FlowReply(self._answer(question, text, status="unanswered", link=True), waiting)
        if len(own) == 1:
            return self._days(question, state, own[0], fraction)
        shown = own[:CHOICES]
        labels = _choice_labels(shown)
        text = say("waste_choose", language)
        if len(own) > CHOICES or not query.number:
            text = f"{text} {say('waste_choose_number', language)}"
        buttons = tuple(
            QuickReply(label=label, message=label, flow=f"waste:choice:{i}")
            for i, label in enumerate(labels)
        )
        return FlowReply(
            self._answer(question, text, personal=True, buttons=buttons, status="clarification"),
            {
                "waiting": "address",
                "choices": seal(self.key, [_remembered(a) for a in shown]),
                **({"fraction": fraction} if fraction else {}),
            },
        )

    def _days(
        self, question: Question, state: TurnState, address: Address, fraction: str | None
    ) -> FlowReply:
        tenant, language = question.tenant, question.language
        state.address_next = {"sealed": seal(self.key, _remembered(address))}
        schedule = self.connectors.pickups(tenant)
        if schedule is None:
            return FlowReply(self._unavailable(question))
        try:
            pickups = schedule.next_pickups(tenant, address, self.clock().date())
        except ConnectorUnavailable as exc:
            log.warning("pickup schedule unavailable for %s: %s", tenant.slug, exc)
            return FlowReply(self._unavailable(question))
        if not pickups:
            text = say("waste_no_days", language, address=address.label)
            return FlowReply(self._answer(question, text, personal=True, link=True))
        if fraction is not None:
            pickups = sorted(pickups, key=lambda p: p.fraction != fraction)
        lines = "\n".join(f"- {_fraction_line(p, language)}" for p in pickups)
        text = f"{say('waste_days', language, address=address.label)}\n\n{lines}"
        if fraction is not None and all(p.fraction != fraction for p in pickups):
            text = f"{say('waste_fraction_missing', language)}\n\n{text}"
        set_out = self.book.values(tenant, language).get("affald_udsaetning")
        if set_out:
            text = f"{text}\n\n{say('waste_set_out', language, when=str(set_out))}"
        buttons = (
            QuickReply(
                label=say("waste_other_address", language),
                message=say("waste_other_address", language),
                flow="waste:new",
            ),
        )
        return FlowReply(
            self._answer(question, text, personal=True, link=True, buttons=buttons),
        )

    # --- answers ----------------------------------------------------------------------------
    def _kommune(self, tenant: Tenant, language: Language) -> str:
        return str(self.book.values(tenant, language).get("kommune_navn") or tenant.name)

    def _links(self, tenant: Tenant, language: Language) -> tuple[Link, ...]:
        url = self.book.values(tenant, language).get("url_affaldskalender")
        if not url:
            return ()
        return (Link(title=say("waste_calendar_link", language), url=str(url)),)

    def _topic(self, question: Question) -> str:
        """The taxonomy topic the statistics count it under: storskrald has its own."""
        asked = asked_fraction(question.text) or (question.context.flow or {}).get("fraction")
        return "storskrald" if asked == "storskrald" and self.book.has("storskrald") else TOPIC

    def _unavailable(self, question: Question) -> Answer:
        text = say("waste_unavailable", question.language)
        return self._answer(question, text, status="unanswered", link=True)

    def _answer(
        self,
        question: Question,
        text: str,
        *,
        personal: bool = False,
        link: bool = False,
        buttons: tuple[QuickReply, ...] = (),
        status: str = "answered",
    ) -> Answer:
        links = self._links(question.tenant, question.language) if link else ()
        if link and not links:
            text = f"{text} {say('waste_ask_kommune', question.language)}"
        return Answer(
            text=text,
            origin="flow",
            status=status,
            topic=self._topic(question),
            quick_replies=buttons,
            links=links,
            language=question.language,
            personal=personal,
        )


def _fraction_line(pickup: Pickup, language: Language) -> str:
    name = say(f"waste_fraction_{pickup.fraction}", language) if _known(pickup) else pickup.fraction
    return f"{name}: {day_text(pickup.day, language)}"


def _known(pickup: Pickup) -> bool:
    return pickup.fraction in (
        "rest_mad",
        "papir",
        "plast",
        "glas_metal",
        "storskrald",
        "haveaffald",
    )


def _choice_labels(addresses: list[Address]) -> list[str]:
    """Button labels with only what tells the choices apart, so a stored turn's buttons do
    not spell out the citizen's address: "8260 Viby J" for one street in two postcodes,
    "nr. 12" for the house numbers on one street; the whole address otherwise."""
    streets = {(a.street, a.number, a.floor, a.door) for a in addresses}
    places = {(a.street, a.postcode) for a in addresses}
    if len(streets) == 1:
        return [f"{a.postcode} {a.city}".strip() for a in addresses]
    if len(places) == 1:
        return [
            "nr. " + a.number + (f", {a.floor}. {a.door}".rstrip() if a.floor else "")
            for a in addresses
        ]
    return [a.label for a in addresses]
