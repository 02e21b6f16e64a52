"""The last steps: redirect to another authority, or say honestly that muni cannot answer."""

from __future__ import annotations

from muni.answering.guards import authority_answer
from muni.answering.state import TurnState
from muni.content.answer_book import AnswerBook
from muni.domain import Answer, Question, QuickReply
from muni.nlu.classifier import OUT_OF_SCOPE
from muni.texts import say


class OtherAuthorityStep:
    name = "other_authority"

    def __init__(self, book: AnswerBook) -> None:
        self.book = book

    def __call__(self, question: Question, state: TurnState) -> Answer | None:
        return authority_answer(question, self.book.values(question.tenant, question.language))


class FallbackStep:
    """Always answers: out of scope (the classifier said so) or not known well enough."""

    name = "fallback"

    def __init__(self, book: AnswerBook) -> None:
        self.book = book

    def __call__(self, question: Question, state: TurnState) -> Answer:
        if state.deferred is not None:
            return state.deferred
        prediction = state.prediction
        out_of_scope = prediction is not None and prediction.label == OUT_OF_SCOPE
        key = "out_of_scope" if out_of_scope else "unanswered"
        values = self.book.values(question.tenant)
        text = say(
            key,
            question.language,
            kommune_navn=values.get("kommune_navn", ""),
            kommune_telefon=values.get("kommune_telefon", ""),
        )
        person = say("talk_to_person", question.language)
        replies = [QuickReply(person, person, "menneske")]
        if prediction is not None and not out_of_scope:
            for label, _p in prediction.ranked[:2]:
                if label != OUT_OF_SCOPE and self.book.has(label):
                    title = self.book.label(label, question.language)
                    replies.append(QuickReply(title, title, label))
        links, sources = state.suggested_pages
        if links:
            text = f"{text}\n\n{say('maybe_pages', question.language)}"
        return Answer(
            text=text,
            origin="fallback",
            status=key,
            topic=None,
            confidence=prediction.confidence if prediction else None,
            quick_replies=tuple(replies),
            language=question.language,
            links=tuple(links),
            sources=tuple(sources),
        )
