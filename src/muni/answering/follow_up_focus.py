"""A follow-up that gets the same answer again hears only what is about its own subject.

"hvad koster et pas" → the passport prices, with the page's quote. "og for børn?" → the same
sub-answer is right, but the whole answer again reads as if muni did not listen. When a
follow-up names a subject of its own ("børn"), gets the same topic and sub-answer as the turn
before, and some but not all of the answer's sentences are about that subject, only those
sentences are kept. A quoted page passage keeps its source line and is cut the same way, to
its sentences about the subject: they are still the page's own words. A follow-up answered
from the same page as the turn before ("og for pensionister?" after the pool's prices) has the
page's sentences cut the same way. When the earlier question asked for a kind of fact (a
price), the kept sentences must still state one; otherwise the answer is left whole, as it is
when nothing or everything is about the subject.
"""

from __future__ import annotations

import re
from dataclasses import replace

from muni.answering.page_quote import NEGATIVE_HEADING, leans_on_the_one_before
from muni.answering.sentence_reading import relevant_stems
from muni.answering.state import TurnState
from muni.domain import Answer, Question
from muni.facts.kinds import value_kinds
from muni.facts.values import find_values
from muni.nlu.tokens import stems

# sentence ends inside a paragraph: ". " before a capital letter or a digit ("kr. (under 12
# år)" and "fx pas" do not end one); list items are lines of their own
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+\.)\s")
_STEP_NUMBER = re.compile(r"^\s*\d+\.\s+")
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
# a Danish follow-up's word for whom it asks about (by its stem: "datter" is "dat"), and the
# words the answers use for them, or the root their compounds hold ("og for pensionister?" ->
# "381 kr., når du har nået folkepensionsalderen"; "hvad med min søn på 15?" -> "Et pas til
# et barn koster ...")
_CHILD = ("barn", "børn")
_PENSION = ("pensionist", "pension")
_DANISH_SUBJECTS: dict[str, tuple[str, ...]] = {
    "pensionist": _PENSION,
    "folkepensionist": _PENSION,
    "søn": _CHILD,
    "dat": _CHILD,
    "døtr": _CHILD,
    "dreng": _CHILD,
    "pig": _CHILD,
    "ung": ("ung", "barn", "børn"),
}
# the pages are Danish: an English follow-up answered from a page names its group in the
# page's words ("and for retired people?" -> "Pensionister og studerende: 30 kr.")
_DANISH_OF_ENGLISH: dict[str, tuple[str, ...]] = {
    "child": _CHILD,
    "childr": _CHILD,
    "pension": _PENSION,
    "retired": _PENSION,
    "retire": _PENSION,
    "senior": _PENSION,
    "student": ("stud",),
    "adult": ("voks", "voksn"),
}
MIN_PART = 6  # a subject's stem this long also names the compounds that hold it
# a day of the week is named by ranges and "alle dage" ("Mandag-fredag kl. 9-15" holds
# onsdag): for "og om søndagen?" a page's hours are not cut to the lines that spell it out
_WEEKDAYS = re.compile(
    r"\b(mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|hverdag|weekend|helligdag|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekday|holiday)",
    re.IGNORECASE,
)
# a follow-up that compares ("og dagpleje, er det billigere?") needs what it is compared with:
# the answer stays whole
_COMPARES = re.compile(
    r"\b(billigere|dyrere|mere|mindre|længere|kortere|forskel\w*|sammenlign\w*|cheaper|"
    r"more|less|longer|shorter|differen\w*|compare\w*)\b",
    re.IGNORECASE,
)
# a sentence that starts like this leans on the one before ("Den er 67 år, hvis ..."): both go
_LEANS_BACK = re.compile(r"^(den|det|de|dem|der|her|så|han|hun|it|they|this|that)\b", re.I)
# a page quote's first line: "På ... står der: «<the page's words>»" (texts: page_fact)
_QUOTE = re.compile(r"^(?P<intro>[^«]*«)(?P<words>.+)(?P<end>»)$")


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


def _names(text: str, subject: frozenset[str], compounds: bool) -> bool:
    """Whether `text` names the subject: one of its words, or (`compounds`: a Danish subject)
    a compound that holds a longer one ("pension" in "folkepensionsalderen")."""
    words = _roots(text)
    if subject & words:
        return True
    parts = [s for s in subject if len(s) >= MIN_PART] if compounds else []
    return any(part in word for part in parts for word in words)


def _about(units: list[str], subject: frozenset[str], compounds: bool) -> list[str]:
    """The units about `subject`, each with the one before when it leans on it ("Det …", or
    a short one without a subject: "Holdes 2 gange om året.")."""
    hits = {i for i, u in enumerate(units) if _names(u, subject, compounds)}
    hits |= {
        i - 1
        for i in hits
        if i > 0 and (_LEANS_BACK.match(units[i]) or leans_on_the_one_before(units[i]))
    }
    return [u for i, u in enumerate(units) if i in hits]


