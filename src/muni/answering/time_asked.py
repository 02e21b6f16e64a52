"""Which of a page's sentences answer the kind of time a question asks for: how often ("2
gange om året" answers "hvor tit", never "hvornår"), a wait for the municipality's answer (the
sentence, or its heading, that names the answer: "Sagsbehandlingstiden er normalt 2-4 uger"),
opening hours (not a deadline counted from now), and the noun that names the kind asked
("Ventetiden er 2-6 år" for "hvor lang ventetid"). Pure readings of a sentence, cached;
`answering/fact_sentences.py` filters its candidates with them. See
docs/adr/0009-question-level-answers.md (2026-12-08).
"""

from __future__ import annotations

import re
from functools import lru_cache

from muni.answering.sentence_reading import CACHE_SIZE
from muni.facts.kinds import names_an_answer
from muni.facts.values import find_values
from muni.facts.values import only_how_often as _only_how_often
from muni.nlu.tokens import stems
from muni.store.pages import IndexedPassage

# a span from now ("senest 5 dage efter", "inden 10 dage"), not a day of the calendar
_SPAN_FROM_NOW = re.compile(
    r"\d+\s*(?:arbejds|hver|kalender)?(?:dage?|døgn|uger?|måneder?|år|timer?|days?|weeks?|"
    r"months?|years?|hours?)\b",
    re.IGNORECASE,
)

# nouns that name the kind of fact asked for, and the sentence that states it ("Ventetiden er
# 2-6 år"), with the kinds of value they name; not prices, opening hours or addresses, which a
# list states under its own heading or with no such word at all ("Voksne: 45 kr."), nor a
# deadline ("fristen" is as often the complaint's as the application's). These nouns choose
# only among one page's sentences; whether they tie a page is `relevant_stems`' business.
_SPAN = ("duration", "date")
KIND_NOUNS: dict[str, tuple[str, ...]] = {
    stems(noun)[0]: kinds
    for noun, kinds in (
        ("ventetid", _SPAN),
        ("leveringstid", _SPAN),
        ("sagsbehandlingstid", _SPAN),
        ("behandlingstid", _SPAN),
        ("opsigelsesvarsel", _SPAN),
        ("telefontid", ("opening_hours", "date")),
        ("træffetid", ("opening_hours", "date")),
        ("aldersgrænse", ("age",)),
    )
}


@lru_cache(maxsize=CACHE_SIZE)
def only_how_often(sentence: str, kinds: tuple[str, ...]) -> bool:
    """Every value of these kinds in the sentence says how often ("op til 12 gange om året")."""
    return _only_how_often(sentence, kinds)


@lru_cache(maxsize=CACHE_SIZE)
def states_hours_or_days(sentence: str) -> bool:
    """Whether the sentence states opening hours ("torsdag 10-17.30", "lukket") or days of the
    calendar ("fra 1. april til 30. september", "24.-26. december"): a deadline counted from
    now ("senest 5 dage efter, du er flyttet") is a date but says nothing of when it is open."""
    return any(
        v.kind == "opening_hours" or not _SPAN_FROM_NOW.search(v.text)
        for v in find_values(sentence, ("opening_hours", "date"))
    )


def kind_nouns_in(text: str) -> frozenset[str]:
    """The nouns for a kind of fact in `text` (by stem)."""
    return frozenset(KIND_NOUNS.keys() & set(stems(text)))


def named_kinds(nouns: frozenset[str]) -> frozenset[str]:
    """The kinds of value these nouns name."""
    return frozenset(kind for noun in nouns for kind in KIND_NOUNS[noun])


def names_the_answer(passage: IndexedPassage, sentence: str) -> bool:
    """Whether the sentence, or the heading it stands under, names the answer or decision it
    gives a time for."""
    return _names_an_answer(_under_heading(passage, sentence))


def names_the_kind(passage: IndexedPassage, sentence: str, nouns: frozenset[str]) -> bool:
    """Whether the sentence, or the heading it stands under, has one of these kind nouns."""
    return bool(nouns & _stems_of(_under_heading(passage, sentence)))


def _under_heading(passage: IndexedPassage, sentence: str) -> str:
    return " ".join([*passage.heading_path[-1:], sentence])


@lru_cache(maxsize=CACHE_SIZE)
def _names_an_answer(text: str) -> bool:
    return names_an_answer(text)


@lru_cache(maxsize=CACHE_SIZE)
def _stems_of(text: str) -> frozenset[str]:
    return frozenset(stems(text))
