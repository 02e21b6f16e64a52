"""What a citizen writes to the booking flow: a request to book, cancel or move a time.

    "jeg skal bestille tid til pas" → `wants_to_book`; "aflys min tid K4M29X" → `wants_to_manage`
    ("cancel"); "jeg har glemt min bookingkode" → `forgot_code`; inside the flow: "stop", "flere
    tider", a service by its name or a word for it ("gule kort" → sundhedskort), and the name
    and phone of the booking form (`valid_contact`).

A question ABOUT booking ("hvor langt frem kan man bestille tid?") or an appointment somewhere
else ("jeg skal bestille tid hos lægen") is not a request. All patterns work on normalised text
(`nlu.normalize`: lower case, æøå, no punctuation) unless they say otherwise.
"""

from __future__ import annotations

import re

from muni.booking.codes import find_code
from muni.booking.setup import BookingSetup, Service
from muni.connectors.values import Contact
from muni.nlu.normalize import normalize

# --- recognising a request to book, cancel or move (on normalised text: æøå, no punctuation)
_BOOK = re.compile(
    r"\b(bestil|bestille|bestiller|book|booke|booker|reserver|reservere)\b"
    r"(\s+\w+){0,3}?\s+(tid|tider|time|aftale|appointment)\b"
    r"|\b(make|book|get)\s+(an|a)\s+(appointment|time)\b"
)
_WANT = re.compile(
    r"^(bestil|book|reserver|please book|jeg skal|jeg vil|jeg gerne|jeg ønsker|jeg mangler)\b"
    r"|\bjeg\s+(\w+\s+)?(skal|vil|gerne|ønsker|mangler|vil gerne|må gerne|har brug for)\b"
    r"|\b(kan|må)\s+jeg\s+(\w+\s+)?(booke|bestille|få)\b"
    r"|\b(kan|vil)\s+(du|i)\s+(\w+\s+)?(booke|bestille|hjælpe)\b"
    r"|\bhjælp\w*\s+(mig\s+)?(med\s+)?(at\s+)?(booke|bestille)\b"
    r"|\bi\s+(want|need|would like|d like|wish)\b|\b(can|could)\s+i\s+(book|get|make)\b"
)
_ABOUT = re.compile(
    r"\b(hvor langt|hvordan|hvorfor|hvad|hvilke|hvilken|hvornår|hvem|hvor meget|koster|pris"
    r"|medbring\w*|tage med|skal man|kan man|må man|behøver|nødvendigt|uden|nettet|online"
    r"|hjemmeside|app|telefonen|ringe|how|what|when|where|why|which|cost|price|bring"
    r"|without|need to bring|aflys\w*|annuller\w*|flyt\w*|ændr\w*|cancel\w*|move|change)\b"
)
# an appointment somewhere else: the curated answer says who to ask
_ELSEWHERE = re.compile(
    r"\b(hospital\w*|sygehus\w*|læge\w*|tandlæge\w*|doctor\w*|dentist\w*|gp|speciallæge\w*"
    r"|jobcenter\w*|sagsbehandler\w*|frisør\w*|skat\w*|politi\w*|police)\b"
)
_MANAGE_WHAT = re.compile(r"\b(tid|tiden|booking|bookingen|aftale|aftalen|appointment)\b")
# the citizen's own booking: "min tid", "min bestilte tid", "my appointment"
_MY_BOOKING = re.compile(
    r"\b(min|mit|my)\s+(\w+\s+)?(tid|tiden|booking|bookingen|aftale|aftalen|appointment)\b"
)
_CANCEL = re.compile(r"\b(aflys\w*|annuller\w*|slet\w*|cancel\w*)\b")
_MOVE = re.compile(r"\b(flyt\w*|ændr\w*|skift\w*|omlæg\w*|move|change|reschedule)\b")
_BOOKING_CODE = (
    r"(booking\s?kode\w*|booking\s?code|kode\w* (?:til|på|paa|for) (?:min |mit )?"
    r"(?:tid|tiden|booking|bookingen|aftale|aftalen)|code for my (?:booking|appointment))"
)
_LOST_CODE = re.compile(
    r"\b(glemt|glemmer|mistet|mist|tabt|slettet|husker ikke|kan ikke finde|finder ikke|"
    r"forgot|forgotten|lost|can'?t find)\b.{0,40}\b"
    + _BOOKING_CODE
    + r"|\b"
    + _BOOKING_CODE
    + r".{0,30}\b(glemt|mistet|væk|vaek|forsvundet|lost)\b"
)
_MANAGE_ABOUT = re.compile(r"\b(koster|pris|gebyr|man|fee|cost|hvor langt|how far)\b")
_STOP = re.compile(
    r"^(stop|stopp|annuller|afbryd|fortryd|glem det|nej tak|cancel|never mind|quit)\b"
)
_MORE = re.compile(r"^(flere|flere tider|andre tider|senere|more|more times|later)$")
_NAMED = re.compile(r"\btid\w*\s+(til|hos|for|ved)\s+(\w+)|\bappointment\s+(for|at)\s+(\w+)")
_PHONE_DIGITS = re.compile(r"\d")
# a typed booking code that is not one (on the raw text)
_CODE_LIKE = re.compile(r"[A-Za-z0-9]{4,8}")
# words after "tid til" that do not name a service ("tid til mig", "tid til at ...")
_NOT_A_SERVICE = frozenset(
    "at mig os dig jer en et min mit mine i på den det de næste nyt ny borgerservice "
    "me us a an my the next new".split()
)

