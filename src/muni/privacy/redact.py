"""Replace personal data in a citizen message by placeholders before anything else sees it.

`redact` is a pure function: the same text always gives the same result and nothing is stored,
logged or sent. It first brings the text to one spelling (spellings.py: full-width digits,
dash, space and invisible-character variants), then finds CPR and phone numbers however they
are grouped (numbers.py), e-mail addresses also when spelled out (emails.py), names after an
introduction or from os2ds-rules' name list (names.py), and street addresses as os2ds-rules
finds them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from os2ds_rules import AddressRule

from muni.domain import Redaction
from muni.privacy.emails import email_spans
from muni.privacy.names import intro_name_spans, listed_name_spans
from muni.privacy.numbers import cpr_spans, phone_spans
from muni.privacy.spellings import normalise

PLACEHOLDERS = {
    "cpr": "[CPR]",
    "phone": "[TELEFON]",
    "email": "[EMAIL]",
    "name": "[NAVN]",
    "address": "[ADRESSE]",
}

_PLACEHOLDER = re.compile(r"\[(CPR|TELEFON|EMAIL|NAVN|ADRESSE)\]")
_DIGIT = re.compile(r"[0-9]")
_ADDRESSES = AddressRule()

Span = tuple[int, int, str]


def _address_spans(text: str) -> Iterator[Span]:
    # os2ds-rules reports offsets that are not always exact, so locate the matched text itself.
    for found in _ADDRESSES.find_matches(text):
        needle = found.get("match", "")
        if len(needle) < 2 or _PLACEHOLDER.fullmatch(needle):
            continue
        for match in re.finditer(re.escape(needle), text):
            yield match.start(), match.end(), "address"


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
    """Spans (start, end, kind) of personal data in the (normalised) text, non-overlapping,
    in order. A phone number inside a CPR number or an e-mail address is not a phone."""
    has_digits = _DIGIT.search(text) is not None
    spans = [*(cpr_spans(text) if has_digits else ()), *email_spans(text)]
    if has_digits:
        spans += [
            s
            for s in phone_spans(text)
            if not any(a <= s[0] < b or a < s[1] <= b for a, b, _ in spans)
        ]
    spans += _address_spans(text)
    spans += listed_name_spans(text)
    spans += intro_name_spans(text)
    return _merge(spans)


def redact(text: str) -> Redaction:
    """The normalised text (spellings.normalise: control characters become spaces, dash and
    space variants one character, full-width digits ASCII) with personal data replaced by
    placeholders, and which kinds were found."""
    text = normalise(text)
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


# "mit cpr er [CPR]", "cpr-nr.: [CPR]", "my CPR number is [CPR]": the words that hand over a
# number, with the number's placeholder
_GIVEN_CPR = re.compile(
    r"(?:\b(?:mit|min|my)\s+)?\b(?:cpr|cpr[- ]?nummer(?:et)?|cpr[- ]?nr\.?|personnummer(?:et)?|"
    r"cpr number)\s*(?:er|is|:|=)?\s*\[CPR\]",
    re.IGNORECASE,
)


def without_given_numbers(text: str) -> str:
    """The redacted message without the numbers the citizen handed over and the words that
    hand them over: what the message is about ("mit cpr er [CPR] og jeg skal have nyt pas" is
    about a passport, not about getting a CPR number)."""
    if "[" not in text:
        return text
    return " ".join(_PLACEHOLDER.sub(" ", _GIVEN_CPR.sub(" ", text)).split())
