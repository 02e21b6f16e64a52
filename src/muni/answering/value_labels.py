"""Labels of value lines and headlines of passages: where a fact sentence names its subject.

A list item the splitter cuts in two ("Lokalplan for nyt boligområde ved Skovbrynet.
Høringsfrist 9. november 2026.") leaves a value line whose subject is the sentence before it,
its label (`label_of`); a passage's own heading that states an address or a phone number is
read as one of its sentences (`headline`). `answering/fact_sentences.py` ties and quotes fact
sentences with them. See docs/adr/0009-question-level-answers.md.
"""

from __future__ import annotations

import re
from functools import lru_cache

from muni.answering.sentence_reading import (
    CACHE_SIZE,
    MONTHS,
    cached_sentences,
    kinds_stated,
    relevant_stems,
)
from muni.nlu.tokens import stems
from muni.store.pages import IndexedPassage

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
# a colon after these introduces a note, not a list item's name
_NOTE = re.compile(
    r"(obs|nb|bemærk|husk|note|vigtigt|info|tip|advarsel|please note|notice)", re.IGNORECASE
)
_DAYS = frozenset(
    stems("mandag tirsdag onsdag torsdag fredag lørdag søndag hverdage weekend weekender")
)


def label_of(passage_text: str, sentence: str) -> str | None:
    """The sentence before `sentence` in its passage when it is the line's label: `sentence`
    states a value and names one word of its own besides it (no colon, at most five words),
    and the one before it is short, states no value (a count aside: "Forslag til ny
    affaldsplan 2027-2032."), ends with a full stop and opens with no pronoun, article or
    conjunction; or `sentence` names nothing but its kind of value and the one before it
    names a list item before its colon (`_names_an_item`). Passages keep no line breaks, so
    two list items can still meet this way."""
    return _labelled(passage_text, sentence)[0]


def labels_an_item(passage_text: str, sentence: str) -> bool:
    """Whether the line's label is a list item it finishes ("Juleophold for dig …: 23.-26.
    december." before "Pris 1.800 kr."): one item of a list of such items."""
    return _labelled(passage_text, sentence)[1]


@lru_cache(maxsize=CACHE_SIZE)
def _labelled(passage_text: str, sentence: str) -> tuple[str | None, bool]:
    own = cached_sentences(passage_text)
    at = own.index(sentence) if sentence in own else -1
    if at < 1:
        return None, False
    words = {w for w in relevant_stems(sentence) if not w.startswith("l:")} - MONTHS - _DAYS
    before = own[at - 1]
    if _names_an_item(before, sentence, words):
        return before, True
    if (
        # "Tirsdag og torsdag kl. 16-20." names no word at all: its heading says what it is
        # about, not the line before ("Velegnet til små børn."); "Voksne: 45 kr." is labelled
        # already, before its colon
        len(words) != HEADLESS_STEMS
        or ":" in sentence
        or len(sentence.split()) > HEADLESS_MAX_WORDS
        or _NO_LABEL.match(before)
        or not kinds_stated(sentence)
        or kinds_stated(before) - {"count"}
        or len(before.split()) > LABEL_MAX_WORDS
        # "Entré i svømmehallen:" introduces a whole list, not its first line
        or not before.rstrip().endswith(".")
    ):
        return None, False
    return before, False


def _names_an_item(before: str, sentence: str, words: set[str]) -> bool:
    """"Pris 1.800 kr." names nothing of its own but the kind of value, after "Juleophold for
    dig, der er alene i julen: 23.-26. december.": the list item it finishes, named before
    its colon. A line naming nothing after a sentence without such a name ("Velegnet til små
    børn." before "Tirsdag og torsdag kl. 16-20.") is about its heading instead, and so is
    one after a note ("Obs: …") or a kind of value ("Åbningstider: Mandag-fredag kl. 6-21."
    before "Lørdag kl. 8-16.")."""
    name, colon, rest = before.partition(":")
    named = {w for w in relevant_stems(name) if not w.startswith("l:")} - MONTHS - _DAYS
    return (
        not words
        and bool(colon)
        and bool(rest.strip(" ."))
        and bool(named)
        and not _NOTE.fullmatch(name.strip())
        and ":" not in sentence
        and len(sentence.split()) <= HEADLESS_MAX_WORDS
        and bool(kinds_stated(sentence))
        and len(name.split()) <= LABEL_MAX_WORDS
        and not _NO_LABEL.match(before)
        and before.rstrip().endswith(".")
    )


# what a heading may state for the passage under it: "Bassin Nord, Skolevej 20" names the
# place the passage's lines are about, and its address
_HEADLINE_KINDS = ("address", "phone")


def headline(passage: IndexedPassage) -> tuple[str, ...]:
    """The passage's own heading (below the page title) when it states an address or a phone
    number: the swimming pool's address is in the heading over its lines, in no sentence."""
    if len(passage.heading_path) < 2:
        return ()
    heading = passage.heading_path[-1].strip()
    if not kinds_stated(heading) & set(_HEADLINE_KINDS):
        return ()
    return (heading if heading.endswith((".", "!", "?")) else f"{heading}.",)
