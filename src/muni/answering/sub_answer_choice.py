"""Choosing the answer within a topic: its overview or one of its sub-answers (by the
sub-answer model, the kind of fact asked for and the conversation's earlier sub-answer), a
clarifying question when two sub-answers are genuinely close, and a second sub-answer when the
question asks for two kinds of fact."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from muni.answering.clarify import clarify_subs
from muni.answering.follow_up import subject_words
from muni.answering.intent_thresholds import Thresholds
from muni.answering.second_question import question_parts
from muni.answering.state import TurnState
from muni.answering.waiting import COMPLAINT_SUBS, asks_how_long_to_wait
from muni.content.answer_book import AnswerBook, first_paragraph
from muni.domain import Answer, Question
from muni.facts.kinds import asked_kinds, value_kinds
from muni.facts.values import find_values
from muni.nlu.classifier import Prediction, TextClassifier, query_text
from muni.nlu.embedder import Embedder
from muni.nlu.sub_answers import OVERVIEW, SubAnswerModel


class SubAnswerChoice:
    """The answer within a topic the curated-intent step has chosen."""

    def __init__(
        self,
        classifier: TextClassifier,
        sub_answers: SubAnswerModel,
        embedder: Embedder | None,
        book: AnswerBook,
    ) -> None:
        self.classifier = classifier
        self.sub_answers = sub_answers
        self.embedder = embedder
        self.book = book

    def answer(
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
        scores = self.scores(question, topic, prediction, limits, state)
        if self._close(scores, limits, state):
            # two sub-answers close on words alone: their meaning may tell them apart
            scores = self.scores(question, topic, prediction, limits, state, meaning=True)
        best, p_best = scores[0]
        if self._close(scores, limits, state):
            runner, p_runner = scores[1]
            # the kind of fact asked for may tell them apart ("hvad koster ...": the one that
            # gives a price); otherwise ask
            giving = self._giving(topic, [best, runner], state.own_asks)
            if self._each_gives_one(topic, giving, state.own_asks):
                # "hvad koster et nyt [sundhedskort], og hvor længe går der": the price and the
                # delivery time, one from each; `_second_fact` adds the runner's
                giving = [best]
            if len(giving) != 1:
                return clarify_subs(self.book, question, topic, [best, runner], confidence)
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

    def _each_gives_one(self, topic: str, subs: list[str], asked: tuple[str, ...]) -> bool:
        """Two sub-answers that each give a different kind of fact the question asks for."""
        if len(subs) != 2:
            return False
        wanted = set(asked) - {"yes_no"}
        kinds = self.book.sub_asks(topic)
        first, second = (wanted & set(kinds.get(s, ())) for s in subs)
        return bool(first - second) and bool(second - first)

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
        is added. A value of the other kind in the answer's first paragraph (its direct
        answer: "… er gratis for børn og unge, til de fylder 22 år") gives it too; one further
        down is an aside ("Borgerservice kan udstede et midlertidigt bevis gratis" is not what
        a new health card costs). The overview's values all count: it sums the topic up."""
        if len(state.own_asks) < 2:
            return answer
        given = set(self.book.sub_asks(topic).get(answer.sub_answer or "", ()))
        missing = [k for k in state.own_asks if k != "yes_no" and k not in given]
        # the overview sums the topic up: all of it is its answer
        direct = answer.text if answer.sub_answer is None else first_paragraph(answer.text)
        missing = [k for k in missing if not find_values(direct, value_kinds((k,)))]
        if not missing:
            return answer
        asks = self.book.sub_asks(topic)
        for sub, _p in self._for_the_part(question.text, topic, missing, scores):
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

    def _for_the_part(
        self, text: str, topic: str, missing: list[str], scores: list[tuple[str, float]]
    ) -> list[tuple[str, float]]:
        """The sub-answers by the part of the message that asks for a missing kind, on its
        words: "Jeg har tabt … mit gule kort. Jeg skal høre om hvad det koster at få et nyt,
        og hvor lang tid der går" asks the price in its first part, which is about the lost
        card, not the blue EU card the whole message's words lean to. Without such a part
        (one question asking both), the whole message's order stands."""
        parts = [part for part in question_parts(text) if set(asked_kinds(part)) & set(missing)]
        if len(parts) != 1 or parts[0] == text.strip(" ,;:-"):
            return scores
        features = self.classifier.features([parts[0]])
        scores_ = dict(self.sub_answers.scores(topic, features, lambda: None, semantic=False))
        return sorted(_without_complaints(parts[0], scores_).items(), key=lambda item: -item[1])

    def scores(
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
            key = query_text(question.text, self.embedder)
            found = self.embedder.cached(key)
            if found is None and (state.asks or meaning):
                found = self.embedder.estimate([key])[0]
            return found

        scores = _without_complaints(
            question.text, dict(self.sub_answers.scores(topic, features, embedding))
        )
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


def _without_complaints(text: str, scores: dict[str, float]) -> dict[str, float]:
    """A question how long to wait for the municipality asks the processing time, not the
    time to complain: the complaint sub-answers are left out."""
    if asks_how_long_to_wait(text):
        return {sub: p for sub, p in scores.items() if sub not in COMPLAINT_SUBS}
    return scores
