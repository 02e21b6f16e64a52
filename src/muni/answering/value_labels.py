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
def _label_of(passage_text: str, sentence: str) -> str | None:
    own = cached_sentences(passage_text)
    at = own.index(sentence) if sentence in own else -1
    if at < 1:
        return None
    words = {w for w in relevant_stems(sentence) if not w.startswith("l:")} - MONTHS - _DAYS
    before = own[at - 1]
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
    if not kinds_stated(heading) & set(_HEADLINE_KINDS):
        return ()
    return (heading if heading.endswith((".", "!", "?")) else f"{heading}.",)
