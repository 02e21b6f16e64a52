"""Find a Danish address in a citizen's message ("jeg bor på vestergade 12, 1. th",
"Vestergade 12 5000", "hans broges gade 4b st tv 8000 aarhus c", "I live at vestergade 12").

This runs on the raw message, before redaction, so that the waste-pickup flow can look the
address up; the message is then stored with [ADRESSE] in its place. Because it runs on every
message it is careful: a street must end in a street word (gade, vej, allé, ...) as part of a
compound ("Vestergade", "Åboulevarden") or after another name word ("Frederiks Allé"), and
be followed by a house number. When the conversation is waiting for an address, a bare
"name number" ("Bispehaven 3") or a street alone ("Vestergade") counts too, but only when it
is (nearly) the whole message, so "pas til 2 børn" or "kl 12" never become an address."""

from __future__ import annotations

import re

from muni.connectors.values import AddressQuery

# Street words, longest first within a family; a definite ending (-en, -et, -n) may follow.
_SUFFIXES = (
    "boulevard|stræde|straede|vænge|vaenge|plads|gade|vej|allé|alle|torv|park|bakke|høj|hoej|"
    "toft|tofte|sti|kaj|holm|lund|mark|hegn|gård|gaard|strand|bjerg|vang|dal|skov|løkke|loekke|"
    "kvarter|ager|agre|gyde|havn|engen|eng|parken|passage|kilde|bro|brink|mose|vængen"
)
# Short street words that are also everyday words: only inside a compound ("Kongsvang").
_STANDALONE_OK = {
    "gade",
    "vej",
    "allé",
    "alle",
    "plads",
    "stræde",
    "straede",
    "boulevard",
    "torv",
    "vænge",
    "vaenge",
    "passage",
}
_LETTER = "A-Za-zÆØÅæøåÉéÜüÖöÄä"
_STREET_WORD = re.compile(
    rf"[{_LETTER}][\w'.-]*?(?:{_SUFFIXES})(?:en|et|n)?$|^(?:{_SUFFIXES})(?:en|et|n)?$",
    re.IGNORECASE,
)
# A house number: not a year ("friplads 2026"), an age or a count ("dreng 4 mdr", "15 year
# old", "3 måneder") or a date ("Risskov 1. juni").
_NUMBER = (
    r"(?P<number>(?!(?:19|20)\d\d(?!\d))\d{1,4}(?![\d])"
    r"(?:[A-Za-z](?![\w])|\s(?-i:[A-HJ-Z])(?![\w]))?)"
    r"(?!\s*(?:år|aar|uger?|dage?|måned(?:er)?|maaned(?:er)?|mdr|md|gange|børn|barn|kr|timer?"
    r"|minutter|personer|voksne|stk|procent|%|km|m2|m²|kvm|years?|months?|weeks?|days?)(?![\w]))"
    r"(?!\.?\s*(?:januar|january|februar|february|marts|march|april|maj|may|juni|june|juli|"
    r"july|august|september|oktober|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|"
    r"sept|okt|oct|nov|dec)(?![\w]))"
)
_UNIT = (
    r"(?:\s*,?\s*(?P<floor>st|kld|kl|k\d|\d{1,2})(?![\d\w])\.?(?:\s*sal\b)?"
    r"(?:\s*,?\s*(?P<door>t\.?h\.?|t\.?v\.?|m\.?f\.?|\d{1,3}(?![\d])))?)?"
)
_CITY_WORD = rf"(?-i:[A-ZÆØÅ][{_LETTER}-]*)"
_PLACE = (
    r"(?:\s*,?\s*(?P<postcode>\d{4})(?![\d])"
    rf"(?:\s+(?P<city>[{_LETTER}][{_LETTER}-]*(?:\s+{_CITY_WORD})?))?)?"
)
_CANDIDATE = re.compile(
    rf"(?P<street>(?:[{_LETTER}][\w'.-]*\s+){{0,3}}[{_LETTER}][\w'.-]*)\s+{_NUMBER}{_UNIT}{_PLACE}",
    re.IGNORECASE,
)
_STREET_ONLY = re.compile(
    rf"^(?P<street>(?:[{_LETTER}][\w'.-]*\s+){{0,3}}[{_LETTER}][\w'.-]*){_PLACE}$",
    re.IGNORECASE,
)

