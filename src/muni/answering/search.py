"""The website-search step: answer from the tenant's own pages when no curated answer fits.

The answer quotes the most relevant sentences of the best passage and links up to three pages.
Whether the best hit is relevant enough is decided by a small logistic gate over similarity,
keyword score and the classifier's out-of-scope probability (weights are data:
content/search_gate.yaml, fitted by bench/tune_search_gate.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import yaml

from muni.answering.fact_sentences import sentences_for_turn
from muni.answering.follow_up import continues
from muni.answering.page_quote import each_asked, quote, with_negative_heading
from muni.answering.passage_choice import (
    RARE_WORD_IDF,
    best_sentences,
    closest_on_page,
    closest_sentences,
    closest_to_the_question,
)
from muni.answering.sentence_reading import has_subject
from muni.answering.state import TurnState
from muni.domain import Answer, Language, Link, Question, Source, Tenant
from muni.facts.kinds import question_clauses, value_kinds
from muni.nlu.classifier import OUT_OF_SCOPE, Prediction
from muni.nlu.tokens import stems
from muni.search.index import Hit
from muni.store.pages import IndexedPassage
from muni.texts import say

if TYPE_CHECKING:
    from muni.runtime import Runtime

# the question (its tenant), the text to look for, whether to embed, a topic to include
Search = Callable[[Question, str, bool, "str | None"], list[Hit]]
# the passages of one of the question's tenant's pages, by its URL, in their order on it
PageLookup = Callable[[Question, str], list[IndexedPassage]]

ANSWER_AT = 0.5  # gate probability needed to answer from a page
# a message this short, sharing a rare word with the page the conversation is on, asks more
# about that page
ON_PAGE_MAX_WORDS = 8
SUGGEST_AT = 0.2  # below ANSWER_AT but above this, the honest fallback may suggest pages


@dataclass(frozen=True)
class SearchGate:
    weights: tuple[float, float, float]
    bias: float

    @classmethod
    def load(cls, path: Path) -> SearchGate:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
        data = data or {}
        weights = tuple(float(w) for w in data.get("weights", (12.0, 0.15, -2.0)))
        return cls(weights=weights, bias=float(data.get("bias", -12.0)))  # type: ignore[arg-type]

    def probability(self, features: tuple[float, float, float]) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, features, strict=True))
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


def features(hits: list[Hit], prediction: Prediction | None) -> tuple[float, float, float]:
    similarity = max((h.similarity for h in hits), default=0.0)
    keyword = max((h.keyword for h in hits), default=0.0)
    oos = dict(prediction.ranked).get(OUT_OF_SCOPE, 0.0) if prediction else 0.0
    return similarity, keyword, oos


def gate_features(runtime: Runtime, tenant: Tenant, text: str) -> tuple[float, float, float]:
    """The gate's inputs for a question, as the pipeline would compute them (for tuning)."""
    question = runtime.pipeline.prepare(tenant, text)
    prediction = runtime.models.intents.predict(question.text, runtime.embedder)
    return features(runtime.search_index.search(tenant, question.text, k=8), prediction)


def page_links(hits: list[Hit], limit: int = 3) -> tuple[list[Link], list[Source]]:
    links: list[Link] = []
    sources: list[Source] = []
    for hit in hits:
        url = hit.passage.url
        if any(link.url == url for link in links):
            continue
        links.append(Link(hit.passage.title, url))
        sources.append(
            Source(kind="page", ref=f"{url}#p{hit.passage.id}", title=hit.passage.title, url=url)
        )
        if len(links) == limit:
            break
    return links, sources


def about_something_else(
    passage: IndexedPassage, prediction: Prediction | None, language: Language = "da"
) -> bool:
    """The page a search answer would quote is not about any of the classifier's three
    likeliest topics, or it is a section's front page, which answers no question itself
    ("Her finder du information og selvbetjening ..."). A page with no topic of muni's own
    (bonfires, bathing water) is about what muni has no curated answer for: it answers a
    Danish question. A question in another language shares no words with the Danish pages,
    so nothing tells that such a page is about it: the likely topic answers ("moving to
    Aarhus from Germany, what do we need to do to register" found the fire service's page)."""
    if passage.topic is None:
        return language != "da" or section_front(passage)
    likely = {label for label, _p in prediction.ranked[:3]} if prediction else set()
    return passage.topic not in likely


def section_front(passage: IndexedPassage) -> bool:
    """The passage is on the site's or a section's front page ("/", "/borger")."""
    return len([part for part in urlparse(passage.url).path.split("/") if part]) <= 1


