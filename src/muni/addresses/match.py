"""Tolerant matching of an address as a citizen wrote it against register entries: case,
æ/ø/å spelled ae/oe/aa, dots and hyphens, and a small typo ("vestregade") do not matter.
Used by the embedded register (connectors/address_register.py) and to rank answers from
the national address API."""

from __future__ import annotations

import re
from collections.abc import Iterable

from muni.connectors.values import Address, AddressQuery

_SPELLINGS = str.maketrans(
    {"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe", "ä": "ae", "-": " "}
)


def normalise(text: str) -> str:
    """'Åboulevarden' and 'aaboulevarden', 'Hans Broges Gade' and 'hans-broges gade' alike."""
    plain = text.casefold().translate(_SPELLINGS).replace(".", " ")
    return re.sub(r"\s+", "", plain)


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (limit + 1) once it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def street_score(query: str, street: str) -> int | None:
    """0 for the same street, 1-2 for a small typo or a clear beginning ("vesterg"), None
    for another street."""
    q, s = normalise(query), normalise(street)
    if not q:
        return None
    if q == s:
        return 0
    allowed = 1 if len(s) <= 7 else 2
    distance = _distance(q, s, allowed)
    if distance <= allowed:
        return distance
    if len(q) >= 5 and s.startswith(q):
        return 2
    return None


def _number_key(number: str) -> tuple[int, str]:
    digits = re.match(r"\d+", number)
    return (int(digits.group()) if digits else 0, number)


def best_matches(query: AddressQuery, addresses: Iterable[Address], limit: int) -> list[Address]:
    """The register entries that fit the query best: the nearest street spelling first,
    then house number, postcode (or town) and, when the register has them, floor and door.
    A street written with words before it ("skrald hentet vestergade") is tried without
    them too."""
    entries = list(addresses)
    words = query.street.split()
    scored: list[tuple[int, Address]] = []
    for skip in range(len(words)):
        candidate = " ".join(words[skip:])
        scored = [
            (score, a) for a in entries if (score := street_score(candidate, a.street)) is not None
        ]
        if scored:
            break
    if not scored:
        return []
    best = min(score for score, _ in scored)
    found = [a for score, a in scored if score == best]
    if query.number:
        found = [a for a in found if a.number.casefold() == query.number.casefold()]
    if query.postcode:
        found = [a for a in found if a.postcode == query.postcode]
    elif query.city:
        in_town = [a for a in found if normalise(a.city).startswith(normalise(query.city))]
        found = in_town or found
    if query.floor or query.door:
        unit = [
            a
            for a in found
            if normalise(a.floor) == normalise(query.floor)
            and normalise(a.door) == normalise(query.door)
        ]
        found = unit or [a for a in found if not a.floor and not a.door] or found
    found.sort(key=lambda a: (a.street, a.postcode, _number_key(a.number), a.floor, a.door))
    return found[:limit]
