"""Find fact values in a sentence: amounts, durations, dates and deadlines, ages, phone
numbers, opening hours, addresses, counts and e-mail addresses (Danish and English).

Used three ways: to see whether a curated answer already states the fact a question asks
for, to find the sentence on the tenant's page that does, and by `muni content check` to find
facts written into answer texts instead of variables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = (
    "januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december|"
    "january|february|march|may|june|july|october|"
    r"jan\.?|feb\.?|mar\.?|apr\.?|jun\.?|jul\.?|aug\.?|sep\.?|sept\.?|okt\.?|oct\.?|nov\.?|dec\.?"
)
_WEEKDAYS = (
    "mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|hverdag|hverdage|weekend|weekenden|"
    "helligdag|helligdage|alle dage|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    "weekdays|every day|mandage|tirsdage|onsdage|torsdage|fredage|lørdage|søndage|"
    "mandagen|tirsdagen|onsdagen|torsdagen|fredagen|lørdagen|søndagen|"
    r"man\.|tirs\.|ons\.|tors\.|fre\.|lør\.|søn\."
)
_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d+(?:,\d{1,2})?"
_RANGE = rf"(?:{_NUMBER})(?:\s*(?:-|–|til|to|og|or|eller)\s*(?:{_NUMBER}))?"
_UNIT_TIME = (
    r"arbejdsdage|arbejdsdag|arbejdsdages|hverdage|bankdage|kalenderdage|dage|dag|dages|døgn|"
    r"uger|uge|ugers|måneder|måned|måneders|måneds|timer|time|timers|minutter|minut|"
    r"working days|business days|days|day|weeks|week|months|month|hours|hour|minutes"
)
_AGE_WORDS = (
    r"under|over|fyldt|fylder|fylde|fra|mellem|op til|indtil|alder|alderen|aged|age|"
    r"older than|younger than|from the age of|until"
)
_STREET = (
    r"vej|vejen|gade|gaden|allé|alle|plads|pladsen|torv|torvet|stræde|vænge|parken|bakken|"
    r"stien|boulevard|boulevarden|brynet|vang|høj|gården|kaj|kajen|"
    r"road|street|square"
)

# units of size, length, weight and sound: an amount, but not of money ("25 meter bassin")
_SIZE_UNITS = (
    r"cm|mm|m|km|m²|m2|m³|m3|kvm|kvadratmeter|kubikmeter|meter|kilometer|centimeter|kg|kilo|"
    r"ton|tons|liter|l|db|dB|decibel|ha|hektar"
)

PATTERNS: dict[str, re.Pattern[str]] = {
    "amount": re.compile(
        rf"(?:(?:kr\.?|dkk)\s*(?:{_NUMBER})(?:,-)?)"
        rf"|(?:(?:{_RANGE})(?:,-)?\s*(?:kr\b\.?|kroner|dkk|danske kroner|euro|€))"
        rf"|(?:(?:{_NUMBER})\s*(?:%|procent|pct\b\.?|percent))"
        rf"|(?:\b(?:{_RANGE})\s*(?:{_SIZE_UNITS})\b)"
        r"|\b(?:gratis|free of charge|uden beregning|koster ikke noget|intet gebyr|"
        r"costs nothing)\b",
        re.IGNORECASE,
    ),
    "duration": re.compile(
        rf"(?:\b(?:{_RANGE})\s*(?:{_UNIT_TIME})\b)"
        # compounds of a unit: "30 gæstedøgn", "10 feriedage", "3 skoleuger"
        rf"|(?:\b(?:{_RANGE})\s*[a-zæøå]{{3,}}(?:døgn|dage|uger|måneder)\b)"
        rf"|(?:\b(?:{_NUMBER})\s*(?:år|års|years?)\b)"
        rf"|(?:\bhver(?:t|e)?\s+(?:\d+\.\s*|anden\s+|andet\s+)?(?:år|uge|måned|dag)\b)"
        # how often: "Holdes 2 gange om året", "to gange om ugen", "twice a year"
        # ("en gang i år" is this year, not how often)
        rf"|(?:\b(?:{_RANGE}|én|en|to|tre|fire|fem|seks)\s+gange?\s+"
        r"(?:(?:om|pr\.?|per|hver)\s+(?:året|år|ugen|uge|måneden|måned|dagen|dag|døgnet|døgn)|"
        r"i\s+(?:året|ugen|måneden|døgnet))\b)"
        rf"|(?:\b(?:once|twice|(?:{_NUMBER}|two|three|four) times)\s+(?:a|per|every)\s+"
        r"(?:year|week|month|day)\b)"
        r"|\b(?:samme dag|med det samme|straks|next day|same day|immediately|"
        r"dagen efter|næste dag|næste arbejdsdag|inden for få dage|"
        r"(?:i|inden for|efter|om|en|et|to|tre|fire) (?:en |et )?(?:uge|måned|år|døgn|halvt år))\b",
        re.IGNORECASE,
    ),
    "date": re.compile(
        rf"(?:\b\d{{1,2}}\.?\s*(?:{_MONTHS})(?:\s+\d{{4}})?)"
        rf"|(?:\b(?:{_MONTHS})\s+\d{{1,2}}\b)"
        r"|(?:\b\d{4}-\d{2}-\d{2}\b)|(?:\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b)"
        rf"|(?:\b(?:senest|tidligst|inden|før|efter|no later than|at the latest|within|by)\s+"
        rf"(?:den\s+)?(?:{_RANGE})\s*\.?\s*(?:{_UNIT_TIME}|{_MONTHS}|år|years?)\b)"
        rf"|(?:\b(?:{_WEEKDAYS})\b)"
        # a deadline at a time of day: "meld afbud senest dagen før kl. 12"
        r"|(?:\bsenest\s+(?:dagen\s+før\s+|dagen\s+inden\s+|samme\s+dag\s+)?"
        r"(?:kl\.?|klokken)\s*\d{1,2}(?:[.:]\d{2})?)"
        r"|(?:\b(?:lige|ulige)\s+uger\b)|(?:\bhver\s+(?:anden|14\.)\s+(?:uge|dag)\b)"
        r"|(?:\buge\s+\d{1,2}\b)|(?:\bweek\s+\d{1,2}\b)"
        r"|(?:\b(?:første|sidste|1\.)\s+(?:hverdag\s+)?i\s+måneden\b)"
        r"|(?:\bmånedens\s+(?:første|sidste)\s+(?:dag|hverdag)\b)"
        r"|(?:\b(?:first|last)\s+(?:working\s+)?day\s+of\s+the\s+month\b)",
        re.IGNORECASE,
    ),
    "age": re.compile(
        rf"(?:\b(?:{_AGE_WORDS})\s+(?:{_RANGE})\s*(?:år|års|years?)\b)"
        r"|(?:\b(?:under|over|fyldt|fylder|aged|under the age of)\s+\d{1,3}\b"
        r"(?![.,]?\d|\.\s*\w|\s*(?:kr|%|m|km)))"
        rf"|(?:\b(?:{_RANGE})\s*(?:år|years?)\s*(?:gammel|gamle|old|of age)\b)"
        # a baby's age: "26 uger gammelt", "3 måneder gammel", "6 weeks old"
        rf"|(?:\b(?:{_RANGE})\s*(?:uger|måneder|mdr\.?|weeks?|months?)\s*"
        r"(?:gammel|gammelt|gamle|old)\b)"
        rf"|(?:\b(?:{_RANGE})\s*-?\s*årige?\b)|(?:\b\d+-\d+\s*år\b)"
        r"|(?:\bfolkepensionsalder(?:en)?\b)|(?:\bstate pension age\b)",
        re.IGNORECASE,
    ),
    "phone": re.compile(
        r"(?:\+45\s?)?(?<![\d.,])\d{2}\s?\d{2}\s?\d{2}\s?\d{2}(?![\d.,]*\d)"
        r"|(?<![\d.,])\d{2}\s\d{3}\s\d{3}(?![\d.,]*\d)"
        r"|(?<![\d.,])\d{4}\s\d{4}(?![\d.,]*\d)"
        r"|(?<=ring )\d{3,4}\b|(?<=ring på )\d{3,4}\b|(?<=call )\d{3,4}\b|\b1813\b|\b112\b|"
        r"\b114\b|\b116\s?111\b|\b1888\b",
        re.IGNORECASE,
    ),
    "opening_hours": re.compile(
        r"(?:\b(?:kl\.?|klokken)\s*\d{1,2}(?:[.:]\d{2})?(?:\s*(?:-|–|til)\s*\d{1,2}(?:[.:]\d{2})?)?)"
        r"|(?:\b\d{1,2}[.:]\d{2}\s*(?:-|–|til)\s*\d{1,2}(?:[.:]\d{2})?\b)"
        r"|(?:\b\d{1,2}\s*(?:-|–)\s*\d{1,2}(?:[.:]\d{2})?\b(?=[^.]*?(?:åbent|åben|lukket|open)))"
        rf"|(?:\b(?:{_WEEKDAYS})\b[\s:,]+(?:fra\s+)?\d{{1,2}}(?:[.:]\d{{2}})?\s*(?:-|–|til)\s*\d{{1,2}}(?:[.:]\d{{2}})?)"
        r"|\b(?:døgnåbent|hele døgnet|lukket|24 timer i døgnet|around the clock|closed|"
        r"day and night)\b",
        re.IGNORECASE,
    ),
    "address": re.compile(
        rf"(?:\b(?:[A-ZÆØÅ][\wæøåé.-]*\s+){{0,3}}[A-ZÆØÅ]?[\wæøåé-]*(?i:{_STREET})\s+\d+\s?[A-Za-z]?\b"
        r"(?:,\s*\d+\.?\s*(?:sal|th|tv)\.?)?(?:,?\s*\d{4}\s+[A-ZÆØÅ][\wæøå]+(?:\s[A-ZÆØÅ]\b)?)?)"
        r"|(?:\b[1-9]\d{3}\s+[A-ZÆØÅ][a-zæøå]+(?:\s[A-ZÆØÅ]\b)?)",
    ),
    "count": re.compile(
        r"\b\d+\b(?!\.\s)|\b(?:tre|fire|fem|seks|syv|otte|ni|ti|elleve|tolv|two|three|four|five|six|"
        r"seven|eight|nine|ten)\b",
        re.IGNORECASE,
    ),
    "email": re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"),
}

_SURELY_AGE = re.compile(
    r"\b(?:under|over|fyldt|fylder|fylde|på|alder|alderen|aged|older than|younger than|"
    r"from the age of)\s+\d{1,3}(?:\s*-\s*\d{1,3})?\s*(?:år|års|years?)\b"
    # "fra det er 26 uger gammelt", "ødelagt og under fire år gammelt" are ages (of a child,
    # of a card), not how long something takes
    r"|\b(?:\d{1,3}|et|en|to|tre|fire|fem|seks|syv|otte|ni|ti)\s*"
    r"(?:år|uger|måneder|mdr\.?|weeks?|months?|years?)\s*(?:gammel|gammelt|gamle|old)\b",
    re.IGNORECASE,
)
_BARE_STREET_WORD = re.compile(rf"(?:{_STREET})\s+\d+\s?[A-Za-z]?")

# Short national numbers that may be written in any answer (emergency, police, doctor).
WELL_KNOWN_NUMBERS = frozenset({"112", "114", "1813"})


@dataclass(frozen=True)
class FactValue:
    kind: str
    text: str
    start: int
    end: int


def find_values(text: str, kinds: tuple[str, ...] | None = None) -> list[FactValue]:
    """Every fact value of the given kinds (default: all) in the text, in order."""
    found: list[FactValue] = []
    # "for børn under 12 år", "unge på 12-17 år" are ages, not durations ("op til 10 år" may
    # be either, and stays both)
    ages = [(m.start(), m.end()) for m in _SURELY_AGE.finditer(text)]
    for kind, pattern in PATTERNS.items():
        if kinds is not None and kind not in kinds:
            continue
        for match in pattern.finditer(text):
            if kind == "duration" and any(
                match.start() < end and start < match.end() for start, end in ages
            ):
                continue
            value = match.group(0).strip(" ,.;:")
            if kind == "address" and _BARE_STREET_WORD.fullmatch(value):
                continue  # "alle 4 centre", "plads 2": a common word and a number, no street
            if value:
                found.append(FactValue(kind, value, match.start(), match.end()))
    return sorted(found, key=lambda v: (v.start, v.kind))


# an amount that ends in a unit of size is no amount of money
_MEASURE = re.compile(rf"\b(?:{_SIZE_UNITS})$", re.IGNORECASE)


def states_money(text: str) -> bool:
    """Whether the text states a price, a fee or that something is free ("45 kr.", "gratis",
    "25 %"), not only a size ("25 meter bassin")."""
    return any(not _MEASURE.search(v.text) for v in find_values(text, ("amount",)))


def states_price(text: str) -> bool:
    """Whether the text states a price in figures ("45 kr.", "25 %"), not only that
    something is free ("gratis") or a size."""
    return any(
        any(ch.isdigit() for ch in v.text) and not _MEASURE.search(v.text)
        for v in find_values(text, ("amount",))
    )


_HOW_OFTEN = re.compile(r"\b(?:gange?|once|twice|times)\b", re.IGNORECASE)


def only_how_often(text: str, kinds: tuple[str, ...]) -> bool:
    """Whether every value of these kinds in the text says how often something happens ("op
    til 12 gange om året"): an answer to "hvor tit", not to "hvornår"."""
    found = find_values(text, kinds)
    return bool(found) and all(_HOW_OFTEN.search(v.text) for v in found)


def states_wait(text: str) -> bool:
    """Whether the text states how long something takes or until when ("normalt inden for 2
    uger", "senest 14. marts"), not only how often it happens ("typisk hver 14. dag", "2 gange
    om året")."""
    return any(
        not v.text.lower().startswith(("hver", "every")) and not _HOW_OFTEN.search(v.text)
        for v in find_values(text, ("duration", "date"))
    )


def has_value(text: str, kinds: tuple[str, ...]) -> bool:
    return bool(find_values(text, kinds))


def canonical(value: str) -> str:
    """A value reduced for comparison: digits and letters, '3.550 kr.' == '3550 kr'."""
    lowered = value.lower().replace("kroner", "kr").replace("dkk", "kr")
    lowered = re.sub(r"(?<=\d)\.(?=\d{3}\b)", "", lowered)
    return re.sub(r"[^\w]+", " ", lowered).strip()


def numbers_in(value: str) -> tuple[str, ...]:
    """The numbers a value states ('ca. 3.550 kr. om måneden' -> ('3550',))."""
    cleaned = re.sub(r"(?<=\d)\.(?=\d{3}\b)", "", value)
    return tuple(re.findall(r"\d+(?:,\d+)?", cleaned))


def stated_facts(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """The sentences of a text that state a fact, with the kinds of value each states (a
    number on its own, a "count", does not make a sentence a fact)."""
    from muni.facts.sentences import split_sentences

    found = []
    for sentence in split_sentences(text):
        kinds = tuple(dict.fromkeys(v.kind for v in find_values(sentence) if v.kind != "count"))
        if kinds:
            found.append((sentence, kinds))
    return found
