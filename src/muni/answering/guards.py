"""Guards: checks that end a turn early with a safe, canned reply before any topic is guessed."""

from __future__ import annotations

import re
from collections.abc import Callable

from muni.answering.authorities import find_authority
from muni.answering.replies import reply
from muni.domain import Answer, Link, Question, QuickReply
from muni.nlu.normalize import clean

_VOWELS = set("aeiouyæøå")
_CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxz]{6,}")


def _pattern(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w])(" + "|".join(alternatives) + r")(?![\w])", re.IGNORECASE)


EMERGENCY = _pattern(
    r"det br[æa]e?nder",
    r"der er brand",
    r"brand i",
    r"ild i",
    r"hj[æa]e?rtestop",
    r"bevidstl[øo]e?s",
    r"tr[æa]e?kker ikke vejret",
    r"kan ikke tr[æa]e?kke vejret",
    r"blevet overfaldet",
    r"bliver overfaldet",
    r"livsfare",
    r"er ved at d[øo]e?",
    r"ring 112",
    r"ambulance",
    r"someone is dying",
    r"there is a fire",
    r"heart attack",
    r"not breathing",
)
SELF_HARM = _pattern(
    r"selvmord\w*",
    r"tage mit (eget )?liv",
    r"sl[åa]a? mig selv ihjel",
    r"vil ikke leve mere",
    r"orker ikke at leve",
    r"skade mig selv",
    r"g[øo]re skade p[åa]a? mig selv",
    r"d[øo]e? fra det hele",
    r"kill myself",
    r"suicid\w*",
    r"end my life",
    r"hurt myself",
)
JAILBREAK = _pattern(
    r"ignore (all |your )?(previous |prior )?instructions",
    r"system ?prompt",
    r"glem (alle )?(dine|tidligere) (instruktioner|regler)",
    r"ignorer (alle )?(dine|tidligere) "
    r"(instruktioner|regler)",
    r"jailbreak",
    r"developer mode",
    r"udvikler-?tilstand",
    r"lad som om du (ikke )?er",
    r"pretend (to be|you are)",
    r"act as",
    r"du er nu en",
    r"you are now",
    r"dan mode",
    r"do anything now",
    r"prompt injection",
)
ABUSE = _pattern(
    r"(du|bot|robot|chatbot) er (s[åa]a? )?(dum|en idiot|idiot|en nar|elendig|lort|noget lort)",
    r"dumme? (bot|robot|chatbot|maskine)",
    r"skide ?(bot|robot|chatbot)",
    r"fuck (dig|jer|you|off)",
    r"hold (din )?k[æa]e?ft",
    r"k[æa]e?lling",
    r"luder",
    r"r[øo]e?vhul",
    r"kraftidiot",
    r"pikhoved",
    r"fucking (bot|idiot)",
    r"stupid (bot|machine)",
    r"you suck",
)

Guard = Callable[[Question, int], Answer | None]


def _canned(question: Question, key: str, status: str, **extra: object) -> Answer:
    return Answer(
        text=reply(key, question.language),
        origin="guard",
        status=status,
        language=question.language,
        **extra,
    )  # type: ignore[arg-type]


def is_gibberish(text: str) -> bool:
    """No letters at all, or mostly 'words' no language has (long consonant runs, no vowels)."""
    words = [w for w in re.findall(r"[^\W\d_]+", clean(text))]
    if not words:
        return not re.search(r"\[(CPR|TELEFON|EMAIL|NAVN|ADRESSE)\]", text)
    junk = sum(
        1 for w in words if _CONSONANT_RUN.search(w) or (len(w) >= 4 and not set(w) & _VOWELS)
    )
    return junk * 2 >= len(words)


def empty_guard(question: Question, max_chars: int) -> Answer | None:
    if not question.text.strip():
        return _canned(question, "empty", "guard_empty")
    return None


def length_guard(question: Question, max_chars: int) -> Answer | None:
    if len(question.text) > max_chars:
        return _canned(question, "too_long", "guard_too_long")
    return None


def gibberish_guard(question: Question, max_chars: int) -> Answer | None:
    if is_gibberish(question.text):
        return _canned(question, "gibberish", "guard_gibberish")
    return None


def emergency_guard(question: Question, max_chars: int) -> Answer | None:
    if EMERGENCY.search(question.text):
        return _canned(question, "emergency", "guard_emergency")
    return None


def self_harm_guard(question: Question, max_chars: int) -> Answer | None:
    if SELF_HARM.search(question.text):
        return _canned(
            question,
            "self_harm",
            "guard_self_harm",
            links=(Link("Livslinien", "https://www.livslinien.dk"),),
        )
    return None


def jailbreak_guard(question: Question, max_chars: int) -> Answer | None:
    if JAILBREAK.search(question.text):
        return _canned(question, "jailbreak", "guard_jailbreak")
    return None


def abuse_guard(question: Question, max_chars: int) -> Answer | None:
    if ABUSE.search(question.text):
        return _canned(question, "abuse", "guard_abuse")
    return None


def authority_guard(question: Question, max_chars: int) -> Answer | None:
    if question.topic_hint:
        return None
    authority = find_authority(question.text)
    if authority is None:
        return None
    return Answer(
        text=authority.text[question.language],
        origin="guard",
        status="guard_other_authority",
        language=question.language,
        links=(authority.link,),
        quick_replies=(
            QuickReply(
                reply("talk_to_person", question.language),
                reply("talk_to_person", question.language),
                "menneske",
            ),
        ),
    )


# The order matters: safety first, then manipulation. The other-authority redirect is not here:
# it runs after the curated intents (see pipeline.py), because topic questions often mention a
# hospital or the police in passing ("genoptræning efter hospitalet").
GUARDS: tuple[Guard, ...] = (
    empty_guard,
    length_guard,
    emergency_guard,
    self_harm_guard,
    jailbreak_guard,
    abuse_guard,
    gibberish_guard,
)
