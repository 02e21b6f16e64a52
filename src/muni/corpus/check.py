"""An independent scan for personal data, run on every text after muni's redaction.

It does not reuse muni's redaction code (privacy/numbers.py, emails.py): plain patterns find
candidates, and python-stdnum (`dk.cpr`) and phonenumbers decide. A CPR number is ten digits,
with or without a dash or space after the sixth, whose first six are a real date; a Danish
phone number is eight digits written together, in pairs or in fours with one kind of
separator, optionally after +45/0045, that phonenumbers calls valid in Denmark; any number
written with "+" or "00" and a country code that phonenumbers calls valid; an e-mail address is
`name@host.tld`. A hit means the text must not leave the database as part of the corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from stdnum.dk import cpr

_CPR = re.compile(r"(?<![0-9])([0-9]{6})[ \-]?([0-9]{4})(?![0-9])")
_PHONE_DK = re.compile(
    r"(?<![0-9+])(?:(?:\+|00)45[ ]?)?"
    r"([0-9]{8}|[0-9]{2}([ .\-])[0-9]{2}\2[0-9]{2}\2[0-9]{2}|[0-9]{4}[ .\-][0-9]{4})(?![0-9])"
)
_PHONE_INTERNATIONAL = re.compile(r"(?:\+|(?<![0-9])00)[1-9][0-9 \-().]{6,20}[0-9]")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")


@dataclass(frozen=True)
class Finding:
    kind: str  # cpr | phone | email (never the value itself)


def _is_cpr(digits: str) -> bool:
    try:
        cpr.get_birth_date(digits)
    except Exception:  # noqa: BLE001 - stdnum raises several kinds for an impossible date
        return False
    return True


def _is_dk_phone(digits: str) -> bool:
    try:
        parsed = phonenumbers.parse(digits, "DK")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(parsed)


def _is_international(text: str) -> bool:
    try:
        parsed = phonenumbers.parse(text.replace("00", "+", 1) if text.startswith("00") else text)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(parsed)


def scan(text: str) -> list[Finding]:
    """The kinds of personal data still in `text` (empty: nothing found)."""
    found: list[Finding] = []
    for match in _CPR.finditer(text):
        if _is_cpr(match.group(1) + match.group(2)):
            found.append(Finding("cpr"))
    for match in _PHONE_DK.finditer(text):
        if _is_dk_phone(re.sub(r"[^0-9]", "", match.group(1))):
            found.append(Finding("phone"))
    for match in _PHONE_INTERNATIONAL.finditer(text):
        if _is_international(re.sub(r"[^0-9+]", "", match.group(0))):
            found.append(Finding("phone"))
    found.extend(Finding("email") for _ in _EMAIL.finditer(text))
    return found