def shares_a_rare_word(question: str, quote: str, idf: Mapping[str, float]) -> bool:
    """The question and the quote share a word that few of the tenant's passages have."""
    shared = set(stems(question)) & set(stems(quote))
    return any(idf.get(word, 0.0) >= RARE_WORD_IDF for word in shared)


def prefer_page(hits: list[Hit], url: str | None) -> list[Hit]:
    """The hits with those from the page the conversation is on first (a follow-up)."""
    if not url:
        return hits
    return [h for h in hits if h.passage.url == url] + [h for h in hits if h.passage.url != url]


class SearchStep:
    name = "website_search"

    def __init__(
        self,
        search: Search,
        gate: SearchGate,
        book_values: Any,
        idf: Callable[[Question], Mapping[str, float]],
        meaning: Any = None,
        phraser: Any = None,
        page: PageLookup | None = None,
    ) -> None:
        self.search = search
        self.page = page
        self.idf = idf
        self.meaning = meaning  # fact sentences by meaning (fact_sentences.FactLookup)
        self.gate = gate
        self.values = book_values
        self.phraser = phraser

    def _on_the_page(
        self, question: Question, state: TurnState, hits: list[Hit], page_url: str
    ) -> bool:
        """A short message whose rare words are on the page the conversation is on and that
        no curated topic answered: it asks more about that page. A long one too when it goes
        on from the last ("og nytaarsaftensdag? vil gerne af med alt pappet …"), or when the
        page shares a rare word with it and the best hit shares none ("er der toiletter og et
        sted at skifte lillesøsters ble?" after the playgrounds: the daycare page has only
        "skifte"). When none of the hits is on the page, the whole page is read, and the
        best hit must share none of the message's rare words ("findes der klippekort, vi
        kommer der hver weekend" after the swimming hall's prices stays there)."""
        on_page = " ".join(h.passage.text for h in hits if h.passage.url == page_url)
        idf = self.idf(question)
        first = hits[0].passage
        if not on_page and self.page is not None:
            lookup = self.page
            whole = state.page(lambda url: lookup(question, url), page_url)
            return (
                shares_a_rare_word(question.text, " ".join(p.text for p in whole), idf)
                and not shares_a_rare_word(question.text, first.text, idf)
            )
        if len(question.text.split()) > ON_PAGE_MAX_WORDS and not continues(question.text):
            return (
                first.url != page_url
                and bool(on_page)
                and shares_a_rare_word(question.text, on_page, idf)
                and not shares_a_rare_word(question.text, first.text, idf)
            )
        if first.url == page_url and hits[0].keyword > 0:
            # "hvor sent må musikken spille om lørdagen" after the events page: its best match
            # by words and meaning is still that page
            return True
        return bool(on_page) and shares_a_rare_word(question.text, on_page, idf)

    def _with_own_on_page(
        self, question: Question, state: TurnState, hits: list[Hit], page_url: str
    ) -> list[Hit]:
        """The hits, and the page's passages that the follow-up's own words find: searched
        with the question it follows, "og hvad skal jeg selv give for at komme ind som voksen"
        finds the swimming hall's hours again, not its prices. Then the rest of the page: "og
        hvor mange må vi være" after the shelters has no words of its own to find the places'
        sizes with, and searched with the questions before it, the garden waste's "må" and
        numbers pushed the shelters page out of the hits altogether. A message that asks no
        kind of fact reads the page too when its subject is on it ("frokost?" after the
        activity centres' walking group: `TurnState.about_page`)."""
        if not state.asks and not state.about_page:
            return hits
        lookup = self.page
        whole = state.page(lambda url: lookup(question, url), page_url) if lookup else []
        page = next((h.passage for h in hits if h.passage.url == page_url), None)
        page = page or (whole[0] if whole else None)
        if page is None:
            return hits
        own = state.topic_text or question.text  # without a leading "ok tak."
        # "hvad koster det iværksætterkursus i har" names what another hit is about: the
        # conversation's page is no help there
        elsewhere = " ".join(h.passage.text for h in hits if h.passage.url != page_url)
        on_page = " ".join(h.passage.text for h in hits if h.passage.url == page_url)
        idf = self.idf(question)
        if shares_a_rare_word(own, elsewhere, idf) and not shares_a_rare_word(own, on_page, idf):
            return hits
        seen = {h.passage.id for h in hits}
        extra = [
            h
            for h in self.search(question, own, True, page.page_topic or page.topic)
            if h.passage.url == page_url and h.passage.id not in seen
        ]
        seen |= {h.passage.id for h in extra}
        extra += [Hit(p, 0.0, 0.0, 0.0) for p in whole if p.id not in seen]
        return hits + extra

    def __call__(self, question: Question, state: TurnState) -> Answer | None:
        if not state.follow_up and not has_subject(question.text):
            return None  # "hvad koster det" on its own: any page would be a guess
        hits = state.hits(lambda text, sem, topic: self.search(question, text, sem, topic), True)
        if not hits:
            return None
        signals = features(hits, state.prediction)
        probability = self.gate.probability(signals)
        page_url = question.context.page_url
        if not state.follow_up and page_url and self._on_the_page(question, state, hits, page_url):
            # "hvor mange nætter i træk" after the shelters page: its own words, but they are
            # the page's; the conversation stays there (as a follow-up would)
            state.follow_up = True
        if state.follow_up and page_url:
            hits = prefer_page(self._with_own_on_page(question, state, hits, page_url), page_url)
            on_page = hits[0].passage.url == page_url
            probability = max(probability, ANSWER_AT) if on_page else probability
        if probability < ANSWER_AT:
            if probability >= SUGGEST_AT:
                state.suggested_pages = tuple(map(tuple, page_links(hits)))  # type: ignore[assignment]
            return None
        language = question.language
        kommune = self.values(question.tenant).get("kommune_navn", "kommunen")
        found = sentences_for_turn(
            hits, question, state, self.idf(question), meaning=self._meaning(question, state)
        )
        if found:
            chosen = quote(found, each_asked(state.asks))
            best_passage = chosen[0].hit.passage
            extract = " ".join(f.text for f in chosen)
            if all(f.hit.passage.id == best_passage.id for f in chosen):
                extract = with_negative_heading(best_passage, extract)
            hits = prefer_page(hits, best_passage.url)
            if hits[0].passage.url != best_passage.url:
                # a sentence found by its meaning, on a page the search did not find: the
                # page it quotes is still the first link and source
                hits = [chosen[0].hit, *hits]
        elif state.follow_up:
            own = question.text  # a follow-up's own words first
            best_passage = closest_on_page(hits, own)
            extract = best_sentences(best_passage.text, state.search_text, own=own)
            extract = with_negative_heading(best_passage, extract)
        elif question.language != "da" and not question.danish_terms:
            # English words the glossary does not know: nothing to weigh them by
            best_passage = hits[0].passage
            extract = best_sentences(best_passage.text, state.search_text)
            extract = with_negative_heading(best_passage, extract)
        else:
            # a new message's rare words, its question clause's twice (an English one's Danish
            # words), choose the passage and its sentences ("which one is it?" about free
            # compost: "kompost")
            foreign = question.language != "da"
            asked = question.danish_terms if foreign else question_clauses(question.text)
            message = question.danish_terms if foreign else question.text
            idf = self.idf(question)
            best_passage = closest_to_the_question(hits, message, asked, idf)
            extract = closest_sentences(best_passage.text, message, asked, idf)
            extract = with_negative_heading(best_passage, extract)
            # the passage quoted is the first source
            hits = [h for h in hits if h.passage.id == best_passage.id] + [
                h for h in hits if h.passage.id != best_passage.id
            ]
        if (
            state.likely is not None
            and about_something_else(best_passage, state.prediction, question.language)
            and (
                # a front page answers nothing, whatever word its quote shares ("Siderne er
                # ordnet efter emne" for "hvad der skal ordnes", after a mother's death)
                (best_passage.topic is None and section_front(best_passage))
                or not shares_a_rare_word(question.text, extract, self.idf(question))
            )
        ):
            return state.likely  # the likely topic's answer, not a page about something else
        links, sources = page_links(hits)
        shown = f"«{extract}»" if language == "en" else extract
        text = "\n\n".join(
            [
                say("search_intro", language, kommune=kommune),
                shown,
                say("search_read_more", language, title=best_passage.title),
            ]
        )
        answer = Answer(
            text=text,
            origin="search",
            status="answered",
            topic=best_passage.topic,
            sources=tuple(sources),
            confidence=round(probability, 4),
            links=tuple(links),
            language=language,
        )
        if self.phraser is not None:
            return self.phraser.phrase(question, hits[:4], answer, state.on_token)
        return answer

    def _meaning(self, question: Question, state: TurnState) -> list[Any]:
        kinds = value_kinds(state.asks)
        if self.meaning is None or not kinds:
            return []
        return self.meaning(question, kinds, state.follow_up, None)  # type: ignore[no-any-return]
