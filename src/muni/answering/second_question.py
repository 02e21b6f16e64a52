"""A second question in the same message (`SecondQuestion`): "hvad koster et nyt pas, og
hvordan melder jeg flytning" is answered about one topic; the other is offered as a button
that asks it, so nothing the citizen asked is silently dropped.

The message is cut where a new question starts (after ".", "?" or "!", and at "og"/"and" or a
comma followed by a question word). Each part is classified on its words alone, without an
embedding: a part counts only when the intent classifier is sure of its topic from its words
(`TextClassifier.lexically_sure`) with at least the tenant's accept threshold, and the topic
is not the answer's own nor small talk (greetings, thanks). The button sends the part as the
citizen wrote it (redacted), so the next turn answers it like any question, with its
sub-answer and facts. See docs/adr/0009-question-level-answers.md (2026-12-02).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from muni.answering.follow_up import subject_words
from muni.answering.intent_thresholds import Thresholds
from muni.content.answer_book import AnswerBook
from muni.domain import Answer, Language, Question, QuickReply
from muni.nlu.classifier import OUT_OF_SCOPE, TextClassifier
from muni.texts import say

MAX_OFFERED = 2  # topics offered as buttons beside one answer
MIN_PART_WORDS = 3  # a shorter part ("tak", "hej igen") asks nothing of its own
SMALL_TALK_AREA = "samtale"
OTHER_AUTHORITY = "guard_other_authority"  # a redirect to another authority, not a safety guard

_WH = (
    r"hvad|hvordan|hvor|hvorn[aå]r|hvornaar|hvem|hvilke|hvilken|hvilket|hvorfor|"
    r"what|how|where|when|who|which|why"
)
# a question's verb first, then its subject: "kan jeg", "skal hun", "er der", "do I"; not "og
# har ikke mitid", which goes on with a statement
_INVERTED_VERB = (
    r"(?:kan|skal|m[aå]|maa|er|har|f[aå]r|faar|can|could|do|does|is|are|will|should)\s+"
    r"(?:jeg|du|man|vi|i|han|hun|de|den|det|der|min|mit|mine|vores|jeres|hans|hendes|deres|"
    r"you|we|he|she|they|it|there|my|our|his|her|their)"
)
_QUESTION_WORDS = rf"{_WH}|{_INVERTED_VERB}"
# words `subject_words` keeps that name nothing on their own: "hvad koster et nyt"
_NOT_A_SUBJECT = frozenset("ny nyt nye new one også ogsaa too".split())
# a sentence ends at "." "?" "!" before a space or the end ("2.5" goes on, and so does "3. sal":
# not a "." after a digit), or at
# a "?" run straight into the next word
_SENTENCE_END = re.compile(r"(?:(?<!\d)\.+|[?!]+)(?=\s|$)|\?+(?=\w)")
_WH_WORD = re.compile(rf"\b(?:{_WH})\b", re.IGNORECASE)
_INVERTED = re.compile(
    rf"\s*(?:(?:og|og så|og saa|plus|også|ogsaa|and|also|btw)\s+)?{_INVERTED_VERB}\b",
    re.IGNORECASE,
)
_REQUEST = re.compile(
    r"\b(?:vil gerne|ville gerne|skal bruge|har brug for|mangler|søger om|soeger om|"
    r"need|want to|would like|i'd like)\b",
    re.IGNORECASE,
)
# ", hvor der er rotter" describes a place; ", hvor kan jeg ..." and ", hvor meget ..." ask
_RELATIVE_HVOR = (
    r"hvor\s+(?!(?:kan|skal|m[aå]|maa|meget|mange|lang|langt|længe|laenge|tit|ofte|ligger|"
    r"finder|f[aå]r|faar|gammel|gamle|hurtigt|stor|store|tidligt|sent|bestiller|melder)\b)"
)
# a new question inside a sentence: ", og hvordan", " og så hvornår", " and how", ", hvad"
# (the space before a joining word is matched from its first character only: a long run of
# spaces costs linear time, not quadratic)
_NEW_QUESTION = re.compile(
    rf"(?:,\s*|(?<!\s)\s+)(?:(?:og|og så|og saa|plus|samt|også|ogsaa|and|and also|also|btw)"
    rf"\s+)(?=(?:{_QUESTION_WORDS})\b)"
    rf"|,\s*(?!{_RELATIVE_HVOR})(?=(?:{_QUESTION_WORDS})\b)",
    re.IGNORECASE,
)


def question_parts(text: str) -> list[str]:
    """The message cut where a new question starts. A part of fewer than MIN_PART_WORDS words,
    or one with no subject of its own ("hvad koster et nyt" after "mit pas er udløbet"), is
    joined to the part before it (or after, at the start), as the citizen wrote them."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    spans = list(zip([0, *ends[:-1]], ends, strict=True))
    pieces: list[tuple[int, int]] = []
    for start, end in spans:
        cut = start
        for m in _NEW_QUESTION.finditer(text, start, end):
            pieces.append((cut, m.start()))
            cut = m.end()
        pieces.append((cut, end))
    parts: list[tuple[int, int]] = []
    carried: int | None = None
    for start, end in pieces:
        piece = text[start:end].strip(" ,;:-")
        if not piece:
            continue
        if carried is not None:
            start, carried = carried, None
        if len(piece.split()) < MIN_PART_WORDS or (parts and not _own_subject(piece)):
            if parts:
                parts[-1] = (parts[-1][0], end)
            else:
                carried = start
            continue
        parts.append((start, end))
    if carried is not None:
        parts.append((carried, len(text)))
    return [text[start:end].strip(" ,;:-") for start, end in parts]


