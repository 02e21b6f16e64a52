"""Input checks that end a turn early with a canned reply (empty, too long, gibberish), and
the other-authority redirect. Safety (danger, abuse, manipulation ...) is in muni.safety."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from muni.answering.authorities import find_authority
from muni.answering.state import TurnState
from muni.domain import Answer, Question, QuickReply
from muni.nlu.normalize import clean
from muni.texts import say

_VOWELS = set("aeiouyæøå")
_CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxz]{6,}")


Guard = Callable[[Question, int], Answer | None]


def _canned(question: Question, key: str, status: str, **extra: object) -> Answer:
    return Answer(
        text=say(key, question.language),
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


def authority_answer(question: Question, values: Mapping[str, str]) -> Answer | None:
    """Another authority's matter: who decides it and where to go, with the tenant's own
    `values` filled in (the out-of-hours doctor in its region)."""
    if question.topic_hint:
        return None
    authority = find_authority(question.text)
    if authority is None:
        return None
    return Answer(
        text=authority.reply(question.language, values),
        origin="guard",
        status="guard_other_authority",
        language=question.language,
        links=(authority.link,),
        quick_replies=(
            QuickReply(
                say("talk_to_person", question.language),
                say("talk_to_person", question.language),
                "menneske",
            ),
        ),
    )


class GuardStep:
    """Runs the given checks in order; the first that fires ends the turn."""

    def __init__(self, name: str, guards: tuple[Guard, ...], max_chars: int) -> None:
        self.name = name
        self.guards = guards
        self.max_chars = max_chars

    def __call__(self, question: Question, state: TurnState) -> Answer | None:
        for guard in self.guards:
            answer = guard(question, self.max_chars)
            if answer is not None:
                return answer
        return None


# Before the safety step: nothing to read, or too much. After it: text no language has (a
# message in danger is never turned away as gibberish). The other-authority redirect is not
# here: it runs after the curated intents (see pipeline.py), because topic questions often
# mention a hospital or the police in passing ("genoptræning efter hospitalet").
INPUT_CHECKS: tuple[Guard, ...] = (empty_guard, length_guard)
GIBBERISH_CHECKS: tuple[Guard, ...] = (gibberish_guard,)


def input_checks(max_chars: int) -> GuardStep:
    return GuardStep("input_checks", INPUT_CHECKS, max_chars)


def gibberish_check(max_chars: int) -> GuardStep:
    return GuardStep("gibberish", GIBBERISH_CHECKS, max_chars)
