"""What the steps of one turn learn and pass on (typed, instead of a dict of notes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from muni.connectors.values import Citizen, Contact
from muni.domain import Answer, ConversationContext, Link, Question, Source

if TYPE_CHECKING:
    from muni.nlu.classifier import Prediction
    from muni.safety.verdict import SafetyVerdict
    from muni.search.index import Hit
    from muni.store.pages import IndexedPassage


@dataclass
class TurnState:
    """Filled in by the steps as they run, read by later steps and by the pipeline."""

    asks: tuple[str, ...] = ()  # the fact kinds the question asks for (own or inherited)
    own_asks: tuple[str, ...] = ()  # the fact kinds the message itself asks for
    follow_up: bool = False  # the message only makes sense with the conversation's context
    about_page: bool = False  # its subject is on the page the last answer quoted ("frokost?")
    search_text: str = ""  # what retrieval looks for (the follow-up plus its context)
    on_token: Callable[[str], None] | None = None  # receives generated text as it streams
    prediction: Prediction | None = None  # the intent classifier's view of the message
    safety: SafetyVerdict | None = None
    topic_text: str = ""  # the text to find the topic in, when not the whole message
    suggested_pages: tuple[tuple[Link, ...], tuple[Source, ...]] = ((), ())
    deferred: Answer | None = None  # a clarifying question, if nothing better answers
    # the answer of a likely topic the classifier is not sure enough of to answer with: the
    # website search gives it instead of a page about something else (SearchStep)
    likely: Answer | None = None
    # the answer is about the conversation's topic, asked in words any matter could have
    # ("hvem skal jeg kontakte", "kan jeg gøre det for hende"): only a page about the topic
    # may put a sentence before it (PageFacts, not a general page's press line) or be
    # linked beside it (RelatedPages)
    topic_pages_only: bool = False
    flow_handled: bool = False  # a flow answered this message (answering/flows/base.py)
    flow_next: dict[str, Any] | None = None  # the flow's state after it, None when finished
    address_next: dict[str, str] | None = None  # an address a flow found: remembered
    _hits: dict[tuple[str, bool, str | None], list[Hit]] = field(default_factory=dict)
    _pages: dict[str, list[IndexedPassage]] = field(default_factory=dict)
    _features: Any = None

    def cached_hits(self) -> list[list[Hit]]:
        """Every search result this turn has seen (the output guard trusts their text)."""
        return list(self._hits.values())

    def features(self, vectorise: Callable[[list[str]], Any], text: str) -> Any:
        """The message's lexical feature row, computed once for every classifier."""
        if self._features is None:
            self._features = vectorise([text])
        return self._features

    def hits(
        self,
        search: Callable[[str, bool, str | None], list[Hit]],
        semantic: bool,
        topic: str | None = None,
    ) -> list[Hit]:
        """The tenant's best passages for `search_text` (and, with `topic`, the best about
        that topic), searched once per turn."""
        key = (self.search_text, semantic, topic)
        if key not in self._hits:
            self._hits[key] = search(self.search_text, semantic, topic)
        return self._hits[key]

    def page(self, lookup: Callable[[str], list[IndexedPassage]], url: str) -> list[IndexedPassage]:
        """The passages of the tenant's page `url`, looked up once per turn (the intent step
        and the search both read the page a follow-up is on)."""
        if url not in self._pages:
            self._pages[url] = lookup(url)
        return self._pages[url]


@dataclass(frozen=True)
class TurnExtras:
    """What came with a message besides its text, for this turn only: a pressed flow
    button's payload, the logged-in citizen, the booking form's name and phone."""

    flow: str | None = None
    citizen: Citizen | None = None
    contact: Contact | None = None
    login_expired: bool = False  # the citizen's login session ran out (not logged out)


@dataclass(frozen=True)
class Outcome:
    """One answered turn: the redacted question, the answer, and the context after it."""

    question: Question
    answer: Answer
    context: ConversationContext
    safety_source: str = "input"  # who decided a guard: rules, classifier, both, or input
