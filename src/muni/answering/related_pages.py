"""Pages linked beside a curated answer or a clarifying question (`RelatedPages`): the tenant's
own pages about the answer's topic, or close to the question and sharing a rare word that names
its subject (ADR 0006, 2026-11-30)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from muni.answering.fact_sentences import STRONG_TIE, on_topic
from muni.answering.follow_up import subject_words
from muni.answering.own_name import without_own_name
from muni.answering.search import Search, page_links
from muni.answering.sentence_reading import relevant_stems
from muni.answering.state import TurnState
from muni.answering.word_ties import COMMON_IDF
from muni.domain import Answer, Link, Question
from muni.nlu.classifier import Prediction
from muni.store.pages import IndexedPassage


class RelatedPages:
    """Adds up to two of the tenant's own pages to a curated answer or a clarifying question.

    A page counts as related when it is about the answer's topic, or when it is close to the
    question (keyword score or similarity) *and* shares a rare word that names the question's
    subject. On a site of a few hundred pages "hvad", "gør" and "gerne" are rare too: their
    scores alone linked the road-fault page beside a wedding answer, and e5 puts almost any
    page at 0.86 to a short follow-up. A page about a topic the classifier all but ruled out
    must share such a word in its title or headings ("gravetilladelse"), or two of them: the
    hazardous-waste page shares only "gift" (poison) with "giftes", in its text. No new
    embedding is computed for this (it would double the median latency); the question's
    embedding is used only when the classifier already made it."""

    name = "related_pages"
    KEYWORD_AT = 8.0
    SIMILARITY_AT = 0.86
    OTHER_TOPIC_AT = 0.05  # a page about another topic this likely needs no word in its title

    def __init__(self, search: Search, idf: Callable[[Question], Mapping[str, float]]) -> None:
        self.search = search
        self.idf = idf

    def __call__(self, question: Question, answer: Answer, state: TurnState) -> Answer:
        if answer.origin != "curated" or answer.status not in ("answered", "clarification"):
            return answer
        prediction = state.prediction
        # the classifier embedded the question already when it was unsure: reuse it (cached)
        semantic = bool(prediction is not None and prediction.semantic_used)
        hits = state.hits(
            lambda text, sem, topic: self.search(question, text, sem, topic), semantic
        )[:6]
        words = _subject_stems(
            without_own_name(state.search_text or question.text, question.tenant)
        )
        idf = self.idf(question)
        # the conversation's topic too: a follow-up moved to another topic is still about it
        plausible = {answer.topic, question.context.topic}
        if not (state.follow_up and answer.topic == question.context.topic):
            # a follow-up that stays on the thread has few words of its own, and the
            # classifier's other guesses for them are not what it is about ("og for børn?"
            # after a passport's price: childcare, child benefit, children's dentist)
            plausible |= _likely_topics(prediction, self.OTHER_TOPIC_AT)
        related = [
            h
            for h in hits
            if (answer.topic and h.passage.topic == answer.topic)
            or (
                (h.keyword >= self.KEYWORD_AT or h.similarity >= self.SIMILARITY_AT)
                and _shares_rare_words(h.passage, words, idf, plausible)
            )
        ]
        if state.topic_pages_only:
            # a general answer about the topic ("kan jeg gøre det for hende, hun har ikke
            # mitid" after a walker): pages sharing only the follow-up's words (MitID,
            # "søger") are about something else
            related = [h for h in related if on_topic(h.passage, answer.topic)]
        links, sources = page_links(related, limit=2)
        # a page the answer links already, also under another address with the same title
        # (the curated link to aarhus.dk/.../bestil-tid and the crawled copy of that page)
        urls = {link.url for link in answer.links}
        titles = {_title(link) for link in answer.links}
        fresh = [
            (link, s)
            for link, s in zip(links, sources, strict=True)
            if link.url not in urls and _title(link) not in titles
        ]
        if not fresh:
            return answer
        return replace(
            answer,
            links=answer.links + tuple(link for link, _ in fresh),
            sources=answer.sources + tuple(s for _, s in fresh),
        )


def _title(link: Link) -> str:
    return " ".join(link.title.casefold().split())


def _likely_topics(prediction: Prediction | None, at: float) -> set[str | None]:
    return set() if prediction is None else {label for label, p in prediction.ranked if p >= at}


# words that name no subject a page could be about, besides those `subject_words` and
# `relevant_stems` leave out ("når", "fået", "hurtigt", "svar", "starte", "stort", "nyt": the
# business-start page beside a nursery's price, the rats page beside a hole in the road, the
# tree-felling page, which plants "et nyt træ", beside a new passport's price)
_NO_PAGE_SUBJECT = frozenset(
    "når naar fået faaet faet hurtigt hurtig svar svaret starte starter start begynde "
    "begynder stor store stort ny nyt nye new".split()
)


def _subject_stems(text: str) -> frozenset[frozenset[str]]:
    """The stems of each word that names what the text is about: not "hvad", "søndag",
    "åben", "i morgen" (`follow_up.subject_words`), nor common verbs (`relevant_stems`). One
    set per word: "vejen" stems to "vej" and counts once with "vej"."""
    found = (relevant_stems(word) for word in subject_words(text) if word not in _NO_PAGE_SUBJECT)
    return frozenset(stems_ for stems_ in found if stems_)


def _shares_rare_words(
    passage: IndexedPassage,
    words: frozenset[frozenset[str]],
    idf: Mapping[str, float],
    plausible: set[str | None],
) -> bool:
    """The passage shares words that name the question's subject, worth STRONG_TIE of rarity
    together, and, when it is about a topic that is not plausible, one of them is in its title
    or headings or it shares two ("kommunalvalg" and "næste" on the council's page, for a
    question about elections; "container" and "vej" on the page about permits for the road)."""
    heading = relevant_stems(" ".join((passage.title, *passage.heading_path)))
    page = relevant_stems(passage.text) | heading
    rarity = {word: max(idf.get(w, 0.0) for w in word & page) for word in words if word & page}
    rare = {word for word, value in rarity.items() if value >= COMMON_IDF}
    if sum(rarity[word] for word in rare) < STRONG_TIE:
        return False
    topics = {passage.topic, passage.page_topic} - {None}
    in_heading = any(word & heading for word in rare)
    return not topics or bool(topics & plausible) or in_heading or len(rare) >= 2
