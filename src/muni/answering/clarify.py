"""Clarifying questions: "which of these did you mean?", with a button for each topic or
sub-answer that is genuinely close."""

from __future__ import annotations

from dataclasses import replace

from muni.content.answer_book import AnswerBook
from muni.domain import Answer, Question, QuickReply
from muni.texts import say


def clarify_topics(
    book: AnswerBook, question: Question, topics: list[str], confidence: float
) -> Answer:
    buttons = tuple(
        QuickReply(
            label=book.label(t, question.language),
            message=book.label(t, question.language),
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


def clarify_subs(
    book: AnswerBook, question: Question, topic: str, subs: list[str], confidence: float
) -> Answer:
    language = question.language
    buttons = tuple(
        QuickReply(
            label=book.label(topic, language, sub),
            message=book.label(topic, language, sub),
            topic=topic,
            sub=sub,
        )
        for sub in subs
    )
    answer = clarify_topics(book, question, [topic], confidence)
    return replace(
        answer,
        text=say("clarify_sub", language, topic=book.label(topic, language)),
        topic=topic,
        quick_replies=buttons,
    )