def _focused_quote(
    paragraph: str, subject: frozenset[str], compounds: bool, cut: bool = True
) -> str | None:
    """A page quote cut to its sentences about `subject`, with its introduction and source
    line; the quote as it is when all are, or when it is not in the usual form; None when
    none is."""
    if not _names(paragraph, subject, compounds):
        return None
    first, _, rest = paragraph.partition("\n")
    quote = _QUOTE.match(first)
    if quote is None or not cut:
        return paragraph
    sentences = [u.strip() for u in _SENTENCE_END.split(quote["words"]) if u.strip()]
    about = _about(sentences, subject, compounds)
    if not about or len(about) == len(sentences):
        return paragraph
    shortened = quote["intro"] + " ".join(about) + quote["end"]
    return shortened + ("\n" + rest if rest else "")


def focus(
    text: str, subject: frozenset[str], compounds: bool = True, cut_quotes: bool = True
) -> str | None:
    """The paragraphs and sentences of `text` about `subject`; None when none or all are.
    `compounds`: Danish words hold the subject inside longer ones (not so in English);
    without `cut_quotes` a page quote about the subject is kept whole."""
    kept: list[str] = []
    dropped = False
    for paragraph in text.split("\n\n"):
        if "«" in paragraph:  # a quoted page passage: its sentences about the subject
            quoted = _focused_quote(paragraph, subject, compounds, cut_quotes)
            dropped = dropped or quoted != paragraph
            if quoted is not None:
                kept.append(quoted)
            continue
        units, joiner = _units(paragraph)
        about = _about(units, subject, compounds)
        dropped = dropped or len(about) < len(units)
        if about and len(about) < len(units):
            # a step taken out of its numbered list is no longer step 4 of anything
            about = [_STEP_NUMBER.sub("", u) for u in about]
        if about:
            kept.append(joiner.join(about))
    if not kept or not dropped:
        return None
    return "\n\n".join(kept)


def _focused_extract(text: str, subject: frozenset[str], compounds: bool) -> str | None:
    """A page answer ("Det her fandt jeg …", the page's sentences, "Læs mere …") with its
    sentences cut to those about `subject`; None when none or all are."""
    paragraphs = text.split("\n\n")
    if len(paragraphs) != 3:
        return None
    extract = paragraphs[1]
    quoted = extract.startswith("«") and extract.endswith("»")  # an English answer's quote
    words = extract[1:-1] if quoted else extract
    sentences = [u.strip() for u in _SENTENCE_END.split(words) if u.strip()]
    about = _about(sentences, subject, compounds)
    if not about or len(about) == len(sentences):
        return None
    if about[0] != sentences[0] and NEGATIVE_HEADING.search(sentences[0].partition(": ")[0]):
        # "Det kan du ikke få tilskud til: Kontingent … Rejser for pensionister." without its
        # heading would say the opposite (page_quote.with_negative_heading)
        return None
    kept = " ".join(about)
    paragraphs[1] = f"«{kept}»" if quoted else kept
    return "\n\n".join(paragraphs)


def _same_as_before(answer: Answer, question: Question) -> bool:
    """The answer the turn before got, again: the same curated topic and sub-answer, or the
    same page in its own words. An answer phrased by the language model ("generated") is left
    as it is: its sentences are the model's, not the page's."""
    context = question.context
    if answer.origin == "curated":
        return answer.topic is not None and (answer.topic, answer.sub_answer) == (
            context.topic,
            context.sub_answer,
        )
    if answer.origin == "search":
        return (
            context.from_page
            and bool(answer.sources)
            and answer.sources[0].url == context.page_url
        )
    return False


class FollowUpFocus:
    """Refiner: the part of a repeated answer that the follow-up asks about."""

    name = "follow_up_focus"

    def __call__(self, question: Question, answer: Answer, state: TurnState) -> Answer:
        if not state.follow_up or answer.status != "answered" or not _same_as_before(
            answer, question
        ):
            return answer
        text = question.text
        if len(text.split()) > MAX_WORDS or _COMPARES.search(text):
            return answer
        # the words that name whom or what it is about ("børn", "pensionister", "lørdag"),
        # not question, fact or function words
        roots = {s.removeprefix("l:") for s in relevant_stems(question.text)}
        aliases = _ENGLISH_SUBJECTS if question.language == "en" else _DANISH_SUBJECTS
        # the words for people as listed, however short; other stems when they name something
        subject = frozenset(
            {a for r in roots for a in aliases.get(r, ())}
            | {r for r in roots - aliases.keys() if len(r) >= MIN_STEM and r not in _NOT_A_SUBJECT}
        )
        if not subject:
            return answer
        compounds = question.language != "en"
        if answer.origin == "search":
            page_words = subject | {d for s in subject for d in _DANISH_OF_ENGLISH.get(s, ())}
            focused = None if _WEEKDAYS.search(text) else _focused_extract(
                answer.text, frozenset(page_words), compounds=True
            )
        else:
            focused = focus(
                answer.text, subject, compounds, cut_quotes=not _WEEKDAYS.search(text)
            )
        if focused is None:
            return answer
        asked = state.own_asks or question.context.asks  # its own kinds, or the one before's
        wanted = value_kinds(tuple(k for k in asked if k != "yes_no"))
        if wanted and not find_values(focused, wanted):
            return answer  # the price (or date ...) asked for would be lost
        focus_on = " ".join(sorted(subject))
        return replace(answer, text=focused, diagnostics={**answer.diagnostics, "focus": focus_on})