# Words that are never part of a street name: they come before it ("jeg bor på ...").
_STOP_WORDS = {
    *"jeg bor på paa i min mit mine adresse adressen er det hedder vi hos til og hvornår "
    "hvornaar hentes henter hentet skrald skraldet affald affaldet ved os vores hjem address "
    "is my at on the live lives i'm im we hej hi ja nej tak den ligger it bliver kommer "
    "skraldemanden skraldebilen tømt tømmes toemt toemmes tømning tømningen af for fra om "
    "hvad hvor når naar skal kan vil have har du de der en et som min mig nu så saa er "
    "storskrald papir plast glas pap haveaffald restaffald madaffald dag dage "
    "collected collection when what where bin bins rubbish garbage waste our in of for from "
    "street road please adr adressen: postnummer postnr".split(),
}
# A bare "word number" that is not a street even when we wait for an address.
_NOT_STREETS = {
    "kl",
    "klokken",
    "uge",
    "ugen",
    "side",
    "nr",
    "kr",
    "år",
    "aar",
    "dag",
    "dage",
    "pas",
    "børn",
    "barn",
    "stk",
    "gange",
    "minutter",
    "timer",
    "måned",
    "maaned",
    "paragraf",
    "version",
    "bus",
    "linje",
    "rute",
    "sal",
    "etage",
    "ca",
    "danmark",
    "sverige",
}
# Everyday words that end like a street ("dreng" like "Engen", "seng"): never a street.
_NOT_STREET_WORDS = {"dreng", "drengen", "seng", "sengen", "streng", "strengen", "denmark"}
_TRAILING_OK = re.compile(r"^[\s.,;:!?)\"']*$")


def _door(raw: str | None) -> str:
    return (raw or "").replace(".", "").lower()


def _street_from(raw: str, bare: bool) -> str:
    """The street name at the end of `raw`: the words after the last stop word. With a
    street word the last word must be one; bare, any name counts (the caller checks)."""
    words = raw.split()
    kept: list[str] = []
    for word in reversed(words):
        plain = word.lower().strip(",.:;")
        if plain in _STOP_WORDS or not plain:
            break
        if kept and word[:1].islower() and kept[-1][:1].isupper():
            break  # "hentet Vestergade": a lower-case word before a capitalised street
        kept.append(word.strip(",:;"))
    kept.reverse()
    if not kept:
        return ""
    last = kept[-1].lower().rstrip(".")
    if bare:
        return " ".join(kept)
    if not _STREET_WORD.search(last):
        return ""
    alone = re.fullmatch(rf"(?:{_SUFFIXES})(?:en|et|n)?", last, re.IGNORECASE)
    if alone and (len(kept) < 2 or last not in _STANDALONE_OK):
        return ""  # "vejen 12", "park 3": a street word alone is not a street
    return " ".join(kept)


def _query(match: re.Match[str], street: str) -> AddressQuery:
    floor = (match.group("floor") or "").lower() if "floor" in match.groupdict() else ""
    number = match.groupdict().get("number") or ""
    return AddressQuery(
        street=street,
        number=number.replace(" ", "").upper(),
        floor="kl" if floor in ("kl", "kld") else floor,
        door=_door(match.groupdict().get("door")),
        postcode=match.group("postcode") or "",
        city=(match.group("city") or "").strip(" .,"),
    )


def find_address(text: str, expecting: bool = False) -> tuple[AddressQuery, int, int] | None:
    """The first address in `text` and where it is, or None. `expecting`: the conversation
    asked for an address, so a street without a street word ("Bispehaven 3") or without a
    house number ("Vestergade") counts too when it is the whole message."""
    for match in _CANDIDATE.finditer(text):
        raw = match.group("street")
        for bare in (False, True) if expecting else (False,):
            street = _street_from(raw, bare)
            last = street.split()[-1].lower().strip(".") if street else ""
            if not street or last in _NOT_STREETS or last in _NOT_STREET_WORDS:
                continue
            if bare:
                lead = raw[: raw.rfind(street)].split()
                if not _TRAILING_OK.match(text[match.end() :]) or any(
                    w.lower().strip(",.:;") not in _STOP_WORDS for w in lead
                ):
                    continue  # "pas til 2 børn": only a message that is just the address
                if not re.search(rf"[{_LETTER}]{{3,}}", street):
                    continue
            start = match.start("street") + raw.rfind(street)
            end = match.end()
            query = _query(match, street)
            if query.city.endswith("."):
                end -= 1
            return query, start, end
    if expecting:
        stripped = text.strip().rstrip(".!?")
        only = _STREET_ONLY.match(stripped)
        if only is not None:
            street = _street_from(only.group("street"), False)
            raw = only.group("street")
            lead = raw[: raw.rfind(street)].split() if street else []
            if street and all(w.lower().strip(",.:;") in _STOP_WORDS for w in lead):
                start = text.find(stripped) + raw.rfind(street)
                return (
                    AddressQuery(
                        street=street,
                        postcode=only.group("postcode") or "",
                        city=(only.group("city") or "").strip(" .,"),
                    ),
                    start,
                    text.find(stripped) + only.end(),
                )
    return None
