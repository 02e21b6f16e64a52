"""The curated-intent step: classify the question and answer with the topic's curated answer,
ask which topic was meant when two are close, or pass when not confident."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from muni.answering.authorities import find_authority
from muni.answering.replies import reply
from muni.content.answer_book import AnswerBook
from muni.domain import Answer, Question, QuickReply
from muni.nlu.classifier import OUT_OF_SCOPE, IntentClassifier, Prediction
from muni.nlu.embedder import Embedder


@dataclass(frozen=True)
class Thresholds:
    """Decision thresholds. Layers, later wins: these defaults, the values tuned on
    cross-validation when the model was trained, content/nlu.yaml, the tenant's `nlu:`."""

    accept: float = 0.5
    clarify_margin: float = 0.15
    clarify_floor: float = 0.2
    authority_override: float = 0.85

    @classmethod
    def from_data(cls, *layers: dict[str, float]) -> Thresholds:
        merged: dict[str, float] = {}
        for layer in layers:
            merged.update({k: float(v) for k, v in layer.items() if k in cls.__annotations__})
        return cls(**merged)


class CuratedIntentStep:
    name = "curated_intent"

    def __init__(
        self,
        classifier: IntentClassifier,
        embedder: Embedder | None,
        book: AnswerBook,
        thresholds: dict[str, float],
    ) -> None:
        self.classifier = classifier
        self.embedder = embedder
        self.book = book
        self.thresholds = thresholds

    def __call__(self, question: Question, notes: dict[str, Any]) -> Answer | None:
        if question.topic_hint and self.book.has(question.topic_hint):
            return self.book.answer(question.tenant, question.topic_hint, question.language, 1.0)
        prediction = self.classifier.predict(question.text, self.embedder)
        notes["prediction"] = prediction
        limits = Thresholds.from_data(self.classifier.tuned, self.thresholds, question.tenant.nlu)
        if prediction.confidence < limits.authority_override and find_authority(question.text):
            return None  # another authority's matter, and no topic clearly fits: redirect
        return self.decide(question, prediction, limits)

    def decide(
        self, question: Question, prediction: Prediction, limits: Thresholds
    ) -> Answer | None:
        answer = self._decide_alone(question, prediction, limits)
        previous = question.previous_topic
        if previous is None or not self.book.has(previous):
            return answer
        # A follow-up ("hvad koster det?", a quick reply) keeps the conversation's topic when
        # the message alone is not clear and that topic is still among the likely ones.
        likely = dict(prediction.ranked[:3])
        if answer is None and previous in likely:
            return self.book.answer(question.tenant, previous, question.language, likely[previous])
        if (
            answer is not None
            and answer.status == "clarification"
            and previous in {q.topic for q in answer.quick_replies}
        ):
            return self.book.answer(question.tenant, previous, question.language, likely[previous])
        return answer

    def _decide_alone(
        self, question: Question, prediction: Prediction, limits: Thresholds
    ) -> Answer | None:
        top, p1 = prediction.label, prediction.confidence
        second, p2 = prediction.runner_up
        if top == OUT_OF_SCOPE:
            return None
        close = (
            second != OUT_OF_SCOPE
            and p2 >= limits.clarify_floor
            and p1 - p2 < limits.clarify_margin
        )
        if close and self.book.has(second):
            return self._clarify(question, [top, second], p1)
        if p1 >= limits.accept and self.book.has(top):
            return self.book.answer(question.tenant, top, question.language, p1)
        return None

    def _clarify(self, question: Question, topics: list[str], confidence: float) -> Answer:
        buttons = tuple(
            QuickReply(
                label=self.book.label(t, question.language),
                message=self.book.label(t, question.language),
                topic=t,
            )
            for t in topics
        )
        return Answer(
            text=reply("clarify", question.language),
            origin="curated",
            status="clarification",
            topic=None,
            confidence=confidence,
            quick_replies=buttons,
            language=question.language,
        )
