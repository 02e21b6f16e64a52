"""CPR and phone numbers in a normalised text (see spellings.py), however they are grouped.

A number is a run of digits with at most three separator characters (space - . / _) between
any two digits, not glued to more digits ("24-12-2026 10:30" is not "2412202610"). Letters may
touch it ("CPR0101901234"). A CPR number is ten such digits starting with a day and month that
exist; the modulus-11 check is never asked (numbers issued since 2007 fail it). After a CPR word
any ten digits count, and so does the twelve-digit "01-01-1990-1234".
A phone number is eight digits in pairs ("12 34 56 78", "1234 5678", "12345678") with an
optional +45/0045, or any eight digits after a phone word; other countries' numbers with a
"+" or "00" go to the phonenumbers library. Dates, year ranges and opening hours are not phones.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers

Span = tuple[int, int, str]

_SEP = r"[ \-./_]{0,3}"
_BEFORE = r"(?<![0-9])(?<![0-9][\-./_,:])"  # not the tail of a longer number
_AFTER = r"(?![0-9]|[\-./_,:][0-9])"  # not the head of one
_CPR = re.compile(rf"{_BEFORE}(?=([0-9](?:{_SEP}[0-9]){{9}}){_AFTER})")
_CPR_LONG_YEAR = re.compile(rf"{_BEFORE}(?=([0-9](?:{_SEP}[0-9]){{11}}){_AFTER})")
_CPR_WORD = re.compile(
    r"cpr|c\.p\.r|person\s?-?\s?n(?:umm?er|r)|personn?umm?er|personal\s+(?:id\w*\s+)?num"
    r"|social\s+security|civil\s+registration",
    re.IGNORECASE,
)
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

_PHONE_PREFIX = r"(?:(?:\(\s?)?(?:\+|00)\s?45\s?\)?[ \-./]{0,3})"
_PHONE = re.compile(rf"{_BEFORE}{_PHONE_PREFIX}?[0-9]{{2}}(?:{_SEP}[0-9]{{2}}){{3}}{_AFTER}")
_PHONE_ANY_GROUPS = re.compile(rf"{_BEFORE}{_PHONE_PREFIX}?[0-9](?:{_SEP}[0-9]){{7}}{_AFTER}")
_PHONE_WORD = re.compile(
    r"\b(?:tlf|tel|telefon\w*|mobil\w*|mob|ring\w*|phone|call|sms|fastnet\w*|nummeret"
    r"|mit nummer|my number)\b",
    re.IGNORECASE,
)
_INTERNATIONAL = re.compile(r"(?:\+|(?<![0-9])00)\s?[1-9]")
_D = r" ?[\-./ ] ?"  # between the parts of a date
_NOT_A_PHONE = (
    re.compile(rf"(?P<d>[0-9]{{2}}){_D}(?P<m>[0-9]{{2}}){_D}(?:19|20)[0-9]{{2}}"),  # 24/12 2026
    re.compile(rf"(?:19|20)[0-9]{{2}}{_D}(?P<m>[0-9]{{2}}){_D}(?P<d>[0-9]{{2}})"),  # 2026-12-24
    re.compile(r"(?:19|20)[0-9]{2} ?[\-/] ?(?:19|20)[0-9]{2}"),  # 2024-2026, 2025/2026
    re.compile(r"(?:[01][0-9]|2[0-4])[.:][0-5][0-9] ?- ?(?:[01][0-9]|2[0-4])[.:][0-5][0-9]"),
)


def _is_day_month(day: int, month: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month - 1]


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _cpr_context(text: str, start: int, end: int) -> bool:
    return bool(_CPR_WORD.search(text, max(0, start - 40), start)) or bool(
        _CPR_WORD.search(text, end, end + 30)
    )


def _is_written_date(candidate: str) -> bool:
    """ "24/12 2026 - 1/1": digits 5-8 a year standing on its own, so a date, not a CPR."""
    at = [i for i, c in enumerate(candidate) if c.isdigit()]
    if candidate[at[4] : at[4] + 2] not in ("19", "20"):
        return False
    return at[7] - at[4] == 3 and at[4] - at[3] > 1 and at[8] - at[7] > 1


def cpr_spans(text: str) -> Iterator[Span]:
    taken_until = -1
    for match in _CPR.finditer(text):
        start, candidate = match.start(), match.group(1)
        end = start + len(candidate)
        if start < taken_until:
            continue
        digits = _digits(candidate)
        dated = _is_day_month(int(digits[:2]), int(digits[2:4]))
        if (dated and not _is_written_date(candidate)) or _cpr_context(text, start, end):
            taken_until = end
            yield start, end, "cpr"
    if _CPR_WORD.search(text):
        for match in _CPR_LONG_YEAR.finditer(text):
            start, candidate = match.start(), match.group(1)
            digits = _digits(candidate)
            if (
                digits[4:6] in ("19", "20")
                and _is_day_month(int(digits[:2]), int(digits[2:4]))
                and _cpr_context(text, start, start + len(candidate))
            ):
                yield start, start + len(candidate), "cpr"


def _not_a_phone(candidate: str) -> bool:
    for pattern in _NOT_A_PHONE:
        found = pattern.fullmatch(candidate)
        if found is None:
            continue
        if "d" not in pattern.groupindex:
            return True
        return _is_day_month(int(found.group("d")), int(found.group("m")))
    return False


def phone_spans(text: str) -> Iterator[Span]:
    for match in _PHONE.finditer(text):
        if not _not_a_phone(match.group()):
            yield match.start(), match.end(), "phone"
    if _PHONE_WORD.search(text):
        for match in _PHONE_ANY_GROUPS.finditer(text):
            if _PHONE_WORD.search(text, max(0, match.start() - 25), match.start()) and not (
                _not_a_phone(match.group())
            ):
                yield match.start(), match.end(), "phone"
    if _INTERNATIONAL.search(text):
        for found in phonenumbers.PhoneNumberMatcher(
            text, "DK", leniency=phonenumbers.Leniency.POSSIBLE
        ):
            yield found.start, found.end, "phone"
