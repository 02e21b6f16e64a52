"""Small frozen value types shared across muni: tenants, questions, answers, sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

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
    opening_hours: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    nlu: dict[str, float] = field(default_factory=dict, hash=False, compare=False)
    website: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    generation: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    theme: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    holidays: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class QuickReply:
    """A button under an answer; pressing it sends `message` (and `topic`, when set)."""

    label: str
    message: str
    topic: str | None = None


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
class Question:
    """One citizen message after redaction, with what the pipeline knows about it."""

    tenant: Tenant
    text: str
    language: Language = "da"
    redacted_kinds: tuple[str, ...] = ()
    topic_hint: str | None = None
    previous_topic: str | None = None  # the topic of the conversation's last answer


@dataclass(frozen=True)
class Answer:
    """What the pipeline returns for one question, whichever step produced it."""

    text: str
    origin: Origin
    status: str
    topic: str | None = None
    sources: tuple[Source, ...] = ()
    confidence: float | None = None
    quick_replies: tuple[QuickReply, ...] = ()
    links: tuple[Link, ...] = ()
    language: Language = "da"
    timings: dict[str, float] = field(default_factory=dict, hash=False, compare=False)
    action: str | None = None
    diagnostics: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
