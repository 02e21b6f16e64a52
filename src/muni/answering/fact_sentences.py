"""Which sentences of the tenant's pages state the fact a question asks for, best first.

A sentence qualifies when it states a value of the kind asked for (a price, a deadline, a phone
number ...) and is tied to the question: by the rare words they share, by the conversation
(the earlier question, the curated answer being completed), by the page's topic, or by meaning.
`answering/page_facts.py` quotes the best of them; `answering/search.py` answers from them.
See docs/adr/0009-question-level-answers.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from muni.answering.follow_up import subject_words
from muni.answering.own_name import without_own_name
from muni.answering.readers import PRESS, addressed_to_press, addresses
from muni.answering.state import TurnState
from muni.domain import Question
from muni.facts.kinds import (
    asks_price,
    asks_waiting_time,
    asks_what_price,
    asks_when_allowed,
    value_kinds,
)
from muni.facts.sentences import split_sentences
from muni.facts.values import find_values, states_money, states_price, states_wait
from muni.nlu.normalize import normalize
from muni.nlu.tokens import stems, words_by_stem
from muni.nlu.tokens import words as written_words
from muni.search.index import FactHit, Hit
from muni.store.pages import IndexedPassage

# Stems that only say what kind of fact is asked for; they do not tie a sentence to the question.
_KIND_STEMS = frozenset(
    stems(
        "hvad koster pris priser hvor lang tid længe hvornår frist åbent åbningstider lukket "
        "ring ringe telefon nummer adresse ligger gammel alder mange er det den de der kan jeg "
        "man skal vi i om til på med for og en et hvor hvordan how much cost price when where "
        "the a is it of to for can i what "
        # common verbs and words that say nothing about the subject
        "går gå gik gået bliver blive blev blevet være var været har have havde får få fik "
        "kunne skulle ville gør gøre gjorde kommer komme kom tager tage tog laver lave lavet "
        "ser se sige siger giver give står stå bruger bruge finder finde sender sende hjælper "
        "hjælpe vil kan må skal mig dig os jer dem sig min mit mine din dit dine hans hendes "
        "deres vores ikke også så nu lige bare egentlig meget noget nogen alle hver anden "
        "kommunen kommune jeres jer ud ind op ned over under efter før inden senest igen "
        "does do get will there this that these those they you your my me we our "
        # adverbs that are rare on a site but name no subject ("stadig" tied the bathing
        # water page to a question about savings)
        "stadig stadigvæk selvom allerede faktisk altid aldrig måske gerne godt helt lidt "
        "mere mest først still already "
        # asking whom to contact says what kind of fact is wanted, not what about ("hvem skal
        # man kontakte hvis ens barn bliver sygt" is not about the page "Kontakt kommunen")
        "kontakt kontakte kontakter kontaktes hvem hvis ens contact who "
        # units that every price or time states ("kr." tied the allotment waiting list's
        # price to the curated answer about meal prices)
        "kr kr. kroner dkk kl kl. klokken "
        # units of time and words that hedge a figure ("normalt 3-4 ugers ventetid" on the
        # energy-renovation page is not when a health card arrives; "om måneden" tied the
        # daycare prices to a question about meal prices)
        "minut minutter time timer døgn dag dage dagen uge uger ugen måned måneder måneden "
        "år året arbejdsdag arbejdsdage hverdag hverdage årlig årligt månedlig månedligt "
        "normalt normal typisk cirka ca ca. omkring højst mindst "
        # words for the kind of fact itself ("Ventetiden er 2-6 år" on the allotment page is
        # not the waiting time for a care home)
        "ventetid ventetiden leveringstid leveringstiden sagsbehandlingstid "
        "sagsbehandlingstiden behandlingstid behandlingstiden gebyr gebyret gebyrer beløb "
        "beløbet satser "
        "day days week weeks month months year years hour hours usually about"
    )
)
# A month in a message says when, not what about: "vi venter vores første i april" (a birth)
# is not tied to "Fra 1. april til 30. november henter vi haveaffald". (A page sentence and a
# curated one naming the same months still agree or disagree about the same thing.)
_MONTHS = frozenset(
    stems(
        "januar februar marts april maj juni juli august september oktober november december "
        "january february march may june july october"
    )
)

# the question, the kinds of value, whether it is a follow-up, the answer's topic
# -> the fact sentences closest in meaning
FactLookup = Callable[[Question, tuple[str, ...], bool, "str | None"], list[FactHit]]

# Asking when to call ("hvornår kan jeg ringe") wants the telephone hours, not the opening
# hours of the building: sentences about calling are tied to such a question.
_CALLING = frozenset(stems("ring ringe ringer ringes telefon telefonen telefontid call phone"))
_CALLING_PREFIXES = ("telefon", "phone", "ring")

# Pages change only when they are crawled, and the same passages come up for many questions:
# what a passage's sentences are, which stems tie them and whether they state a value of some
# kinds are pure functions of their text, so they are remembered (bounded, least recently used).
CACHE_SIZE = 50_000


MEANING_TOP = 4  # the sentences this close in meaning may come from any general page
MAX_PASSAGES = 6  # sentences are looked for in the best few passages only
STRONG_TIE = 2.5  # rare words shared, for a passage off the answer's topic (one rare word)
COMMON_IDF = 1.5  # words at least this common on the site do not tie a sentence to a question


@dataclass(frozen=True)
class FactSentence:
    text: str
    hit: Hit
    score: float


def sentences(text: str) -> list[str]:
    """A passage's sentences and list items, without markdown."""
    return list(_sentences(text))


