"""Split text into sentences and list items without breaking at abbreviations ("kl. 7",
"ca. 10", "fx. pas", "nr. 3") or inside dates ("1. april", "23.-26. december")."""

from __future__ import annotations

import re

_ABBREVIATIONS = (
    "kl",
    "ca",
    "fx",
    "f.eks",
    "bl.a",
    "evt",
    "inkl",
    "ekskl",
    "nr",
    "tlf",
    "tel",
    "jf",
    "mht",
    "vedr",
    "osv",
    "min",
    "max",
    "mio",
    "mia",
    "st",
    "stk",
    "pkt",
    "kr",
    "dvs",
    "e.g",
    "i.e",
    "approx",
    "no",
    "incl",
)
# A dot only ends a sentence before a capital letter or a digit; after an abbreviation it
# never does before a digit ("kl. 7", "ca. 10 kr", "kr. 225").
_PROTECT = re.compile(
    r"\b(" + "|".join(re.escape(a) for a in _ABBREVIATIONS) + r")\.(?=\s+\d)", re.IGNORECASE
)
_BOUNDARY = r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9«\"(])"
_SPLIT = re.compile(rf"{_BOUNDARY}|\n+")
_BOUNDARIES = re.compile(_BOUNDARY)
_MARKUP = re.compile(r"^[\s#>*|•-]+|[*_`]+")
_KEEP = "\u2024"  # one-dot leader: stands in for a dot that does not end a sentence
_PAGE_DATE = re.compile(r"^(senest |sidst )?(opdateret|updated|revideret)\b", re.IGNORECASE)


def split_sentences(text: str) -> list[str]:
    """Sentences and list items of a text, cleaned of markdown, in order."""
    protected = _PROTECT.sub(lambda m: m.group(1) + _KEEP, text)
    out = []
    for part in _SPLIT.split(protected):
        cleaned = _MARKUP.sub("", part.replace(_KEEP, ".")).strip()
        if len(cleaned) >= 3 and not _PAGE_DATE.match(cleaned):
            out.append(cleaned)  # a page's "Opdateret 3. juni" line is not part of its text
    return out


# a message's clauses end after a comma, semicolon, colon or a sentence's end, never after an
# abbreviation ("pr. måned", "maks. højde", "f.eks.") or a number's dot ("1. klasse")
_CLAUSE_END = re.compile(r"(?<=[,.;:!?])\s+")
_ABBREVIATION_END = re.compile(
    r"(?:\b(?:" + "|".join(re.escape(a) for a in (*_ABBREVIATIONS, "pr", "maks")) + r")|\d)\.$",
    re.IGNORECASE,
)


def split_clauses(text: str) -> list[str]:
    """The clauses of a message, in order ("tak. når byrådet så har behandlet det, hvor
    hurtigt kommer referatet ud?" has three; "Hvad koster det pr. måned?" one)."""
    clauses: list[str] = []
    for part in _CLAUSE_END.split(text.strip()):
        if clauses and _ABBREVIATION_END.search(clauses[-1]):
            clauses[-1] = f"{clauses[-1]} {part}"
        elif part.strip():
            clauses.append(part)
    return clauses


def sentence_around(line: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence holding line[start:end] begins and ends (after its full stop), by the
    same boundaries as `split_sentences`: "Indskrivning til 0. klasse: fra ..." is one
    sentence, "kl. 7" and "1. januar" end none."""
    protected = _PROTECT.sub(lambda m: m.group(1) + _KEEP, line)  # as long as `line`
    begin, finish = 0, len(line)
    for m in _BOUNDARIES.finditer(protected):
        if m.end() <= start:
            begin = m.end()
        elif m.start() >= end:
            finish = m.start()
            break
    return begin, finish
