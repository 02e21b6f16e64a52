"""Replace personal data in a citizen message by placeholders before anything else sees it.

`redact` is a pure function: the same text always gives the same result and nothing is stored,
logged or sent. It finds CPR numbers (with or without dash or spaces, valid birth dates, and any
ten-digit number right after the word CPR), phone numbers (Danish and international), e-mail
addresses, and names and street addresses as os2ds-rules finds them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers
from os2ds_rules import AddressRule, NameRule
from stdnum.dk import cpr as stdnum_cpr

from muni.domain import Redaction

PLACEHOLDERS = {
    "cpr": "[CPR]",
    "phone": "[TELEFON]",
    "email": "[EMAIL]",
    "name": "[NAVN]",
    "address": "[ADRESSE]",
}

_SEP = r"[ \t.\-–—/]{0,3}"
_CPR = re.compile(rf"(?<![\d\w])(\d{{2}}){_SEP}(\d{{2}}){_SEP}(\d{{2}}){_SEP}(\d{{4}})(?![\d])")
_CPR_CONTEXT = re.compile(r"(cpr|personnummer|person\s*nr|personnr|cpr-nr)", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+\-]+\s?(?:@|\(at\)|\[at\])\s?[\w\-]+(?:\.[\w\-]+)+", re.UNICODE)
_DK_PHONE = re.compile(r"(?<![\d\w])(?:(?:\+|00)\s?45[ .\-]?)?(?:\d{2}[ .\-]?){3}\d{2}(?!\d)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PLACEHOLDER = re.compile(r"\[(CPR|TELEFON|EMAIL|NAVN|ADRESSE)\]")

_NAME_INTROS = (
    r"hedder",
    r"navn er",
    r"navn",
    r"jeg er",
    r"my name is",
    r"i am",
    r"i'm",
    r"min (?:mor|far|søn|datter|mand|kone|bror|søster)",
)
_NAMES = NameRule()
_ADDRESSES = AddressRule()

Span = tuple[int, int, str]


def _is_cpr(digits: str) -> bool:
    try:
        stdnum_cpr.get_birth_date(digits)
    except Exception:  # stdnum raises its own ValidationError family for impossible dates
        return False
    return True


def _cpr_spans(text: str) -> Iterator[Span]:
    # Candidates may overlap ("88 14 / 270373 0472"): look at every start, not just after the
    # previous candidate, so a failed candidate cannot hide the real number behind it.
    taken_until = -1
    for start in range(len(text)):
        if start < taken_until or not text[start].isdigit():
            continue
        match = _CPR.match(text, start)
        if match is None:
            continue
        digits = "".join(match.groups())
        near = text[max(0, start - 25) : start]
        if _is_cpr(digits) or _CPR_CONTEXT.search(near):
            taken_until = match.end()
            yield start, match.end(), "cpr"


def _email_spans(text: str) -> Iterator[Span]:
    for match in _EMAIL.finditer(text):
        yield match.start(), match.end(), "email"


def _phone_spans(text: str) -> Iterator[Span]:
    for match in _DK_PHONE.finditer(text):
        yield match.start(), match.end(), "phone"
    for match in phonenumbers.PhoneNumberMatcher(
        text, "DK", leniency=phonenumbers.Leniency.POSSIBLE
    ):
        yield match.start, match.end, "phone"


def _plausible(needle: str, kind: str, text: str) -> bool:
    """Single capitalised words ("Kan", "Have") are names only where the text says so."""
    if len(needle) < 2 or _PLACEHOLDER.fullmatch(needle):
        return False
    if kind != "name" or " " in needle.strip():
        return True
    return any(
        re.search(rf"{intro}\s+{re.escape(needle)}\b", text, re.IGNORECASE)
        for intro in _NAME_INTROS
    )


def _rule_spans(text: str, rule: NameRule | AddressRule, kind: str) -> Iterator[Span]:
    # os2ds-rules reports offsets that are not always exact, so locate the matched text itself.
    for found in rule.find_matches(text):
        needle = found.get("match", "")
        if not _plausible(needle, kind, text):
            continue
        for match in re.finditer(re.escape(needle), text):
            yield match.start(), match.end(), kind


def _merge(spans: list[Span]) -> list[Span]:
    """Keep non-overlapping spans, preferring the one that starts first and is longest."""
    chosen: list[Span] = []
    for start, end, kind in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if chosen and start < chosen[-1][1]:
            if end > chosen[-1][1]:
                prev = chosen[-1]
                chosen[-1] = (prev[0], end, prev[2])
            continue
        chosen.append((start, end, kind))
    return chosen


def find_personal_data(text: str) -> list[Span]:
    """Spans (start, end, kind) of personal data in the text, non-overlapping, in order."""
    spans = [*_cpr_spans(text), *_email_spans(text)]
    spans += [
        s
        for s in _phone_spans(text)
        if not any(a <= s[0] < b or a < s[1] <= b for a, b, _ in spans)
    ]
    spans += _rule_spans(text, _ADDRESSES, "address")
    spans += _rule_spans(text, _NAMES, "name")
    return _merge(spans)


def redact(text: str) -> Redaction:
    """The text with personal data replaced by placeholders, and which kinds were found.

    Control characters (NUL and friends) become spaces first: they carry no meaning in a chat
    message and break the native detectors."""
    text = _CONTROL.sub(" ", text)
    spans = find_personal_data(text)
    if not spans:
        return Redaction(text=text)
    parts: list[str] = []
    cursor = 0
    for start, end, kind in spans:
        parts.append(text[cursor:start])
        parts.append(PLACEHOLDERS[kind])
        cursor = end
    parts.append(text[cursor:])
    kinds = tuple(sorted({kind for _, _, kind in spans}))
    return Redaction(text="".join(parts), kinds=kinds)