@lru_cache(maxsize=CACHE_SIZE)
def _sentences(text: str) -> tuple[str, ...]:
    return tuple(split_sentences(text))


# A value line whose subject is the line before it: "Lokalplan for nyt boligområde ved
# Skovbrynet. Høringsfrist 9. november 2026." is one list item, split in two sentences; the
# second names one word of its own besides its value, the first states no value.
LABEL_MAX_WORDS = 8  # a label is short ("Forslag til ny trafiksikkerhedsplan.")
HEADLESS_STEMS = 1  # besides months, days and the value: the kind of value ("Høringsfrist")
HEADLESS_MAX_WORDS = 5  # a value line, not a sentence ("Det skal stå der senest mandag kl. 6")
# a label names a thing ("Lokalplan for ..."); a sentence that opens with a pronoun, an article
# or a conjunction says something of its own ("En dagplejer passer op til 4 børn i sit eget
# hjem." is no label of "Dagpleje: 0-3 år.") or points elsewhere ("Her kan andre købe ...")
_NO_LABEL = re.compile(
    r"(her|der|det|den|de|dem|så|dette|disse|en|et|du|vi|i|man|jeg|hvis|når|og|men|"
    r"there|it|they|you|we|a|an|the|if|when)\b",
    re.IGNORECASE,
)
_DAYS = frozenset(
    stems("mandag tirsdag onsdag torsdag fredag lørdag søndag hverdage weekend weekender")
)


def label_of(passage_text: str, sentence: str) -> str | None:
    """The sentence before `sentence` in its passage when it is the line's label: `sentence`
    states a value and names one word of its own besides it (no colon, at most five words),
    and the one before it is short, states no value (a count aside: "Forslag til ny
    affaldsplan 2027-2032."), ends with a full stop and opens with no pronoun, article or
    conjunction. Passages keep no line breaks, so two list items can still meet this way."""
    return _label_of(passage_text, sentence)


@lru_cache(maxsize=CACHE_SIZE)
def _written(text: str) -> frozenset[str]:
    return frozenset(written_words(text))


@lru_cache(maxsize=CACHE_SIZE)
def _label_of(passage_text: str, sentence: str) -> str | None:
    own = _sentences(passage_text)
    at = own.index(sentence) if sentence in own else -1
    if at < 1:
        return None
    words = {w for w in relevant_stems(sentence) if not w.startswith("l:")} - _MONTHS - _DAYS
    before = own[at - 1]
    if (
        # "Tirsdag og torsdag kl. 16-20." names no word at all: its heading says what it is
        # about, not the line before ("Velegnet til små børn."); "Voksne: 45 kr." is labelled
        # already, before its colon
        len(words) != HEADLESS_STEMS
        or ":" in sentence
        or len(sentence.split()) > HEADLESS_MAX_WORDS
        or _NO_LABEL.match(before)
        or not _kinds_stated(sentence)
        or _kinds_stated(before) - {"count"}
        or len(before.split()) > LABEL_MAX_WORDS
        # "Entré i svømmehallen:" introduces a whole list, not its first line
        or not before.rstrip().endswith(".")
    ):
        return None
    return before


