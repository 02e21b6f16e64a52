"""Clarifying questions: a button per close topic or sub-answer, labelled in the question's
language, and pressing one answers that topic or sub-answer."""

from __future__ import annotations

from muni.answering.clarify import clarify_subs, clarify_topics
from muni.config import REPO_ROOT
from muni.content.answer_book import AnswerBook
from muni.content.loader import load_pack
from muni.domain import Question, Tenant

TENANT = Tenant(id=1, slug="k", name="Kommunen", municipality_code="0000")
BOOK = AnswerBook(load_pack(REPO_ROOT / "content"), {})


def test_a_button_per_close_topic():
    answer = clarify_topics(BOOK, Question(TENANT, "pas eller kørekort"), ["pas", "koerekort"], 0.4)
    assert answer.status == "clarification" and answer.topic is None
    assert [(q.topic, q.sub) for q in answer.quick_replies] == [("pas", None), ("koerekort", None)]
    assert answer.quick_replies[0].label == BOOK.label("pas", "da")


def test_a_button_per_close_sub_answer_in_english():
    question = Question(TENANT, "what about the passport", language="en")
    answer = clarify_subs(BOOK, question, "pas", ["pris", "leveringstid"], 0.6)
    assert answer.topic == "pas"
    assert answer.text == f"What would you like to know about {BOOK.label('pas', 'en')}?"
    assert [(q.topic, q.sub) for q in answer.quick_replies] == [("pas", "pris"),
                                                              ("pas", "leveringstid")]
    assert answer.quick_replies[1].label == BOOK.label("pas", "en", "leveringstid")