def asks_something(part: str) -> bool:
    """A question mark, a question word, a question's inverted verb first ("skal hun søge
    ...") or a request ("jeg vil gerne ..."): not a statement of circumstances ("min mor er
    flyttet på plejehjem"), whose topic is only the background of the question."""
    return bool(
        "?" in part or _WH_WORD.search(part) or _INVERTED.match(part) or _REQUEST.search(part)
    )


def _own_subject(part: str) -> bool:
    return any(word not in _NOT_A_SUBJECT for word in subject_words(part))


@dataclass(frozen=True)
class Split:
    """A message with more than one question: the part to answer (None: the answer to the whole
    message stands) and the (topic, part) of each other question, offered as buttons."""

    primary: str | None
    others: tuple[tuple[str, str], ...]


class SecondQuestion:
    """Finds a message's questions about different topics (`split`) and offers the ones the
    answer does not take as buttons (`offer`). The pipeline answers the primary part on its
    own, so its sub-answer and page facts follow that question, not a blend of both."""

    def __init__(
        self, classifier: TextClassifier, book: AnswerBook, thresholds: Mapping[str, float]
    ) -> None:
        self.classifier = classifier
        self.book = book
        self.thresholds = thresholds  # the content pack's (content/nlu.yaml)

    def split(self, question: Question, answer: Answer) -> Split | None:
        """None unless the message asks about a topic the answer is not about. The part to
        answer on its own, when two parts name different topics surely (or one does, and the
        whole message got no answer): the part about the answer's topic, or the first. A
        safety guard, a flow, a pressed button and a generated answer (already streamed) stay
        as they are; another authority's redirect stays, with the other questions offered."""
        if question.topic_hint or question.context.flow or answer.origin == "flow":
            return None
        if answer.safety:
            return None  # the safety step put a line above the answer: it stays as it is
        if any(key.startswith("generation_") for key in answer.diagnostics):
            return None  # generated text may already have streamed to the citizen
        if answer.origin == "guard" and answer.status != OTHER_AUTHORITY:
            return None
        parts = question_parts(question.text)
        if len(parts) < 2:
            return None
        found = self.sure_parts(question, parts)
        if not found:
            return None
        again = answer.origin in ("curated", "search") and answer.status in (
            "answered",
            "clarification",
        )
        if (again and len(found) >= 2) or answer.origin == "fallback":
            primary = next((p for t, p in found if t == answer.topic), found[0][1])
            return Split(primary, tuple((t, p) for t, p in found if p != primary))
        if answer.topic is None and answer.status != OTHER_AUTHORITY:
            return None  # a page's answer about no known topic: it may be about either part
        others = tuple((t, p) for t, p in found if t != answer.topic)
        return Split(None, others) if others else None

    def offer(
        self, answer: Answer, others: tuple[tuple[str, str], ...], language: Language
    ) -> Answer:
        """The answer with a line naming the other questions' topics and a button for each,
        which sends that question as the citizen wrote it."""
        offered = [(t, p) for t, p in others if t != answer.topic][:MAX_OFFERED]
        if not offered or answer.status not in ("answered", OTHER_AUTHORITY):
            return answer
        labels = [self.book.label(topic, language) for topic, _ in offered]
        if len(labels) == 1:
            line = say("second_question_one", language, topic=labels[0])
        else:
            line = say("second_question_two", language, first=labels[0], second=labels[1])
        buttons = tuple(
            QuickReply(label=label, message=part)
            for label, (_, part) in zip(labels, offered, strict=True)
        )
        return replace(
            answer,
            text=f"{answer.text}\n\n{line}",
            quick_replies=buttons + answer.quick_replies,
            diagnostics={**answer.diagnostics, "second_question": ",".join(t for t, _ in offered)},
        )

    def sure_parts(self, question: Question, parts: list[str]) -> list[tuple[str, str]]:
        """(topic, part) for each part that asks something and whose topic the classifier is
        sure of from its words, small talk left out; one part per topic, in message order. A
        question that names no topic of its own is read with the statement before it ("min mor
        er på venteliste til plejebolig. hvor lang tid går der?")."""
        accept = Thresholds.layered(
            self.classifier.tuned, self.thresholds, question.tenant.nlu
        ).accept
        found: list[tuple[str, str]] = []
        for i, part in enumerate(parts):
            if not asks_something(part):
                continue
            topic = self._sure_topic(part, accept)
            if topic is None and i > 0 and not asks_something(parts[i - 1]):
                part = f"{parts[i - 1]} {part}"
                topic = self._sure_topic(part, accept)
            if topic is None or topic in {t for t, _ in found}:
                continue
            found.append((topic, part))
        return found

    def _sure_topic(self, part: str, accept: float) -> str | None:
        features = self.classifier.features([part])
        if not self.classifier.lexically_sure(features)[0]:
            return None
        topic, probability = self.classifier.predict(part, None, features=features).ranked[0]
        if (
            topic == OUT_OF_SCOPE
            or probability < accept
            or not self.book.has(topic)
            or self.book.area(topic) == SMALL_TALK_AREA
        ):
            return None
        return topic
