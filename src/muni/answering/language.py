"""Tell Danish from English in a short message (muni answers in one of the two)."""

from __future__ import annotations

import re

from muni.domain import Language

_WORD = re.compile(r"[a-zæøå']+")
_DANISH_LETTER = re.compile(r"[æøå]")
_ENGLISH = frozenset(
    "the a an is are do does did how what when where who why which can could would should "
    "i my me you your we our it its of to for in on with from at have has get need want please "
    "there this that these those be been am was were will not don't doesn't isn't i'm "
    "hello hi thanks thank much many cost price apply help and or if but about kids".split()
)
_DANISH = frozenset(
    "og i jeg du det er en et at til på med har kan skal vil hvad hvor hvordan hvornår hvem "
    "min mit mine din dit der som den de ikke for af om fra man få mig dig hej tak noget "
    "meget koster søge kommunen".split()
)


def detect_language(text: str, previous: Language | None = None) -> Language:
    """'en' when the message reads as English, 'da' when it reads as Danish. A message that
    reads as neither more than the other ("ok", "190?") keeps the conversation's language
    (`previous`, None for a first message), else Danish. A word with æ, ø or å counts as
    Danish, but an English question that names a Danish term ("Will I lose my boligstøtte
    while I'm away?", "a certificate of residence (bopælsattest)") is English: the term in
    parentheses does not count, and English words outnumber it."""
    lowered = text.lower()
    words = _WORD.findall(_PARENTHESES.sub(" ", lowered))
    english = sum(w in _ENGLISH for w in words)
    danish = sum(w in _DANISH or bool(_DANISH_LETTER.search(w)) for w in words)
    if english > danish:
        return "en"
    if danish > english:
        return "da"
    return previous or "da"


# Words that mark a phrase as Danish (function words, weekdays, months; none of them English).
_DANISH_MARKERS = frozenset(
    "og jeg du det er et til på med har kan skal vil hvad hvor hvordan hvornår hvem hvis "
    "når mit mine din dit dine der som de ikke af om fra få mig sig noget meget "
    "eller også kun være bliver blev efter før hos ved inden senest skriv læs se prisen "
    "hjemmeside hjemmesiden "
    "kommunen kommunens borgeren jer vi os mandag tirsdag onsdag torsdag fredag "
    "lørdag søndag hverdage januar februar marts maj juni juli oktober aftale åbent lukket "
    "dage uger måneder år timer ca cirka fx bl.a".split()
)
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\n+")
_PARENTHESES = re.compile(r"\([^)]*\)|«[^»]*»|\"[^\"]*\"")


def looks_danish(text: str) -> bool:
    """True when a phrase reads as Danish: two or more Danish marker words, and more of them
    than English words. Names and single Danish terms do not count."""
    words = _WORD.findall(_PARENTHESES.sub(" ", text.lower()))
    danish = sum(w in _DANISH_MARKERS for w in words)
    english = sum(w in _ENGLISH for w in words)
    return danish >= 2 and danish > english


def danish_sentences(text: str) -> list[str]:
    """The sentences of a text that read as Danish (Danish terms in parentheses are fine)."""
    return [s for s in _SENTENCE_END.split(text) if s.strip() and looks_danish(s)]
