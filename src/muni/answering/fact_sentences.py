"""Which sentences of the tenant's pages state the fact a question asks for, best first.

A sentence qualifies when it states a value of the kind asked for (a price, a deadline, a phone
number ...) and is tied to the question: by the rare words they share, by the conversation
(the earlier question, the curated answer being completed), by the page's topic, or by meaning.
`answering/page_facts.py` quotes the best of them; `answering/search.py` answers from them.
What a sentence states is `answering/sentence_reading.py`, the label of a value line
`answering/value_labels.py`, the words a question and a sentence share `answering/word_ties.py`.
See docs/adr/0009-question-level-answers.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from muni.answering.follow_up import subject_words
from muni.answering.own_name import without_own_name
from muni.answering.readers import PRESS, addressed_to_press, addresses
from muni.answering.sentence_reading import (
    CACHE_SIZE,
    MONTHS,
    about_calling,
    cached_sentences,
    calls,
    kinds_stated,
    numbered,
    relevant_stems,
    sentences,
    states_limit,
    states_value,
)
from muni.answering.state import TurnState
from muni.answering.time_asked import (
    kind_nouns_in,
    named_kinds,
    names_the_answer,
    names_the_kind,
    only_how_often,
    states_hours_or_days,
)
from muni.answering.value_labels import headline, label_of
from muni.answering.word_ties import compounds_of, joined, weight
from muni.domain import Question
from muni.facts.kinds import (
    asking_clauses,
    asks_how_often,
    asks_limit,
    asks_price,
    asks_waiting_time,
    asks_what_price,
    asks_when_allowed,
    counted_in,
    value_kinds,
    waits_for_an_answer,
)
from muni.facts.values import find_values, states_money, states_price, states_wait
from muni.nlu.tokens import stems, words_by_stem
from muni.nlu.tokens import words as written_words
from muni.search.index import FactHit, Hit
from muni.store.pages import IndexedPassage

# the question, the kinds of value, whether it is a follow-up, the answer's topic
# -> the fact sentences closest in meaning
FactLookup = Callable[[Question, tuple[str, ...], bool, "str | None"], list[FactHit]]


MEANING_TOP = 4  # the sentences this close in meaning may come from any general page
MAX_PASSAGES = 6  # sentences are looked for in the best few passages only
STRONG_TIE = 2.5  # rare words shared, for a passage off the answer's topic (one rare word)


@dataclass(frozen=True)
class FactSentence:
    text: str
    hit: Hit
    score: float


def labelled(found: FactSentence) -> str:
    """A fact sentence's text led by its line's label, if it has one (`label_of`)."""
    label = label_of(found.hit.passage.text, found.text)
    return f"{label} {found.text}" if label else found.text


@lru_cache(maxsize=CACHE_SIZE)
def _written(text: str) -> frozenset[str]:
    return frozenset(written_words(text))


@lru_cache(maxsize=CACHE_SIZE)
def _states_money(sentence: str) -> bool:
    return states_money(sentence)


@lru_cache(maxsize=CACHE_SIZE)
def _states_price(sentence: str) -> bool:
    return states_price(sentence)


@lru_cache(maxsize=CACHE_SIZE)
def _states_date(sentence: str) -> bool:
    return bool(find_values(sentence, ("date",)))


@lru_cache(maxsize=CACHE_SIZE)
def _states_wait(sentence: str) -> bool:
    return states_wait(sentence)


def fact_sentences(
    hits: list[Hit],
    message: str,
    asks: tuple[str, ...],
    idf: Mapping[str, float],
    earlier: str = "",
    prefer_url: str | None = None,
    topic: str | None = None,
    strict: bool = False,
    meaning: Sequence[FactHit] = (),
    said: str = "",
    foreign: bool = False,
    settled: bool = False,
    terms: str = "",
) -> list[FactSentence]:
    """Sentences that state a value of the kind asked for, best first: from the best
    passages (`hits`) and, when given, the fact sentences closest in meaning (`meaning`).

    A sentence is tied to the question by the rare words they share (weighted by how rare
    they are on the site), the message's own words counting double those of an earlier
    question it follows up; by the rare words of the curated answer being completed (`said`:
    "Visitationen" in the answer ties "Visitationen har telefontid ..."), which admit a general
    page's sentence close in meaning; and by meaning. Passages about the answer's topic or on
    the page the conversation is on come first; with `strict` (completing a curated answer) other
    pages must be general ones near the top that share a rare word or are closest in
    meaning. An English question (`foreign`) ties a sentence only by words written the same
    there or by the glossary's Danish words for its terms (`terms`), and, completing a curated
    answer, a page about another topic only by the latter."""
    kinds = value_kinds(asks)
    if not kinds or not (hits or meaning):
        return []
    now = relevant_stems(message) - MONTHS
    # an English question's subjects in the pages' words ("digging permit" -> gravetilladelse)
    from_glossary = relevant_stems(terms) if foreign else frozenset()
    glossary = {w for w in from_glossary if _long(w)}
    # an English word meets a Danish text only as the same word (a name, "MitID", "SFO") or
    # through the glossary: "centre" does not tie "centrene" by their common stem
    by_stem = words_by_stem(message) if foreign else {}

    def met(text: str) -> frozenset[str]:
        """The message's stems that tie `text` (all of them for a Danish message)."""
        if not foreign:
            return now
        written = _written(text)
        return frozenset(
            s for s in now if s in from_glossary or by_stem.get(s, frozenset()) & written
        )

    # the words naming what the message is about: "søgt" in "hun har søgt personligt tillæg"
    # ties no page about another topic ("... fra den første i måneden efter, du har søgt.")
    subject = relevant_stems(" ".join(subject_words(message))) - MONTHS
    # a long message's clause that asks names what it asks about: "hvilken hundeskov er
    # stoerst" after "… han har ALT for meget energi" (not the energy check)
    # ("hvor tørt" says what kind of value is asked, not what about)
    clause = asking_clauses(message)
    asking = (
        relevant_stems(_HOW_WHAT.sub(" ", clause)) - MONTHS if clause != message else frozenset()
    )
    # "hvor mange genbrugspladser" is answered by "Der er 3 genbrugspladser i kommunen"
    counted = counted_in(message) if "count" in kinds else frozenset()
    before = relevant_stems(earlier) - now - MONTHS
    # the earlier question's words meet the text the same way ("centre" before does not tie
    # "centrene" either)
    before_by_stem = words_by_stem(earlier) if foreign else {}

    def met_before(text: str) -> frozenset[str]:
        """The earlier question's stems that tie `text` (all of them for a Danish message)."""
        if not foreign:
            return before
        written = _written(text)
        return frozenset(s for s in before if before_by_stem.get(s, frozenset()) & written)
    calling = "opening_hours" in kinds and about_calling(stems(message))
    answered = relevant_stems(said) - now - before
    top = hits[0].score if hits else 0.0
    candidates: dict[tuple[int, str], _Candidate] = {}
    # what something costs is answered by a price, not by a size ("25 meter bassin")
    money = kinds == ("amount",) and asks_price(message)

    passage_words: dict[int, set[str]] = {}

    def candidate(passage: IndexedPassage, sentence: str, hit: Hit) -> _Candidate:
        key = (passage.id, sentence)
        if key not in candidates:
            words = relevant_stems(sentence)
            label = label_of(passage.text, sentence)
            if label:  # "Høringsfrist 9. november 2026." is about its line's label
                words = words | relevant_stems(label)
            headings = " ".join([passage.title, *passage.heading_path])
            heading = relevant_stems(headings)
            if passage.id not in passage_words:
                passage_words[passage.id] = relevant_stems(passage.text)
            around = passage_words[passage.id] - words - heading
            # the message's words as they meet the sentence, its headings and its paragraph
            said_here = met(f"{label or ''} {sentence}")
            # the sentence before it, in the same paragraph or list ("Får du besøg, kan du
            # købe et gæstebevis …" before "Du kan højst købe 30 gæstedøgn om året.")
            own = cached_sentences(passage.text)
            at = own.index(sentence) if sentence in own else 0
            previous = own[at - 1] if at > 0 else ""
            in_heading, in_paragraph = met(headings), met(passage.text)
            before_here = met_before(f"{label or ''} {sentence}")
            before_heading, before_around = met_before(headings), met_before(passage.text)
            tie = (
                2.0 * weight(said_here & words, idf)
                + 1.0 * weight(said_here & asking & words, idf)
                + 1.5 * weight(compounds_of(said_here - words, words), idf)
                + 1.5 * weight(joined(said_here, words), idf)
                + 0.75 * weight(compounds_of(before_here - words, words), idf)
                + weight(before_here & words, idf)
                # the message's own words in the headings name the sentence's subject; the
                # earlier question's there are context ("midtbyen" in the parking page's
                # title must not outweigh the festival page the conversation is reading)
                + 1.0 * weight(in_heading & heading, idf)
                + 0.5 * weight((before_heading - now) & heading, idf)
                # the sentence's paragraph
                + 0.5 * weight((in_paragraph | before_around) & around, idf)
            )
            topics = {passage.topic, passage.page_topic} - {None}
            on_subject = passage.url == prefer_url or (topic is not None and topic in topics)
            echo = weight(answered & words, idf)
            candidates[key] = _Candidate(
                sentence,
                hit,
                tie,
                on_subject,
                bool(topics),
                echo,
                calls=calling and calls(sentence),
                counts=bool(counted & numbered(sentence)),
                says=bool((said_here | before_here) & (words | relevant_stems(previous))),
                follows=bool(said),
                foreign=foreign,
                settled=settled,
                context_tie=weight(
                    (before_here & words) | (before_heading & heading) | (before_around & around),
                    idf,
                ),
                # not short words: "nødpasning" names a subject, "nyt" does not
                long_tie=2.0 * weight({w for w in said_here & subject & words if _long(w)}, idf),
                term_tie=2.0 * weight(glossary & (words | heading), idf),
                named=weight(
                    {w for w in (said_here & words) | (in_heading & heading) if _long(w)}, idf
                )
                > 0,
                on_page=prefer_url is not None and passage.url == prefer_url,
                off_page=prefer_url is not None and passage.url != prefer_url,
            )
        return candidates[key]

    # a line for the press is quoted only to a question that names the press
    for_press = addresses(message, PRESS)

    # how long until something happens is not answered by how often it does
    waiting = "duration" in kinds and asks_waiting_time(message)
    # "hvornår har de åbent om torsdagen" is not answered by a deadline in days (asked with
    # another kind, "hvornår har de åbent, og hvor lang tid i forvejen", it may be)
    hours = asks == ("opening_hours",)
    # "hvornår henter I juletræer" is not answered by "op til 12 gange om året"
    often = asks_how_often(message)

    def quotable(sentence: str) -> bool:
        return (
            states_value(sentence, kinds)
            and (not money or _states_money(sentence))
            and (not waiting or _states_wait(sentence))
            and (not hours or states_hours_or_days(sentence))
            and (often or not only_how_often(sentence, kinds))
            and (for_press or not addressed_to_press(sentence))
        )

    # "er der et max" after "gæstebeviser": the best page's limit answers it whatever it
    # counts ("Du kan højst købe 30 gæstedøgn om året"), not only a limit of the kind asked
    limit = asks_limit(message)
    best_page = hits[0].passage.url if hits else None

    def states_the_limit(sentence: str, passage: IndexedPassage) -> bool:
        return (
            limit
            and passage.url == best_page
            and states_limit(sentence)
            and bool(kinds_stated(sentence))
            and (for_press or not addressed_to_press(sentence))
        )

    for rank, hit in enumerate(hits):
        if rank >= MAX_PASSAGES and not on_page_or_topic(hit.passage, topic, prefer_url):
            continue
        for sentence in (*headline(hit.passage), *sentences(hit.passage.text)):
            if quotable(sentence) or states_the_limit(sentence, hit.passage):
                found = candidate(hit.passage, sentence, hit)
                found.rank = min(found.rank, rank)
                found.near_top = found.near_top or hit.score >= top * 0.5
    for sem_rank, fact in enumerate(meaning):
        if set(fact.kinds) & set(kinds) and quotable(fact.text):
            hit = Hit(fact.passage, 0.0, 0.0, fact.similarity)
            found = candidate(fact.passage, fact.text, hit)
            found.meaning_rank = min(found.meaning_rank, sem_rank)
    allowed = [c for c in candidates.values() if c.allowed(strict)]
    if foreign and not strict and not earlier and any(c.rank == 0 for c in allowed):
        # an English question (not a follow-up) meets the Danish pages in meaning, and through
        # the glossary's Danish words; when the best passage states what is asked, a sentence
        # on a page the search did not find must share one of those words, in the sentence,
        # its headings or its paragraph ("what does a normal adult ticket cost" at the pool is
        # not the activity centres' membership card)
        allowed = [c for c in allowed if c.rank < 1_000 or c.tie > 0]
    if not strict:
        # a list is quoted whole: the other values on the passage of a sentence that is
        # quoted ("how much does it cost to go swimming" ties "Morgensvømning … 35 kr." by
        # its word, and the list's "Voksne: 45 kr." by nothing)
        quoted = {c.hit.passage.id for c in allowed}
        allowed += [
            c for c in candidates.values() if c.hit.passage.id in quoted and c not in allowed
        ]
    if money and asks_what_price(message):
        # "hvad koster det at svømme" is answered by the page's price list, not by its
        # "svømmevinger ..., som du kan låne gratis" elsewhere on it (which shares "svømme");
        # what a price list says is free stays ("Børn under 3 år er gratis"), and "gratis"
        # still answers "skal hun også betale" and on a page that names no price
        priced = [c.hit.passage for c in allowed if _states_price(c.sentence)]
        pages, lists = {p.url for p in priced}, {p.id for p in priced}
        allowed = [
            c
            for c in allowed
            if c.hit.passage.url not in pages
            or c.hit.passage.id in lists
            or _states_price(c.sentence)
        ]
    if "date" in kinds and asks_when_allowed(message):
        # "hvornår må man skyde raketter af" is answered by the page's days, not by its
        # "gå væk med det samme, når lunten er tændt" (a duration, which "hvornår" may ask for)
        dated = {c.hit.passage.url for c in allowed if _states_date(c.sentence)}
        allowed = [c for c in allowed if c.hit.passage.url not in dated or _states_date(c.sentence)]
    if waits_for_an_answer(message):
        # "hvor lang tid tager det at faa svar" is answered by the sentence that names the
        # answer ("Sagsbehandlingstiden er normalt 2-4 uger"), when one does, not by another
        # span on a page about the same people ("Sommerferie …: 5 dage i uge 24")
        naming = [c for c in allowed if names_the_answer(c.hit.passage, c.sentence)]
        allowed = naming or allowed
    # the kind named where the message asks ("jeg har overskredet fristen, hvor lang tid går
    # der" names no kind it asks for in its story)
    named = kind_nouns_in(clause)
    if named:
        # "hvor lang ventetid er der på en kolonihave" is answered by the allotment page's
        # "Ventetiden er 2-6 år …", not by its "… kolonihavehus fra 1. april til 30.
        # september", which shares more of the message's words; on a page where a sentence
        # (or its heading) names the kind of fact asked, only those are quoted; a sentence
        # stating another kind asked stays ("koster det noget at stå på ventelisten, og hvor
        # lang ventetid er der": the price too)
        other = tuple(k for k in kinds if k not in named_kinds(named))
        with_noun = [c for c in allowed if names_the_kind(c.hit.passage, c.sentence, named)]
        pages = {c.hit.passage.url for c in with_noun}
        allowed = [
            c
            for c in allowed
            if c.hit.passage.url not in pages
            or c in with_noun
            or (other and states_value(c.sentence, other))
        ]
    if counted:
        # "hvor mange hunde må man have med" is answered by the page's "3 hunde", not by the
        # sizes of its dog forests ("6 hektar skov … hvor hunden må bade")
        counting = {c.hit.passage.url for c in allowed if c.counts}
        allowed = [c for c in allowed if c.hit.passage.url not in counting or c.counts]
    if limit:
        # "er der et max" is answered by the page's limit, not by the price per day in the
        # sentence before it; a limit that shares no word with the question is about
        # something else ("Grupperum kan bookes i op til 3 timer" for how many books)
        limited = {c.hit.passage.url for c in allowed if states_limit(c.sentence) and c.says}
        allowed = [
            c
            for c in allowed
            if (c.hit.passage.url not in limited or states_limit(c.sentence))
            and (c.says or states_value(c.sentence, kinds))
        ]
    if strict and not any(c.on_subject or c.echo >= STRONG_TIE for c in allowed):
        # nothing on the curated answer's topic or echoing its rare words (the topic may be
        # wrong): the sentences closest in meaning may come from any page, if they share a
        # long rare word with the message (in the sentence or its headings), or rare words
        # with the question it follows or with the answer ("hvor lang barsel har far" is
        # not answered by "Sparepærer og lysstofrør, der er kortere end 60 cm", however close
        # the two are in meaning)
        allowed += [
            c
            for c in candidates.values()
            if c.meaning_rank < 2
            and c not in allowed
            and (c.named or c.context_tie >= STRONG_TIE or c.echo >= STRONG_TIE)
        ]
    ranked = [FactSentence(c.sentence, c.hit, c.score(strict)) for c in allowed]
    return sorted(ranked, key=lambda f: -f.score)


