"""Find a Danish address in a citizen's message ("jeg bor på vestergade 12, 1. th",
"Vestergade 12 5000", "hans broges gade 4b st tv 8000 aarhus c").

This runs on the raw message, before redaction, so that the waste-pickup flow can look the
address up; the message is then stored with [ADRESSE] in its place. Without a street word
(gade, vej, allé, ...) a bare "name number" only counts as an address when the conversation
is waiting for one."""

from __future__ import annotations

import re

from muni.connectors.values import AddressQuery

_SUFFIXES = (
    "gade|vej|alle|allé|plads|pladsen|stræde|straede|torv|torvet|vænge|vaenge|vænget|vaenget|"
    "boulevard|parken|park|have|haven|bakke|bakken|høj|hoej|toften|toft|engen|eng|stien|sti|"
    "kaj|kajen|holm|lund|lunden|mark|marken|hegn|hegnet|huse|gården|gaarden|gård|gaard|"
    "strand|stranden|bro|broen|bjerg|vang|vangen|dal|dalen|skov|skoven|løkke|loekke|tofte|"
    "kvarter|hus|ager|agre|agrene|ved|vej\\.|gyde|port|havn|havnen"
)
_WORD = r"[A-Za-zÆØÅæøåÉéÜüÖöÄä][\w.'-]*"
_NUMBER = r"(?P<number>\d{1,4}\s?[A-Za-z]?)(?![\d])"
_UNIT = (
    r"(?:\s*,?\s*(?P<floor>st|kl|k\d|\d{1,2})(?![\d])\.?"
    r"(?:\s*,?\s*(?P<door>th|tv|mf|t\.?h|t\.?v|m\.?f|\d{1,3}(?![\d])))?\.?)?"
)
_PLACE = (
    r"(?:\s*,?\s*(?P<postcode>\d{4})(?:\s+(?P<city>" + _WORD + r"(?:\s+(?!\d)" + _WORD + r")?))?)?"
)

_WITH_SUFFIX = re.compile(
    r"(?P<street>(?:" + _WORD + r"\s+){0,3}" + r"[\wæøåÆØÅé.'-]*(?:" + _SUFFIXES + r"))"
    r"\s+" + _NUMBER + _UNIT + _PLACE,
    re.IGNORECASE,
)
_BARE = re.compile(
    r"(?P<street>(?:" + _WORD + r"\s+){0,2}" + _WORD + r")\s+" + _NUMBER + _UNIT + _PLACE,
    re.IGNORECASE,
)
_LEAD_WORDS = {
    "jeg",
    "bor",
    "på",
    "paa",
    "i",
    "min",
    "mit",
    "adresse",
    "adressen",
    "er",
    "det",
    "hedder",
    "vi",
    "hos",
    "til",
    "og",
    "hvornår",
    "hvornaar",
    "hentes",
    "skrald",
    "skraldet",
    "affald",
    "ved",
    "os",
    "vores",
    "hjem",
    "address",
    "is",
    "my",
    "at",
    "on",
    "the",
    "live",
    "i'm",
    "im",
    "we",
    "hej",
    "hi",
    "ja",
    "nej",
    "tak",
    "den",
    "ligger",
    "it",
    "bliver",
}
_NOT_STREETS = {"kl", "klokken", "uge", "side", "nr", "kr", "år", "aar", "dag", "dage", "pas"}


def _clean_street(raw: str) -> str:
    words = raw.split()
    while words and words[0].lower().strip(",.") in _LEAD_WORDS:
        words.pop(0)
    return " ".join(words).strip(" ,.")


def _door(raw: str | None) -> str:
    return (raw or "").replace(".", "").lower()


def find_address(text: str, expecting: bool = False) -> tuple[AddressQuery, int, int] | None:
    """The first address in `text` and where it is, or None. `expecting`: the conversation
    asked for an address, so a street without a street word ("Bispehaven 3") counts too."""
    for pattern in (_WITH_SUFFIX, _BARE) if expecting else (_WITH_SUFFIX,):
        for match in pattern.finditer(text):
            street = _clean_street(match.group("street"))
            if not street or street.lower() in _NOT_STREETS or street[0].isdigit():
                continue
            start = match.start("street") + match.group("street").find(street.split()[0])
            floor = (match.group("floor") or "").lower()
            return (
                AddressQuery(
                    street=street,
                    number=match.group("number").replace(" ", "").upper(),
                    floor="st" if floor == "st" else floor,
                    door=_door(match.group("door")),
                    postcode=match.group("postcode") or "",
                    city=(match.group("city") or "").strip(),
                ),
                start,
                match.end(),
            )
    return None
