"""What a sentence of the tenant's pages states, read from its text alone.

Its sentences (`sentences`), the stems that tie it to a question (`relevant_stems`: not words
that only say what kind of fact is asked, nor numbers, months or days said from today), the
kinds of value it states (`states_value`), whether it is about calling or whom to contact, and
whether a message names a subject at all. These are pure functions of the text, remembered.
`answering/fact_sentences.py` chooses the sentences that answer a question with them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from muni.facts.sentences import split_sentences
from muni.facts.values import find_values
from muni.nlu.normalize import normalize
from muni.nlu.tokens import stems

# Stems that only say what kind of fact is asked for; they do not tie a sentence to the question.
_KIND_STEMS = frozenset(
    stems(
        "hvad koster pris priser hvor lang tid længe hvornår frist åbent åbningstider lukket "
        "ring ringe telefon nummer adresse ligger gammel alder mange er det den de der kan jeg "
        "man skal vi i om til på med for og en et hvor hvordan how much cost price when where "
        "the a is it of to for can i what "
        # common verbs and words that say nothing about the subject
        "går gå gik gået bliver blive blev blevet være var været har have havde får få fik "
        "kunne skulle ville gør gøre gjorde kommer komme kom tager tage tog laver lave lavet "
        "ser se sige siger giver give står stå bruger bruge finder finde sender sende hjælper "
        "hjælpe vil kan må skal mig dig os jer dem sig min mit mine din dit dine hans hendes "
        "deres vores ikke også så nu lige bare egentlig meget noget nogen alle hver anden "
        "kommunen kommune jeres jer ud ind op ned over under efter før inden senest igen "
        "does do get will there this that these those they you your my me we our "
        # adverbs that are rare on a site but name no subject ("stadig" tied the bathing
        # water page to a question about savings)
        "stadig stadigvæk selvom allerede faktisk altid aldrig måske gerne godt helt lidt "
        "mere mest først still already "
        # asking whom to contact says what kind of fact is wanted, not what about ("hvem skal
        # man kontakte hvis ens barn bliver sygt" is not about the page "Kontakt kommunen")
        "kontakt kontakte kontakter kontaktes hvem hvis ens contact who "
        # units that every price or time states ("kr." tied the allotment waiting list's
        # price to the curated answer about meal prices)
        "kr kr. kroner dkk kl kl. klokken "
        # units of time and words that hedge a figure ("normalt 3-4 ugers ventetid" on the
        # energy-renovation page is not when a health card arrives; "om måneden" tied the
        # daycare prices to a question about meal prices)
        "minut minutter time timer døgn dag dage dagen uge uger ugen måned måneder måneden "
        "år året arbejdsdag arbejdsdage hverdag hverdage årlig årligt månedlig månedligt "
        "normalt normal typisk cirka ca ca. omkring højst mindst "
        # words for the kind of fact itself ("Ventetiden er 2-6 år" on the allotment page is
        # not the waiting time for a care home)
        "ventetid ventetiden leveringstid leveringstiden sagsbehandlingstid "
        "sagsbehandlingstiden behandlingstid behandlingstiden gebyr gebyret gebyrer beløb "
        "beløbet satser "
        "day days week weeks month months year years hour hours usually about"
    )
)
# A month in a message says when, not what about: "vi venter vores første i april" (a birth)
# is not tied to "Fra 1. april til 30. november henter vi haveaffald". (A page sentence and a
# curated one naming the same months still agree or disagree about the same thing.)
MONTHS = frozenset(
    stems(
        "januar februar marts april maj juni juli august september oktober november december "
        "january february march may june july october"
    )
)


# Asking when to call ("hvornår kan jeg ringe") wants the telephone hours, not the opening
# hours of the building: sentences about calling are tied to such a question.
_CALLING = frozenset(stems("ring ringe ringer ringes telefon telefonen telefontid call phone"))
_CALLING_PREFIXES = ("telefon", "phone", "ring")

# Pages change only when they are crawled, and the same passages come up for many questions:
# what a passage's sentences are, which stems tie them and whether they state a value of some
# kinds are pure functions of their text, so they are remembered (bounded, least recently used).
CACHE_SIZE = 50_000


def sentences(text: str) -> list[str]:
    """A passage's sentences and list items, without markdown."""
    return list(cached_sentences(text))


@lru_cache(maxsize=CACHE_SIZE)
def cached_sentences(text: str) -> tuple[str, ...]:
    """`sentences` as a tuple, remembered."""
    return tuple(split_sentences(text))