def sentences_for_turn(
    hits: list[Hit],
    question: Question,
    state: TurnState,
    idf: Mapping[str, float],
    meaning: Sequence[FactHit] = (),
    topic: str | None = None,
    strict: bool = False,
    said: str = "",
) -> list[FactSentence]:
    """`fact_sentences` for this turn: a follow-up also counts the words of the question it
    follows and of the curated answer it completes (`said`), and prefers the page the
    conversation is on."""
    context = question.context
    # a follow-up is about the conversation's topic, whether or not its words were said; a
    # new question on the same topic still reads its words with the earlier question's
    # ("hvor tidligt skal spanden stå ude" after "tømningsdagen falder på 2. pinsedag")
    earlier = f"{context.question} {(context.topic or '').replace('-', ' ')}"
    earlier = without_own_name(earlier, question.tenant)
    same_topic = topic is not None and topic == context.topic
    return fact_sentences(
        hits,
        question.with_danish_terms(without_own_name(question.text, question.tenant)),
        state.asks,
        idf,
        earlier=earlier if state.follow_up or same_topic else "",
        prefer_url=context.page_url if state.follow_up else None,
        topic=topic,
        strict=strict,
        meaning=meaning,
        said=said if state.follow_up else "",
        foreign=question.language != "da",
        terms=question.danish_terms,
        settled=same_topic,
    )


