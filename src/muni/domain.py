"""Small frozen value types shared across muni: tenants, questions, answers, sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from muni.connectors.values import AddressQuery, Citizen, Contact

Origin = Literal["curated", "search", "generated", "flow", "handoff", "guard", "fallback"]
Language = Literal["da", "en"]


@dataclass(frozen=True)
class Tenant:
    """A municipality served by this installation."""

    id: int
    slug: str
    name: str
    municipality_code: str
    domains: tuple[str, ...] = ()
    variables: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    variables_en: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    opening_hours: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    nlu: dict[str, float] = field(default_factory=dict, hash=False, compare=False)
    website: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    generation: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    theme: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    holidays: tuple[str, ...] = ()
    # what citizens can book (services, locations, hours, capacity): booking/setup.py
    booking: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    # which outside system each connector uses, and how to reach it: connectors/registry.py
    connectors: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class QuickReply:
    """A button under an answer; pressing it sends `message` (and `topic` and `sub`, when
    set: the answer it leads to; `flow`: the choice in a flow, e.g. a booking slot)."""

    label: str
    message: str
    topic: str | None = None
    sub: str | None = None
    flow: str | None = None  # a flow button's payload, sent back as NewMessage.flow


@dataclass(frozen=True)
class Source:
    """Where an answer came from: a curated answer or a web page passage."""

    kind: Literal["curated", "page"]
    ref: str
    title: str = ""
    url: str | None = None


@dataclass(frozen=True)
class Redaction:
    """What the privacy step replaced in a message (kinds only, never the values)."""

    text: str
    kinds: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.kinds)


@dataclass(frozen=True)
class ConversationContext:
    """What the conversation is about so far, so that a follow-up ("og hvad koster det?",
    "hvor ligger de?") can be understood. Stored with the conversation after every turn."""

    topic: str | None = None
    sub_answer: str | None = None
    asks: tuple[str, ...] = ()  # the fact kinds the last question asked for
    page_url: str | None = None  # the first page the last answer cited
    # the last answer was in the page's own words (search, generated): its topic is only the
    # page's label, and a follow-up may be about the page rather than the label's answer
    from_page: bool = False
    question: str = ""  # the last question, redacted
    language: Language = "da"
    # the last question's meaning (its e5 embedding, float16, base64), when it was computed:
    # a follow-up is searched with its own meaning and this one together
    vector: str | None = None
    # an unfinished flow (booking, waste pickup): its name, step and what it has gathered
    flow: dict[str, Any] | None = None
    # the address the citizen gave for waste pickups: its register id and label, kept for the
    # conversation (the transcript holds [ADRESSE])
    address: dict[str, str] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "sub_answer": self.sub_answer,
            "asks": list(self.asks),
            "page_url": self.page_url,
            "from_page": self.from_page,
            "question": self.question,
            "language": self.language,
            "vector": self.vector,
            "flow": self.flow,
            "address": self.address,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> ConversationContext:
        data = data or {}
        return cls(
            topic=data.get("topic"),
            sub_answer=data.get("sub_answer"),
            asks=tuple(data.get("asks") or ()),
            page_url=data.get("page_url"),
            from_page=data.get("from_page") is True,
            question=str(data.get("question") or ""),
            language="en" if data.get("language") == "en" else "da",
            vector=data.get("vector") if isinstance(data.get("vector"), str) else None,
            flow=data.get("flow") if isinstance(data.get("flow"), dict) else None,
            address=data.get("address") if isinstance(data.get("address"), dict) else None,
        )


@dataclass(frozen=True)
class Question:
    """One citizen message after redaction, with what the pipeline knows about it."""

    tenant: Tenant
    text: str
    language: Language = "da"
    redacted_kinds: tuple[str, ...] = ()
    # the question's subjects in the words the pages use, for keyword matching: an English
    # question's in Danish ("swimming pool": "svømmehal svømmehallen"), a Danish question's
    # everyday words in the pages' ("raketter": "fyrværkeri", content/synonyms_da.yaml)
    danish_terms: str = ""
    # the same for the question an English follow-up follows ("and the kids are 7 and 11?"
    # after the swimming pool's price names no pool itself)
    earlier_danish_terms: str = ""
    topic_hint: str | None = None  # from a pressed quick reply or a QR link
    sub_hint: str | None = None
    context: ConversationContext = field(default_factory=ConversationContext)
    # a pressed flow button's payload ("booking:slot:2026-12-01T09:00"), never free text
    flow_input: str | None = None
    # held for this request only, never stored: the logged-in citizen, the booking form's
    # name and phone, the address taken out of the message before redaction
    citizen: Citizen | None = None
    contact: Contact | None = None
    address: AddressQuery | None = None
    login_expired: bool = False  # the citizen's login session ran out: say so at the offer

    @property
    def previous_topic(self) -> str | None:
        return self.context.topic

    def with_danish_terms(self, text: str, earlier: bool = False) -> str:
        """`text` (the message, or what a follow-up searches for) and, for an English
        question, the Danish words of its subjects: what keyword matching looks for; with
        `earlier` (a follow-up searched with the question it follows), that question's too."""
        terms = " ".join(
            t for t in (self.danish_terms, self.earlier_danish_terms if earlier else "") if t
        )
        return f"{text} {terms}" if terms else text


@dataclass(frozen=True)
class FactUse:
    """A variable's value as shown in a curated answer (to compare with the tenant's page)."""

    variable: str
    value: str
    kind: str
    scope: str


@dataclass(frozen=True)
class FactConflict:
    """A local fact where the curated answer and the tenant's own page disagree."""

    topic: str
    variable: str
    curated_value: str
    page_value: str
    url: str


@dataclass(frozen=True)
class Answer:
    """What the pipeline returns for one question, whichever step produced it."""

    text: str
    origin: Origin
    status: str
    topic: str | None = None
    sub_answer: str | None = None
    sources: tuple[Source, ...] = ()
    confidence: float | None = None
    quick_replies: tuple[QuickReply, ...] = ()
    links: tuple[Link, ...] = ()
    language: Language = "da"
    timings: dict[str, float] = field(default_factory=dict, hash=False, compare=False)
    # what the widget should offer under the answer: "book_contact" (the booking form for
    # name and phone), "citizen_login" (log in with MitID); None for nothing
    action: str | None = None
    diagnostics: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    facts: tuple[FactUse, ...] = ()
    conflicts: tuple[FactConflict, ...] = ()
    safety: str | None = None  # the safety class that fired on the question, if any
    # the answer shows the logged-in citizen's own data: the transcript keeps a placeholder
    personal: bool = False
