"""The curated-intent step: classify the question, keep the conversation's topic for a
follow-up, choose the sub-answer (or the overview) within the topic, ask which topic or
sub-answer was meant when two are genuinely close, or pass when not confident."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from muni.answering.authorities import find_authority
from muni.answering.follow_up import (
    changes_subject,
    content_words,
    continues,
    refers_back,
    search_text,
    subject_words,
)
from muni.answering.state import TurnState
from muni.content.answer_book import AnswerBook
from muni.domain import Answer, Question, QuickReply
from muni.facts.kinds import value_kinds
from muni.facts.values import find_values
from muni.nlu.classifier import OUT_OF_SCOPE, Prediction, TextClassifier, embedding_text
from muni.nlu.embedder import Embedder
from muni.nlu.sub_answers import OVERVIEW, SubAnswerModel
from muni.nlu.tokens import stems
from muni.privacy.redact import without_given_numbers
from muni.texts import say

OWN_SUB_ANSWER_WORDS = 6  # a message this short may be about the conversation's sub-answer


@dataclass(frozen=True)
class Thresholds:
    """Decision thresholds. Layers, later wins: these defaults, the values tuned on
    cross-validation when the model was trained, content/nlu.yaml, the tenant's `nlu:`."""

    accept: float = 0.5
    clarify_margin: float = 0.15
    clarify_floor: float = 0.2
    authority_override: float = 0.85
    switch_topic: float = 0.6  # a follow-up with words of its own changes topic above this
    switch_topic_back: float = 0.9  # ... and above this when it points back ("den", "de")
    sub_accept: float = 0.35  # below this the overview answers, not a sub-answer
    sub_clarify_floor: float = 0.3
    sub_clarify_margin: float = 0.08
    asks_boost: float = 2.0  # sub-answers that give the kind of fact asked for weigh more
    # below `accept` but at least this: the topic answers when the website's best page is
    # about something else (a page quote about passports for a question about property tax)
    likely_topic: float = 0.5

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
        classifier: TextClassifier,
        sub_answers: SubAnswerModel,
        embedder: Embedder | None,
        book: AnswerBook,
        thresholds: dict[str, float],
    ) -> None:
        self.classifier = classifier
        self.sub_answers = sub_answers
        self.embedder = embedder
        self.book = book
        self.thresholds = thresholds

    def limits(self, question: Question) -> Thresholds:
        tuned = {**self.classifier.tuned, "sub_accept": self.sub_answers.accept}
        return Thresholds.from_data(tuned, self.thresholds, question.tenant.nlu)

    def __call__(self, question: Question, state: TurnState) -> Answer | None:
        if question.topic_hint and self.book.has(question.topic_hint):
            sub = (
                question.sub_hint
                if self.book.has_sub(question.topic_hint, question.sub_hint)
                else None
            )
            return self.book.answer(
                question.tenant, question.topic_hint, question.language, 1.0, sub
            )
        # the question without the insults around it, and without the numbers handed over
        topic_text = without_given_numbers(state.topic_text or question.text)
        if topic_text != question.text:
            text, features = topic_text, self.classifier.features([topic_text])
        else:
            text, features = question.text, state.features(self.classifier.features, question.text)
        prediction = self.classifier.predict(text, self.embedder, features=features)
        state.prediction = prediction
        context = question.context
        if state.follow_up and context.topic is None and not content_words(question.text):
            return None  # "og for børn?" after a page answer: the page search answers it
        limits = self.limits(question)
        if self._stays_on_page(question, prediction, limits, state):
            return None  # the page search answers it, from the page the conversation is on
        self._maybe_follow_up(question, prediction, limits, state)
        follow = self._follow_up_topic(question, prediction, limits, state)
        if follow is not None:
            return self._contact(question, follow, prediction, state) or self.topic_answer(
                question, follow, prediction, limits, state
            )
        own = self._own_sub_answer(question, prediction)
        if own is not None:
            # "hvem kan jeg klage til" after a missed bin collection: the waste topic's own
            # answer on complaints, not the general one about appealing a decision
            topic, sub = own
            confidence = dict(prediction.ranked).get(topic, prediction.confidence)
            # a follow-up: pages are searched with the question it follows too
            state.follow_up = True
            state.search_text = search_text(question.text, question.context, True)
            return self.book.answer(question.tenant, topic, question.language, confidence, sub)
        if prediction.confidence < limits.authority_override and find_authority(question.text):
            return None  # another authority's matter, and no topic clearly fits: redirect
        return self.decide(question, prediction, limits, state)

    # -- topic ------------------------------------------------------------------------------
    def _contact(
        self, question: Question, topic: str, prediction: Prediction, state: TurnState
    ) -> Answer | None:
        """Whom to call, for a follow-up that asks only that ("hvem skal jeg kontakte", "hvad
        er telefonnummeret") about a topic none of whose sub-answers gives a phone number:
        the topic's number. Phone hours ("hvornår kan jeg ringe") take the usual way."""
        if "phone" not in state.own_asks or "opening_hours" in state.own_asks:
            return None
        if subject_words(question.text):
            return None
        if any("phone" in kinds for kinds in self.book.sub_asks(topic).values()):
            return None  # the sub-answer that gives it is chosen for the kind asked
        confidence = dict(prediction.ranked).get(topic, prediction.confidence)
        answer = self.book.contact_answer(question.tenant, topic, question.language, confidence)
        state.topic_pages_only = answer is not None
        return answer

    def _own_sub_answer(self, question: Question, prediction: Prediction) -> tuple[str, str] | None:
        """The conversation's topic and one of its sub-answers, for a short message whose only
        subject words name that sub-answer ("kan jeg klage", "hvem kan jeg klage til" after a
        question about waste collection, which has a sub-answer on complaints), when the
        classifier reads it as another topic (complaints in general). A topic without such a
        sub-answer leaves the message to the classifier."""
        topic = question.context.topic
        if topic is None or prediction.label == topic or not self.book.has(topic):
            return None
        words = content_words(question.text)
        if not words or len(question.text.split()) > OWN_SUB_ANSWER_WORDS:
            return None
        if changes_subject(question.text):
            return None
        asked = set(stems(" ".join(words)))
        language = question.language
        named = []
        for sub in self.book.sub_asks(topic):
            label = self.book.label(topic, language, sub)
            if _names(asked, stems(f"{sub.replace('-', ' ')} {label}")):
                named.append(sub)
        return (topic, named[0]) if len(named) == 1 else None

    @staticmethod
    def _stays_on_page(
        question: Question, prediction: Prediction, limits: Thresholds, state: TurnState
    ) -> bool:
        """A follow-up that points back ("hvor langt fra huset skal det være") after an
        answer from a page with no topic (bonfires) is about that page, unless the message on
        its own clearly names a topic: the bar is the one for leaving a topic by pointing
        back to it."""
        context = question.context
        return (
            state.follow_up
            and context.topic is None
            and context.page_url is not None
            and refers_back(question.text)
            and prediction.confidence < limits.switch_topic_back
        )

    @staticmethod
    def _maybe_follow_up(
        question: Question, prediction: Prediction, limits: Thresholds, state: TurnState
    ) -> None:
        """A short message the classifier cannot place, in a conversation with a topic, is a
        follow-up too ("hvornår tager kommunen over" after a question about sick pay), unless
        it is clearly about something else (out of scope with confidence)."""
        context = question.context
        if state.follow_up or context.topic is None or len(question.text.split()) > 12:
            return
        if changes_subject(question.text):
            return
        if prediction.label == OUT_OF_SCOPE and prediction.confidence >= limits.switch_topic:
            return
        likely = {label for label, _p in prediction.ranked[:5]}
        unsure = prediction.label == OUT_OF_SCOPE or prediction.confidence < limits.accept
        if unsure and (state.own_asks or context.topic in likely):
            state.follow_up = True
            state.asks = state.own_asks or context.asks
            state.search_text = search_text(question.text, context, True)

    def _follow_up_topic(
        self, question: Question, prediction: Prediction, limits: Thresholds, state: TurnState
    ) -> str | None:
        """The conversation's topic when the message is a follow-up to it; else None (and the
        state forgets the context it borrowed)."""
        topic = question.context.topic
        context_asks = question.context.asks
        if not state.follow_up or topic is None or not self.book.has(topic):
            return None
        # "hvem skal jeg kontakte" names no new subject: whoever handles this topic
        own_words = subject_words(question.text)
        # "kan jeg låne den i et halvt år" is still about the aid, however library-like it is
        back = refers_back(question.text)
        needed = limits.switch_topic_back if back else limits.switch_topic
        switches = (
            len(own_words) >= (2 if back else 1)
            and prediction.label not in (OUT_OF_SCOPE, topic)
            and prediction.confidence >= needed
        )
        if switches:
            state.follow_up = False
            state.search_text = question.text
            # "og frokosten i cafeen?" after a price: the same question about something new
            state.asks = state.own_asks or (context_asks if continues(question.text) else ())
            return None
        return topic

    def decide(
        self, question: Question, prediction: Prediction, limits: Thresholds, state: TurnState
    ) -> Answer | None:
        top, p1 = prediction.label, prediction.confidence
        second, p2 = prediction.runner_up
        previous = question.context.topic if self.book.has(question.context.topic or "") else None
        likely = dict(prediction.ranked[:3])
        if top == OUT_OF_SCOPE:
            return None
        close = (
            second != OUT_OF_SCOPE
            and p2 >= limits.clarify_floor
            and p1 - p2 < limits.clarify_margin
            and self.book.has(second)
        )
        if close:
            if previous in (top, second):
                # unclear on its own, but one of the two is what the conversation is about
                return self.topic_answer(question, previous, prediction, limits, state)
            clarification = self._clarify_topics(question, [top, second], p1)
            if state.asks:
                # a question for a fact: the tenant's pages may hold it; ask only if not
                state.deferred = clarification
                return None
            return clarification
        if p1 >= limits.accept and self.book.has(top):
            return self.topic_answer(question, top, prediction, limits, state)
        if previous is not None and previous in likely:
            # a message that is unclear alone stays on the conversation's topic (quick replies)
            return self.topic_answer(question, previous, prediction, limits, state)
        if p1 >= limits.likely_topic and self.book.has(top) and not state.follow_up:
            state.likely = self.topic_answer(question, top, prediction, limits, state)
        return None

    # -- sub-answer -------------------------------------------------------------------------
    def topic_answer(
        self,
        question: Question,
        topic: str,
        prediction: Prediction,
        limits: Thresholds,
        state: TurnState,
    ) -> Answer:
        confidence = dict(prediction.ranked).get(topic, prediction.confidence)
        if topic != question.context.topic:
            state.follow_up = False
            state.search_text = question.text
            state.asks = state.own_asks
        scores = self._sub_scores(question, topic, prediction, limits, state)
        if self._close(scores, limits, state):
            # two sub-answers close on words alone: their meaning may tell them apart
            scores = self._sub_scores(question, topic, prediction, limits, state, meaning=True)
        best, p_best = scores[0]
        if self._close(scores, limits, state):
            runner, p_runner = scores[1]
            # the kind of fact asked for may tell them apart ("hvad koster ...": the one that
            # gives a price); otherwise ask
            giving = self._giving(topic, [best, runner], state.own_asks)
            if len(giving) != 1:
                return self._clarify_subs(question, topic, [best, runner], confidence)
            best, p_best = giving[0], max(p_best, p_runner)
        sub = best if best != OVERVIEW and p_best >= limits.sub_accept else None
        answer = self.book.answer(question.tenant, topic, question.language, confidence, sub)
        return self._second_fact(question, topic, answer, scores, state)

    @staticmethod
    def _close(scores: list[tuple[str, float]], limits: Thresholds, state: TurnState) -> bool:
        """The two best sub-answers (not the overview) are too close to choose between."""
        if len(scores) < 2 or state.follow_up:
            return False
        (best, p_best), (runner, p_runner) = scores[0], scores[1]
        return (
            OVERVIEW not in (best, runner)
            and p_runner >= limits.sub_clarify_floor
            and p_best - p_runner < limits.sub_clarify_margin
        )

    def _giving(self, topic: str, subs: list[str], asked: tuple[str, ...]) -> list[str]:
        """The sub-answers among `subs` that give a kind of fact asked for (not yes/no)."""
        wanted = set(asked) - {"yes_no"}
        kinds = self.book.sub_asks(topic)
        return [s for s in subs if wanted & set(kinds.get(s, ()))]

    def _second_fact(
        self,
        question: Question,
        topic: str,
        answer: Answer,
        scores: list[tuple[str, float]],
        state: TurnState,
    ) -> Answer:
        """'hvad er jeres telefonnummer og åbningstider': when the question asks for two kinds
        of fact and the chosen answer gives one, the topic's best sub-answer for the other
        is added."""
        if len(state.own_asks) < 2:
            return answer
        given = set(self.book.sub_asks(topic).get(answer.sub_answer or "", ()))
        missing = [k for k in state.own_asks if k != "yes_no" and k not in given]
        missing = [k for k in missing if not find_values(answer.text, value_kinds((k,)))]
        if not missing:
            return answer
        asks = self.book.sub_asks(topic)
        for sub, _p in scores:
            if sub and sub != answer.sub_answer and set(asks.get(sub, ())) & set(missing):
                extra = self.book.answer(question.tenant, topic, question.language, None, sub)
                links = answer.links + tuple(k for k in extra.links if k not in answer.links)
                return replace(
                    answer,
                    text=f"{answer.text}\n\n{extra.text}",
                    links=links,
                    facts=answer.facts + extra.facts,
                    sources=answer.sources + extra.sources,
                )
        return answer

    def _sub_scores(
        self,
        question: Question,
        topic: str,
        prediction: Prediction,
        limits: Thresholds,
        state: TurnState,
        meaning: bool = False,
    ) -> list[tuple[str, float]]:
        """The topic's sub-answers (and overview) by probability, best first. The message is
        embedded for them only when it asks for a fact or when `meaning` is asked for."""
        text, features = question.text, prediction.features
        vector = prediction.vector
        if state.follow_up and question.context.question:
            # "og for børn?" after "hvad koster et pas": read its words with the question's
            text = f"{question.context.question} {question.text}"
            features = self.classifier.features([text])

        def embedding() -> np.ndarray | None:
            """The message's embedding if another step made it; a new one only for a question
            that asks for a fact (where the right sub-answer matters most)."""
            if vector is not None:
                return vector
            if self.embedder is None:
                return None
            key = embedding_text(question.text)
            found = self.embedder.cached(key)
            if found is None and (state.asks or meaning):
                found = self.embedder.embed([key])[0]
            return found

        scores = dict(self.sub_answers.scores(topic, features, embedding))
        previous = question.context.sub_answer
        asks = self.book.sub_asks(topic)
        if state.follow_up and previous in scores and not subject_words(question.text):
            # no subject of its own ("hvornår er det", "how much is it per month?"): the same
            # question's sub-answer, unless another one gives the kind of fact asked for
            # ("hvad koster det" after the processing time); the tenant's pages add the
            # fact if it lacks it
            wanted = set(state.own_asks) - {"yes_no"}
            elsewhere = any(wanted & set(kinds) for sub, kinds in asks.items() if sub != previous)
            if not wanted or wanted & set(asks.get(previous, ())) or not elsewhere:
                return [(previous, 1.0)]
        if state.follow_up and not state.own_asks and previous in scores:
            scores[previous] *= limits.asks_boost  # "og for børn?" stays on the same question
        if state.asks:
            for sub, kinds in asks.items():
                if sub in scores and set(kinds) & set(state.asks):
                    scores[sub] *= limits.asks_boost
        total = sum(scores.values()) or 1.0
        scores = {k: v / total for k, v in scores.items()}
        return sorted(scores.items(), key=lambda item: -item[1])

    # -- clarifying questions ---------------------------------------------------------------
    def _clarify_topics(self, question: Question, topics: list[str], confidence: float) -> Answer:
        buttons = tuple(
            QuickReply(
                label=self.book.label(t, question.language),
                message=self.book.label(t, question.language),
                topic=t,
            )
            for t in topics
        )
        return Answer(
            text=say("clarify", question.language),
            origin="curated",
            status="clarification",
            topic=None,
            confidence=confidence,
            quick_replies=buttons,
            language=question.language,
        )

    def _clarify_subs(
        self, question: Question, topic: str, subs: list[str], confidence: float
    ) -> Answer:
        language = question.language
        buttons = tuple(
            QuickReply(
                label=self.book.label(topic, language, sub),
                message=self.book.label(topic, language, sub),
                topic=topic,
                sub=sub,
            )
            for sub in subs
        )
        answer = self._clarify_topics(question, [topic], confidence)
        return replace(
            answer,
            text=say("clarify_sub", language, topic=self.book.label(topic, language)),
            topic=topic,
            quick_replies=buttons,
        )


def _names(asked: set[str], label: list[str]) -> bool:
    """Every asked word is a word of the label, or begins one ("complain": "complaints")."""
    return all(
        any(word == own or (len(word) >= 4 and own.startswith(word)) for own in label)
        for word in asked
    )
