"""Facts from the tenant's own pages.

When a question asks for a fact (a price, a deadline, a phone number ...) and the curated
answer does not state one of that kind, but a passage of the municipality's site does, the
answer starts with the sentence(s) that carry it, quoted, with the page and its date; the
curated steps follow. When the curated answer states a local fact and the page says
otherwise, the page wins (the conflicting curated sentence is left out) and the disagreement
is reported for editors. Which sentences qualify is `answering/fact_sentences.py`. See
docs/adr/0009-question-level-answers.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from muni.answering.curated_edits import value_keys, without_repeats, without_sentences_holding
from muni.answering.fact_sentences import (
    STRONG_TIE,
    FactLookup,
    FactSentence,
    labelled,
    on_page_or_topic,
    on_topic,
    sentences_for_turn,
)
from muni.answering.follow_up import subject_words
from muni.answering.own_name import without_own_name
from muni.answering.page_quote import each_asked, quote, quoted_text
from muni.answering.readers import BUSINESSES, addresses
from muni.answering.sentence_reading import about_contact, relevant_stems
from muni.answering.state import TurnState
from muni.answering.word_ties import overlap, shared_weight
from muni.domain import Answer, FactConflict, FactUse, Link, Question, Source
from muni.facts.kinds import asking_clauses, value_kinds
from muni.facts.sentences import split_sentences
from muni.facts.values import find_values, states_money
from muni.search.index import Hit

# a national curated fact of these kinds also answers a question asking for the key's kind:
# "hvornår kan jeg gå på folkepension" is answered by an age ("67 år"), not by a page's date
ANSWERED_ALSO_BY = {"date": ("age",)}
# a curated answer sharing less than this of the question's rare words, beside a quote from
# another topic's page that shares much, is about something else
ABOUT_SOMETHING_ELSE = 1.0


def conflicts(
    answer: Answer, chosen: list[FactSentence], asks: tuple[str, ...]
) -> list[FactConflict]:
    """Local facts the curated answer states that the quoted page contradicts: the page
    states a value of the same kind about the same thing (it shares a word with the
    variable's name or with the curated sentence holding the value) and the curated value is
    not among the page's."""
    kinds = value_kinds(asks)
    passage = chosen[0].hit.passage
    if not on_topic(passage, answer.topic):
        # another topic's page contradicts nothing it does not name: the driving-licence
        # page's "hvert 15. år" is no delivery time for a health card
        named = relevant_stems(" ".join([passage.title, *passage.heading_path, passage.text]))
        if not relevant_stems((answer.topic or "").replace("-", " ")) & named:
            return []
    found = []
    for fact in answer.facts:
        if fact.scope != "local" or fact.kind not in kinds:
            continue
        curated = value_keys([v.text for v in find_values(fact.value, (fact.kind,))])
        if not curated:
            continue
        # sentences about something else the variable names ("Prisen er 24 kr. i timen" for
        # parking by the hour, on the page about resident permits) contradict nothing
        about = [f for f in chosen if about_the_same(fact.variable, answer.topic, f.text)]
        page_text = " ".join(f.text for f in about)
        page_words = _naming_stems(" ".join([page_text, passage.title, *passage.heading_path]))
        page_values = [v.text for v in find_values(page_text, (fact.kind,))]
        if fact.kind == "amount" and states_money(fact.value):
            # a price is contradicted by a price, not by a size ("2 kubikmeter" of bulky
            # waste is no price for collecting it)
            page_values = [v for v in page_values if states_money(v)]
        if not page_values:
            continue
        holding = " ".join(line for line in split_sentences(answer.text) if fact.value[:20] in line)
        subject = _naming_stems(fact.variable.replace("_", " ") + " " + holding)
        # a topic has many durations (deciding, delivering, repairing, waiting), and its own
        # word ties every sentence on its page: "hjælpemidlet bliver leveret inden for 5
        # arbejdsdage" is no time for deciding an application for aids. An English answer
        # shares no word with a Danish page: there the event the variable names ties
        # ("sagsbehandlingstid": behandle, afgørelse) a sentence that names an event, and the
        # topic one that names none.
        if fact.kind == "duration":
            topic_stems = relevant_stems((answer.topic or "").replace("-", " "))
            if answer.language == "da":
                subject = subject - topic_stems or subject
            elif relevant_stems(page_text) & _EVENT_STEMS:
                # the page says which event its duration is for: it must be the variable's
                subject = duration_event(fact.variable) or subject
        if not subject & page_words:
            continue  # the page's value is about something else
        if curated - value_keys(page_values):
            differing = [v for v in page_values if not value_keys([v]) & curated]
            page_value = differing[0] if differing else page_values[0]
            found.append(
                FactConflict(answer.topic or "", fact.variable, fact.value, page_value, passage.url)
            )
    return found


# what the duration a variable names is the time of: its page sentence says the event
_DURATION_EVENTS = {
    "sagsbehandlingstid": "behandle behandler behandling afgørelse afgøre svar",
    "behandlingstid": "behandle behandler behandling afgørelse afgøre svar",
    "leveringstid": "levere leveret levering",
    "ventetid": "vente venteliste",
}
# events no variable is named after: repairing, sending, a visit
_OTHER_EVENTS = "reparere repareret reparation punktering sende sendt posten besøg besøget"
# a page sentence with none of these names no event ("Sagsbehandlingstiden er 8 uger": the
# compound has no stem of its own); then the topic ties it, as in Danish
_EVENT_STEMS = frozenset().union(
    *(relevant_stems(words) for words in (*_DURATION_EVENTS.values(), _OTHER_EVENTS))
)


def duration_event(variable: str) -> frozenset[str]:
    """The stems of the event whose duration the variable names (`pas_leveringstid`:
    levere), or none when its name says no such event."""
    events = [words for end, words in _DURATION_EVENTS.items() if variable.endswith(end)]
    return frozenset().union(*(relevant_stems(words) for words in events))


def _naming_stems(text: str) -> frozenset[str]:
    """The stems of the words that name a subject: not "du", "at", "det" (they tied the
    driving-licence page's renewal to a health card's delivery time)."""
    return relevant_stems(" ".join(subject_words(text)))


def about_the_same(variable: str, topic: str | None, sentence: str) -> bool:
    """Whether a page sentence may state the variable's value: it has a word the variable's
    name has beyond its topic ("beboerlicens" in `parkering_beboerlicens_pris`), when the
    name has such words; a name of only the topic and the kind tells nothing (True)."""
    topic_words = relevant_stems((topic or "").replace("-", " "))
    own = relevant_stems(variable.replace("_", " ")) - topic_words
    return not own or bool(own & relevant_stems(sentence))


def quotes_another_value(
    asked: str, stated: list[FactUse], topic: str | None, chosen: list[FactSentence]
) -> bool:
    """The question names a fact the curated answer states, by a word of the fact's own name
    beyond its topic ("indkomstgrænsen": `friplads_indkomstgraense`), and the quote names it
    nowhere, in its sentences or headings, nor states its value: it is another value of the
    same kind ("Vuggestue: 3.950 kr." is a price, not the income limit for a free place)."""
    passage = chosen[0].hit.passage
    sentences = " ".join(f.text for f in chosen)
    quoted = relevant_stems(" ".join([sentences, passage.title, *passage.heading_path]))
    question = relevant_stems(asked)
    topic_words = relevant_stems((topic or "").replace("-", " "))
    for fact in stated:
        own = relevant_stems(fact.variable.replace("_", " ")) - topic_words
        if not own & question or own & quoted:
            continue
        # the quote may name it in other words ("for voksne" for `pas_pris_voksen`) and then
        # states its value
        page_values = value_keys([v.text for v in find_values(sentences, (fact.kind,))])
        if not value_keys([v.text for v in find_values(fact.value, (fact.kind,))]) & page_values:
            return True
    return False


def _fact_lines(text: str, kinds: tuple[str, ...], declared: tuple[str, ...] = ()) -> list[str]:
    """The sentences that state a value of these kinds, or one of the declared values."""
    return [
        line
        for line in split_sentences(text)
        if find_values(line, kinds) or any(value in line for value in declared)
    ]


class PageFacts:
    """Refiner: put the fact asked for from the tenant's own page first, when the curated
    answer lacks it or contradicts the page on a local fact."""

    name = "page_facts"

    def __init__(
        self,
        search: Callable[[Question, str, bool, str | None], list[Hit]],
        kommune: Callable[[Question], str],
        idf: Callable[[Question], Mapping[str, float]],
        meaning: FactLookup | None = None,
    ) -> None:
        self.search = search
        self.kommune = kommune
        self.idf = idf
        self.meaning = meaning

    def __call__(self, question: Question, answer: Answer, state: TurnState) -> Answer:
        if answer.origin != "curated" or answer.status != "answered" or not state.asks:
            return answer
        kinds = value_kinds(state.asks)
        if not kinds:
            return answer
        # a value the curated answer declares as a fact of the kind states it too, in words
        # no value pattern reads ("bagud, én gang om måneden" for when kontanthjælp is paid)
        declared = tuple(
            f.value for f in answer.facts if f.kind in kinds and f.value in answer.text
        )
        # every kind asked for: "hvornår har visitationen telefontid" (hours and a phone) is
        # not answered by the phone number alone
        stated_kinds = [
            bool(
                find_values(answer.text, values)
                or any(f.kind in values and f.value in declared for f in answer.facts)
            )
            for values in each_asked(state.asks)
        ]
        states_fact = all(stated_kinds)
        # a follow-up needs the meaning to find its page; otherwise reuse what is there
        semantic = state.follow_up or bool(
            state.prediction is not None and state.prediction.semantic_used
        )
        hits = state.hits(
            lambda text, sem, topic: self.search(question, text, sem, topic),
            semantic,
            answer.topic,
        )
        idf = self.idf(question)  # the tenant's, looked up once per turn
        found = sentences_for_turn(
            hits,
            question,
            state,
            idf,
            meaning=self.meaning(question, kinds, state.follow_up, answer.topic)
            if self.meaning
            else (),
            topic=answer.topic,
            strict=True,
            said=answer.text,
        )
        if state.topic_pages_only:  # whom to call: a sentence on the topic's page that says
            for_business = addresses(question.text, BUSINESSES)
            found = [
                f
                for f in found
                if on_topic(f.hit.passage, answer.topic)
                and about_contact(f.text)
                and (for_business or not addresses(f.text, BUSINESSES))
            ]
        if not found:
            return answer
        chosen = quote(found, each_asked(state.asks))
        # a value the answer states may be contradicted even when another kind asked for is
        # missing: the page's phone number must not stand beside a different curated one
        disagreements = conflicts(answer, chosen, state.asks) if any(stated_kinds) else []
        # a local fact: the tenant's own page is the authority, so it goes first; a national
        # fact (set by law) stays unless the page answers the question more closely
        stated = [f for f in answer.facts if f.kind in kinds]
        also = [f for k in kinds for f in answer.facts if f.kind in ANSWERED_ALSO_BY.get(k, ())]
        if not stated and also and all(f.scope == "national" for f in also):
            # a national value of a kind that answers it: the page must answer more closely
            states_fact, stated, kinds = True, also, tuple({f.kind for f in also})
            disagreements = []
        national = bool(stated) and all(f.scope == "national" for f in stated)
        asked = without_own_name(question.text, question.tenant)  # "i aarhus" ties nothing
        if not disagreements and states_fact:
            if quotes_another_value(asked, stated, answer.topic, chosen):
                return answer
        closer = self._page_is_closer(asked, answer.text, found[0], kinds, national, declared)
        if states_fact and not disagreements and national and not closer:
            return answer
        page = chosen[0].hit.passage
        on_thread = state.follow_up and answer.topic == question.context.topic
        if (
            states_fact
            and not disagreements
            # the conversation, not the words, ties a follow-up's page: the page it is on, or
            # one about its topic ("hvor lang tid før kortet kommer" after the health card's
            # price does not want the driving licence's renewal)
            and not (
                state.follow_up
                and on_page_or_topic(page, question.context.topic, question.context.page_url)
            )
            and not on_topic(page, answer.topic)
            and not relevant_stems(page.title) & relevant_stems(asked)
            # a follow-up on the conversation's topic has few words of its own, and common
            # ones: "hvor tit kommer de saa og gør rent" (home help) is closer in words to
            # "Kommunen gør rent på torve og i parker 1. og 2. januar" than to "hver 14. dag"
            and (
                on_thread
                or not self._page_is_closer(asked, answer.text, found[0], kinds, True, declared)
            )
        ):
            # the answer states the fact asked for, and another topic's page is no closer:
            # "kaster op og har feber, lægen har lukket" needs the out-of-hours number, not
            # "Læg brugte batterier i en klar, lukket plastpose"
            return answer
        curated = answer.text
        if disagreements:
            curated = without_sentences_holding(curated, [d.curated_value for d in disagreements])
        language = answer.language
        lead = quoted_text(chosen, self.kommune(question), language)
        if language == "da":  # an English answer's own sentences are what its reader reads
            curated = without_repeats(curated, " ".join(f.text for f in chosen), kinds, idf)
        if (
            not on_topic(page, answer.topic)
            and shared_weight(asked, curated, idf) < ABOUT_SOMETHING_ELSE
            and shared_weight(asked, " ".join(f.text for f in chosen), idf) >= 2 * STRONG_TIE
        ):
            # the page names what was asked and the curated answer hardly does: the topic was
            # a guess ("hvor får man gratis hundeposer" got free parking after the quote)
            curated = ""
        link = Link(page.title, page.url)
        source = Source(kind="page", ref=f"{page.url}#p{page.id}", title=page.title, url=page.url)
        return replace(
            answer,
            text=f"{lead}\n\n{curated}".strip(),
            links=(link, *[lk for lk in answer.links if lk.url != page.url]),
            sources=(*answer.sources, source),
            conflicts=tuple(disagreements),
            diagnostics={**answer.diagnostics, "page_fact": page.url},
        )

    @staticmethod
    def _page_is_closer(
        question_text: str,
        curated: str,
        best: FactSentence,
        kinds: tuple[str, ...],
        strictly: bool,
        declared: tuple[str, ...] = (),
    ) -> bool:
        """The page's best sentence shares as many of the question's words as any curated
        sentence that states a fact of the kind ("om fredagen", "Genbrugsbutikken"), or more
        when the curated fact is a national one (set by law: the curated value is the
        reference). Only the best sentence counts: the sentences quoted beside it (the rest
        of a price list) do not make the page answer the question more closely. The clause
        that asks counts first, then the whole message: "tak. når byrådet så har behandlet det,
        hvor hurtigt kommer referatet ud?" asks about the minutes, not the council's term
        ("hvert 4. år")."""
        asking = asking_clauses(question_text)

        def closeness(text: str) -> tuple[int, int]:
            return overlap(asking, text), overlap(question_text, text)

        page = closeness(labelled(best))
        lines = _fact_lines(curated, kinds, declared)
        own = max((closeness(line) for line in lines), default=(0, 0))
        return page > own if strictly else page >= own