# what a heading may state for the passage under it: "Bassin Nord, Skolevej 20" names the
# place the passage's lines are about, and its address
_HEADLINE_KINDS = ("address", "phone")


def headline(passage: IndexedPassage) -> tuple[str, ...]:
    """The passage's own heading (below the page title) when it states an address or a phone
    number: the swimming pool's address is in the heading over its lines, in no sentence."""
    if len(passage.heading_path) < 2:
        return ()
    heading = passage.heading_path[-1].strip()
    if not _kinds_stated(heading) & set(_HEADLINE_KINDS):
        return ()
    return (heading if heading.endswith((".", "!", "?")) else f"{heading}.",)


def labelled(found: FactSentence) -> str:
    """A fact sentence's text led by its line's label, if it has one (`label_of`)."""
    label = label_of(found.hit.passage.text, found.text)
    return f"{label} {found.text}" if label else found.text


# Days said from today ("i morgen", "i dag"): "hvad er åbningstiderne i morgen" is not tied to
# "Kommunen gør rent i midtbyen hver morgen" by "morgen".
_FROM_TODAY = re.compile(
    r"\b(i|fra|til) (morgen|dag|går|gaar|overmorgen)\b|\b(imorgen|idag|igår|igaar)\b"
    r"|\b(today|tomorrow|yesterday|tonight)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=CACHE_SIZE)
def relevant_stems(text: str) -> frozenset[str]:
    """The stems that tie a sentence to a question: not question or fact words, not numbers
    (a "10" in "min søn på 10" says nothing about "Kaffe: 10 kr."), not days said from today."""
    return frozenset(
        s
        for s in stems(_FROM_TODAY.sub(" ", text))
        if s not in _KIND_STEMS and len(s) > 1 and not s.isdigit()
    )


def states_value(sentence: str, kinds: tuple[str, ...]) -> bool:
    """Whether the sentence states a value of one of these kinds."""
    return not _kinds_stated(sentence).isdisjoint(kinds)


@lru_cache(maxsize=CACHE_SIZE)
def _kinds_stated(sentence: str) -> frozenset[str]:
    """The kinds of value a sentence states, found once per sentence rather than once per
    sentence and combination of kinds asked (each kind's pattern is read on its own, so the
    kinds found among all are the kinds found when asked for some)."""
    return frozenset(v.kind for v in find_values(sentence))


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


@lru_cache(maxsize=CACHE_SIZE)
def _calls(sentence: str) -> bool:
    return _about_calling(stems(sentence))


def about_contact(sentence: str) -> bool:
    """The sentence tells whom to call or write to ("Ring til visitationen på ...",
    "Byggesagsafdelingen har telefontid ..."), not only where to order something by phone."""
    return _calls(sentence) or any(
        w.startswith(("kontakt", "henvend", "contact")) for w in normalize(sentence).split()
    )


def has_subject(text: str) -> bool:
    """Whether a message names what it is about ("hvad koster det" does not)."""
    return bool(relevant_stems(text))


def overlap(question_text: str, sentence: str) -> int:
    """How many of the question's words the sentence has, its compounds of two of them
    ("gæstebevis" for "gæste bevis") counted as one."""
    asked, words = relevant_stems(question_text), relevant_stems(sentence)
    return len(asked & words) + len(_joined(asked, words))


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
    now = relevant_stems(message) - _MONTHS
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
    subject = relevant_stems(" ".join(subject_words(message))) - _MONTHS
    before = relevant_stems(earlier) - now - _MONTHS
    calling = "opening_hours" in kinds and _about_calling(stems(message))
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
            in_heading, in_paragraph = met(headings), met(passage.text)
            tie = (
                2.0 * _weight(said_here & words, idf)
                + 1.5 * _weight(_compounds_of(said_here - words, words), idf)
                + 1.5 * _weight(_joined(said_here, words), idf)
                + 0.75 * _weight(_compounds_of(before - words, words), idf)
                + _weight(before & words, idf)
                # the message's own words in the headings name the sentence's subject; the
                # earlier question's there are context ("midtbyen" in the parking page's
                # title must not outweigh the festival page the conversation is reading)
                + 1.0 * _weight(in_heading & heading, idf)
                + 0.5 * _weight((before - now) & heading, idf)
                + 0.5 * _weight((in_paragraph | before) & around, idf)  # the sentence's paragraph
            )
            topics = {passage.topic, passage.page_topic} - {None}
            on_subject = passage.url == prefer_url or (topic is not None and topic in topics)
            echo = _weight(answered & words, idf)
            candidates[key] = _Candidate(
                sentence,
                hit,
                tie,
                on_subject,
                bool(topics),
                echo,
                calls=calling and _calls(sentence),
                follows=bool(said),
                foreign=foreign,
                settled=settled,
                context_tie=_weight(before & (words | heading | around), idf),
                # not short words: "nødpasning" names a subject, "nyt" does not
                long_tie=2.0 * _weight({w for w in said_here & subject & words if _long(w)}, idf),
                term_tie=2.0 * _weight(glossary & (words | heading), idf),
                named=_weight(
                    {w for w in (said_here & words) | (in_heading & heading) if _long(w)}, idf
                )
                > 0,
                on_page=prefer_url is not None and passage.url == prefer_url,
            )
        return candidates[key]

    # a line for the press is quoted only to a question that names the press
    for_press = addresses(message, PRESS)

    # how long until something happens is not answered by how often it does
    waiting = "duration" in kinds and asks_waiting_time(message)

    def quotable(sentence: str) -> bool:
        return (
            states_value(sentence, kinds)
            and (not money or _states_money(sentence))
            and (not waiting or _states_wait(sentence))
            and (for_press or not addressed_to_press(sentence))
        )

    for rank, hit in enumerate(hits):
        if rank >= MAX_PASSAGES and not on_page_or_topic(hit.passage, topic, prefer_url):
            continue
        for sentence in (*headline(hit.passage), *sentences(hit.passage.text)):
            if quotable(sentence):
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
        allowed = [
            c for c in allowed if c.hit.passage.url not in dated or _states_date(c.sentence)
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
COMPOUND_FROM = 6  # a question word this long may begin a compound ("nytårsaften-sdag")


def _long(word: str) -> bool:
    return len(word.removeprefix("l:")) >= LONG_WORD  # "l:ny" is the lemma of "nyt"


def _compounds_of(asked: AbstractSet[str], words: AbstractSet[str]) -> set[str]:
    """The sentence's words that are compounds beginning with a word of the question."""
    long = [a for a in asked if len(a) >= COMPOUND_FROM]
    return {w for w in words if any(w != a and w.startswith(a) for a in long)}


JOINED_FROM = 3  # a question word this long may be half of a compound of two of them


def _joined(asked: AbstractSet[str], words: AbstractSet[str]) -> set[str]:
    """The sentence's compounds of two of the question's words ("vandprøver" for "prøver af
    vandet"), with or without a joining s or e."""
    parts = {a for a in asked if len(a) >= JOINED_FROM and not a.startswith("l:")}
    found = set()
    for word in words - asked:
        for head in parts:
            if word.startswith(head) and len(word) > len(head) + JOINED_FROM - 1:
                tail = word[len(head) :]
                if tail in parts or (tail[0] in "se" and tail[1:] in parts):
                    found.add(word)
                    break
    return found


def _about_calling(words: list[str]) -> bool:
    return any(w in _CALLING or w.startswith(_CALLING_PREFIXES) for w in words)


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
            + (2.0 / (1 + self.rank) if self.rank < 1_000 else 0.0)
            + (6.0 / (1 + self.meaning_rank) if self.meaning_rank < 1_000 else 0.0)
        )


def shared_weight(text: str, other: str, idf: Mapping[str, float]) -> float:
    """How much the rare words two texts share tie them (see `_weight`)."""
    return _weight(relevant_stems(text) & relevant_stems(other), idf)


def _weight(stems_: AbstractSet[str], idf: Mapping[str, float]) -> float:
    """How much shared words tie a sentence to a question: rare words on the site count,
    common ones ("går", "bliver", "kommunen") hardly."""
    return sum(max(0.0, idf.get(s, COMMON_IDF) - COMMON_IDF) for s in stems_)