# Days said from today ("i morgen", "i dag"): "hvad er åbningstiderne i morgen" is not tied to
# "Kommunen gør rent i midtbyen hver morgen" by "morgen".
_FROM_TODAY = re.compile(
    r"\b(i|fra|til) (morgen|dag|går|gaar|overmorgen)\b|\b(imorgen|idag|igår|igaar)\b"
    r"|\b(today|tomorrow|yesterday|tonight)\b",
    re.IGNORECASE,
)


# "Søn- og helligdage", "gælds- og budgetrådgivning": the first word borrows the second's end
_SUSPENDED = re.compile(r"\b(\w{2,})- (og|eller) (\w{4,})")
MIN_TAIL = 3  # the borrowed end is at least this long ("dage", "rådgivning")
MIN_HEAD = 4  # a first word this long is a word of its own too ("gælds-", not "søn-")


def _completed(match: re.Match[str]) -> str:
    """"Søn- og helligdage" → "søndage … og helligdage": the first word with every end of the
    second that it could borrow (there is no dictionary to tell which). A longer first word
    also stands for itself ("gælds-" is about "gæld"); a short one would tie what it is not
    ("Søn-" is no "søn")."""
    head, joint, second = match.groups()
    forms = [head + second[i:] for i in range(1, len(second) - MIN_TAIL + 1)]
    if len(head) >= MIN_HEAD:
        forms.append(head)
    return f"{' '.join(forms)} {joint} {second}"


def completed_compounds(text: str) -> str:
    """The text with each compound left half-written before "og"/"eller" written out."""
    return _SUSPENDED.sub(_completed, text) if "- " in text else text


@lru_cache(maxsize=CACHE_SIZE)
def relevant_stems(text: str) -> frozenset[str]:
    """The stems that tie a sentence to a question: not question or fact words, not numbers
    (a "10" in "min søn på 10" says nothing about "Kaffe: 10 kr."), not days said from today;
    a compound left half-written is written out ("Søn- og helligdage" has "søndage")."""
    return frozenset(
        s
        for s in stems(completed_compounds(_FROM_TODAY.sub(" ", text)))
        if s not in _KIND_STEMS and len(s) > 1 and not s.isdigit()
    )


_STATES_LIMIT = re.compile(
    r"\b(højst|maks|maksimalt|maksimum|max|op til|ikke mere end|ikke over|højeste|"
    r"(kortere|længere|mindre|større|højere|lavere|tungere|lettere|bredere) end|"
    r"at most|up to|no more than)\b"
)


_NUMBER_OF = re.compile(r"\b\d+ (\w+)")


@lru_cache(maxsize=CACHE_SIZE)
def numbered(sentence: str) -> frozenset[str]:
    """The stems of the words right after a number: what the sentence counts ("Der er 3
    genbrugspladser" → "genbrugsplads")."""
    return frozenset(s for m in _NUMBER_OF.finditer(sentence) for s in stems(m.group(1)))


def states_limit(sentence: str) -> bool:
    """Whether the sentence states the most allowed ("Du kan højst købe 30 gæstedøgn")."""
    return bool(_STATES_LIMIT.search(normalize(sentence)))


def states_value(sentence: str, kinds: tuple[str, ...]) -> bool:
    """Whether the sentence states a value of one of these kinds."""
    return not kinds_stated(sentence).isdisjoint(kinds)


@lru_cache(maxsize=CACHE_SIZE)
def kinds_stated(sentence: str) -> frozenset[str]:
    """The kinds of value a sentence states, found once per sentence rather than once per
    sentence and combination of kinds asked (each kind's pattern is read on its own, so the
    kinds found among all are the kinds found when asked for some)."""
    return frozenset(v.kind for v in find_values(sentence))


def about_calling(words: list[str]) -> bool:
    """Whether these stems are about calling ("ring", "telefontid", "phone")."""
    return any(w in _CALLING or w.startswith(_CALLING_PREFIXES) for w in words)


@lru_cache(maxsize=CACHE_SIZE)
def calls(sentence: str) -> bool:
    """Whether the sentence is about calling (`about_calling`), remembered."""
    return about_calling(stems(sentence))


def about_contact(sentence: str) -> bool:
    """The sentence tells whom to call or write to ("Ring til visitationen på ...",
    "Byggesagsafdelingen har telefontid ..."), not only where to order something by phone."""
    return calls(sentence) or any(
        w.startswith(("kontakt", "henvend", "contact")) for w in normalize(sentence).split()
    )


def has_subject(text: str) -> bool:
    """Whether a message names what it is about ("hvad koster det" does not)."""
    return bool(relevant_stems(text))