LONG_WORD = 4  # a shared word this long may tie another topic's page ("nyt" may not)


# the word after "hvor"/"how" names the kind of value asked ("hvor tørt", "how early")
_HOW_WHAT = re.compile(r"\b(hvor|how) \w+", re.IGNORECASE)


def _long(word: str) -> bool:
    return len(word.removeprefix("l:")) >= LONG_WORD  # "l:ny" is the lemma of "nyt"


def on_topic(passage: IndexedPassage, topic: str | None) -> bool:
    """The passage, or its page, is about this topic."""
    return topic is not None and topic in (passage.topic, passage.page_topic)


def on_page_or_topic(passage: IndexedPassage, topic: str | None, url: str | None) -> bool:
    """The passage is on the page `url` (the conversation's), or about the topic."""
    return passage.url == url or on_topic(passage, topic)


@dataclass
class _Candidate:
    sentence: str
    hit: Hit
    tie: float  # rare words shared with the question
    on_subject: bool  # on a page about the answer's topic, or the conversation's page
    has_topic: bool  # its page is about some topic
    echo: float = 0.0  # rare words shared with the curated answer being completed
    calls: bool = False  # about calling, and the question asks when to call
    counts: bool = False  # a number of what the question asks how many of ("3 genbrugspladser")
    # shares a word with the question or the one it follows, itself or the sentence before
    says: bool = False
    follows: bool = False  # the question follows up an earlier one
    foreign: bool = False  # the question is not in Danish (the pages' language)
    settled: bool = False  # the answer's topic is the conversation's topic
    context_tie: float = 0.0  # rare words shared with the earlier question (sentence, page)
    long_tie: float = 0.0  # rare long words the sentence shares with the message
    term_tie: float = 0.0  # the glossary's Danish words for an English question it has
    rank: int = 1_000  # its passage's rank in the search, if it was found there
    meaning_rank: int = 1_000  # its rank among the fact sentences closest in meaning
    near_top: bool = False
    named: bool = False  # a rare long word of the message is in the sentence or its headings
    on_page: bool = False  # on the page the conversation is on (a follow-up's last cited page)
    off_page: bool = False  # a follow-up's sentence on another page than the conversation's

    def allowed(self, strict: bool) -> bool:
        if self.on_subject:
            return True
        if strict and self.has_topic:
            # a page about another topic than the curated answer's, unless the sentence
            # shares rare words with the question and is among the closest in meaning or
            # the best passages
            # ("nødpasning" on the page about closing days); an English question's words meet
            # Danish pages by chance ("centre" in "centrene"), so for those only the
            # glossary's Danish words for its subjects count ("digging permit" is
            # "gravetilladelse")
            tie = self.term_tie if self.foreign else self.long_tie
            return tie >= 2 * STRONG_TIE and (self.meaning_rank < 12 or self.rank < 3)
        # a follow-up's own meaning is vague ("hvornår kan jeg ringe til dem"): a general
        # page's sentence must also share a word with the conversation; and a quote put
        # before a curated answer must name what was asked ("Vent 2 døgn med at bade efter
        # kraftig regn" is close in meaning to how much one may save on kontanthjælp)
        if strict:
            about = self.named or self.context_tie > 0 or self.echo >= STRONG_TIE
        elif self.follows or not self.foreign:
            # a Danish question shares a word with the sentence it gets: a long message's
            # meaning is diffuse, and the closest fact sentence may share nothing with it
            # ("Det er et krav i loven, og det er gratis for dig" on the rats page, for a
            # mason asking about seniorpension); the pages' Danish meets an English question
            # only in meaning
            about = self.tie + self.echo > 0
        else:
            about = True
        close = (
            self.meaning_rank < (2 if strict else MEANING_TOP)
            and (not strict or not self.has_topic)
            and about
        )
        if self.rank == 0 and not strict:
            return True  # the best passage of a search the gate accepted
        tied = self.tie >= STRONG_TIE and self.rank < (3 if strict else MAX_PASSAGES)
        # a general page's sentence sharing rare words with the conversation, among the
        # sentences close in meaning ("Visitationen har telefontid ..." after madservice)
        meant = self.echo >= STRONG_TIE and self.meaning_rank < 12 and not self.has_topic
        # in a conversation that stays on its topic, a general page tied only by the new
        # message's words ("booke" on the shelters page) is not about what is discussed
        kept = not (strict and self.settled) or self.context_tie + self.echo > 0
        return (close and kept) or meant or (tied and self.near_top and kept)

    def score(self, strict: bool) -> float:
        return (
            # on a general page, the curated answer's words stand in for a question without
            # rare words of its own ("hvornår kan jeg ringe til dem om det"); on the topic's
            # own pages they only break ties (they would favour repeating the answer)
            1.5 * (max(self.tie, self.echo) if self.has_topic is False else self.tie)
            + 0.5 * self.echo * self.on_subject
            + (5.0 if strict else 3.0) * self.on_subject
            # between pages on the topic, a follow-up stays on the page it is reading ("hvor
            # længe spiller de om fredagen" on the festival page, not the parking hours)
            + 1.0 * self.on_page
            + 3.0 * self.calls
            + 3.0 * self.counts
            + (2.0 / (1 + self.rank) if self.rank < 1_000 else 0.0)
            # a follow-up's meaning is mostly the question it follows: it does not pull a
            # sentence off the conversation's page ("hvornår kan man melde sig til" after the
            # youth school is not the pensioners' holidays' "Tilmeld dig senest 15. marts")
            + (
                6.0 / (1 + self.meaning_rank)
                if self.meaning_rank < 1_000 and not self.off_page
                else 0.0
            )
        )