# words a citizen may use for a service, by its taxonomy topic (besides its own name and key)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "pas": ("pas", "passet", "nyt pas", "pasfornyelse", "passport", "passports"),
    "koerekort": ("kørekort", "kørekortet", "korekort", "driving licence", "driving license"),
    "sundhedskort": (
        "sundhedskort",
        "sundhedskortet",
        "gult kort",
        "gule kort",
        "sygesikringskort",
        "health card",
        "health insurance card",
    ),
    "legitimationskort": ("legitimationskort", "id kort", "idkort", "id card"),
}


def wants_to_book(text: str) -> bool:
    """The citizen asks to book now ("book tid", "jeg skal bestille tid til pas"), not
    about booking ("hvor langt frem kan man bestille tid?")."""
    norm = normalize(text)
    return bool(
        _BOOK.search(norm)
        and _WANT.search(norm)
        and not _ABOUT.search(norm)
        and not _ELSEWHERE.search(norm)
    )


def wants_to_manage(text: str) -> str | None:
    """ "cancel" or "move" when the citizen asks to cancel or move their own booking."""
    norm = normalize(text)
    if not (_MANAGE_WHAT.search(norm) or find_code(text)) or _MANAGE_ABOUT.search(norm):
        return None
    if _ELSEWHERE.search(norm):
        return None
    if not (_MY_BOOKING.search(norm) or find_code(text)):
        return None  # "min kæreste ... hvor lang tid ... flytning" is no booking of one's own
    if _CANCEL.search(norm):
        return "cancel"
    if _MOVE.search(norm):
        return "move"
    return None


def forgot_code(text: str) -> bool:
    """ "jeg har glemt min bookingkode", "I lost the code for my booking"."""
    return bool(_LOST_CODE.search(normalize(text)))


def stops(norm: str) -> bool:
    """ "stop", "nej tak", "never mind": the citizen leaves the flow (normalised text)."""
    return bool(_STOP.match(norm))


def wants_more(norm: str) -> bool:
    """ "flere tider", "later": the next page of times (normalised text)."""
    return bool(_MORE.match(norm))


def looks_like_code(token: str) -> bool:
    """A typed word shaped like a booking code that `find_code` did not take (raw text)."""
    return bool(_CODE_LIKE.fullmatch(token))


def service_named(setup: BookingSetup, text: str) -> Service | None:
    """The tenant's service the text names by its key, name or a word for it ("gule kort")."""
    norm = f" {normalize(text)} "
    for service in setup.services.values():
        words = {service.slug, service.name, service.name_en, *SYNONYMS.get(service.topic, ())}
        if any(f" {normalize(w)} " in norm for w in words if w):
            return service
    return None


def names_other_service(text: str) -> bool:
    """ "tid til vielse": a time for something, but no service the tenant books here
    ("tid til mig" and "tid til at ..." name nothing)."""
    named = _NAMED.search(normalize(text))
    return bool(named and (named.group(2) or named.group(4)) not in _NOT_A_SERVICE)


def valid_contact(contact: Contact | None) -> bool:
    """The booking form's name and phone: a name, and a phone number of 6-15 digits."""
    if contact is None:
        return False
    digits = len(_PHONE_DIGITS.findall(contact.phone))
    return bool(contact.name.strip()) and 6 <= digits <= 15 and len(contact.phone) <= 50
