"""A follow-up that gets the same answer again hears only what is about its own subject.

"hvad koster et pas" → the passport prices, with the page's quote. "og for børn?" → the same
sub-answer is right, but the whole answer again reads as if muni did not listen. When a
follow-up names a subject of its own ("børn"), gets the same topic and sub-answer as the turn
before, and some but not all of the answer's sentences are about that subject, only those
sentences are kept (a quoted page passage whole, with its source line). When the earlier
question asked for a kind of fact (a price), the kept sentences must still state one; otherwise
the answer is left whole, as it is when nothing or everything is about the subject.
"""

from __future__ import annotations

import re
from dataclasses import replace

from muni.answering.fact_sentences import relevant_stems
from muni.answering.state import TurnState
from muni.domain import Answer, Question
from muni.facts.kinds import value_kinds
from muni.facts.values import find_values
from muni.nlu.tokens import stems

# sentence ends inside a paragraph: ". " before a capital letter or a digit ("kr. (under 12
# år)" and "fx pas" do not end one); list items are lines of their own
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+\.)\s")
MAX_WORDS = 6  # "og for børn?", "hvad med pensionister": short, leaning on the turn before
# stems `relevant_stems` keeps that name nothing ("og mig, jeg er fra 1965"); stems this short
# are mostly such words or stemmer accidents ("billigere" → "bil")
_NOT_A_SUBJECT = frozenset("hvis fra mig dig sig også eller men når som bare".split())
MIN_STEM = 4
# an English follow-up's word for whom it asks about (by its stem: "daughters" is "daught"),
# and the stems the English answers use for it ("and for kids?" -> "A passport for a child
# costs DKK 150 ...")
_ENGLISH_SUBJECTS: dict[str, tuple[str, ...]] = {
    "kid": ("child", "childr"),
    "child": ("child", "childr"),
    "childr": ("child", "childr"),
    "son": ("child", "childr"),
    "daught": ("child", "childr"),
    "retired": ("pension", "retired"),
    "retire": ("pension", "retire"),
    "senior": ("pension", "senior"),
}
# a sentence that starts like this leans on the one before ("Den er 67 år, hvis ..."): both go
_LEANS_BACK = re.compile(r"^(den|det|de|dem|der|her|så|han|hun|it|they|this|that)\b", re.I)


def _roots(text: str) -> frozenset[str]:
    """Stems and lemma stems alike ("børn" → børn, barn; "barn" → barn)."""
    return frozenset(s.removeprefix("l:") for s in stems(text))


def _units(paragraph: str) -> tuple[list[str], str]:
    """A paragraph's sentences, or its lines when it is a list, and what joins them again (a
    line break where the paragraph had one)."""
    lines = paragraph.split("\n")
    if any(_LIST_ITEM.match(line) for line in lines):
        return lines, "\n"
    joiner = "\n" if len(lines) > 1 else " "
    return [u.strip() for u in _SENTENCE_END.split(paragraph) if u.strip()], joiner


def focus(text: str, subject: frozenset[str]) -> str | None:
    """The paragraphs and sentences of `text` about `subject`; None when none or all are."""
    kept: list[str] = []
    dropped = False
    for paragraph in text.split("\n\n"):
        if "«" in paragraph:  # a quoted page passage goes whole, with its source, or not at all
            if subject & _roots(paragraph):
                kept.append(paragraph)
            else:
                dropped = True
            continue
        units, joiner = _units(paragraph)
        hits = {i for i, u in enumerate(units) if subject & _roots(u)}
        hits |= {i - 1 for i in hits if i > 0 and _LEANS_BACK.match(units[i])}
        about = [u for i, u in enumerate(units) if i in hits]
        dropped = dropped or len(about) < len(units)
        if about:
            kept.append(joiner.join(about))
    if not kept or not dropped:
        return None
    return "\n\n".join(kept)


class FollowUpFocus:
    """Refiner: the part of a repeated answer that the follow-up asks about."""

    name = "follow_up_focus"

    def __call__(self, question: Question, answer: Answer, state: TurnState) -> Answer:
        context = question.context
        if not state.follow_up or answer.status != "answered" or answer.origin != "curated":
            return answer
        if answer.topic is None or (answer.topic, answer.sub_answer) != (
            context.topic,
            context.sub_answer,
        ):
            return answer
        if len(question.text.split()) > MAX_WORDS:
            return answer
        # the words that name whom or what it is about ("børn", "pensionister", "lørdag"),
        # not question, fact or function words
        roots = [s.removeprefix("l:") for s in relevant_stems(question.text)]
        if question.language == "en":
            roots = [alias for r in roots for alias in _ENGLISH_SUBJECTS.get(r, (r,))]
        subject = frozenset(r for r in roots if len(r) >= MIN_STEM and r not in _NOT_A_SUBJECT)
        if not subject:
            return answer
        focused = focus(answer.text, subject)
        if focused is None:
            return answer
        asked = state.own_asks or context.asks  # this question's kinds, or the one before's
        wanted = value_kinds(tuple(k for k in asked if k != "yes_no"))
        if wanted and not find_values(focused, wanted):
            return answer  # the price (or date ...) asked for would be lost
        focus_on = " ".join(sorted(subject))
        return replace(answer, text=focused, diagnostics={**answer.diagnostics, "focus": focus_on})
