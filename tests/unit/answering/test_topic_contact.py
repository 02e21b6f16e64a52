"""'hvem skal jeg kontakte' after a question about a topic: whom to call about that topic (its
own number, else the municipality's, with the phone hours), not the general contact page, and
only where none of the topic's sub-answers gives a number."""

from __future__ import annotations

import pytest

from muni.answering.intents import CuratedIntentStep
from muni.answering.state import TurnState
from muni.config import REPO_ROOT
from muni.content.answer_book import AnswerBook
from muni.content.loader import load_pack
from muni.domain import ConversationContext, Question, Tenant
from muni.facts.kinds import asked_kinds
from muni.nlu.classifier import Prediction

TENANT = Tenant(
    id=1,
    slug="k",
    name="Kommunen",
    municipality_code="0000",
    variables={
        "kommune_navn": "Kommunen",
        "kommune_telefon": "11 11 11 11",
        "kontakt_telefontider": "hverdage 8-15",
        "pladsanvisning_telefon": "22 22 22 22",
    },
    variables_en={"kontakt_telefontider": "weekdays 8-15"},
)
SWITCHBOARD = Prediction((("kontakt", 0.93), ("affald", 0.02)), True)


@pytest.fixture(scope="module")
def book() -> AnswerBook:
    return AnswerBook(load_pack(REPO_ROOT / "content"), {})


def contact(book: AnswerBook, text: str, topic: str, language: str = "da"):
    step = CuratedIntentStep(None, None, None, book, {})  # type: ignore[arg-type]
    context = ConversationContext(topic=topic, question="et spørgsmål om emnet")
    question = Question(TENANT, text, language=language, context=context)
    state = TurnState(asks=asked_kinds(text), own_asks=asked_kinds(text), follow_up=True)
    return step._contact(question, topic, SWITCHBOARD, state), state


def test_the_topics_own_number_without_the_general_hours(book):
    answer, state = contact(book, "hvem skal jeg kontakte", "pladsanvisning")
    assert answer.topic == "pladsanvisning"
    assert answer.text.startswith("Har du spørgsmål om pladsanvisning")
    assert "22 22 22 22" in answer.text and "hverdage" not in answer.text
    assert [f.variable for f in answer.facts] == ["pladsanvisning_telefon"]
    assert state.topic_pages_only  # only the topic's own page may quote a number before it


def test_else_the_municipalitys_number_and_phone_hours(book):
    answer, _ = contact(book, "hvad er telefonnummeret", "pas")
    assert "11 11 11 11" in answer.text and "Telefontiden er hverdage 8-15." in answer.text
    english, _ = contact(book, "who do I contact", "pas", "en")
    assert english.text.startswith("If you have questions about passport")
    assert "weekdays 8-15" in english.text


def test_only_a_question_for_whom_to_call_with_no_subject_of_its_own(book):
    assert contact(book, "hvornår kan jeg ringe", "pas")[0] is None  # the phone hours
    assert contact(book, "hvad koster det", "pas")[0] is None
    assert contact(book, "hvad er telefonnummeret til borgerservice", "pas")[0] is None


def test_a_topic_with_a_sub_answer_that_gives_a_number_keeps_it(book):
    giving = [t for t, content in book.pack.topics.items()
              if any("phone" in s.asks for s in content.sub_answers)]
    assert giving, "some topic has a sub-answer that gives a phone number"
    assert contact(book, "hvem skal jeg kontakte", giving[0])[0] is None


def test_a_topic_whose_label_is_no_noun_is_named_in_its_own_words(book):
    # "Hvad du skal have med til bestil tid" read wrongly: the booking topic says how it is
    # named inside a sentence; a noun label is used as it is, with a small first letter
    bring = book.general_answer(TENANT, "tidsbestilling", "bring", "da", 0.9)
    assert bring is not None and "til tidsbestilling," in bring.text
    assert "bestil tid" not in bring.text.lower()
    english = book.general_answer(TENANT, "tidsbestilling", "online", "en", 0.9)
    assert english is not None and "booking an appointment" in english.text
    assert book.pack.topics["boligstoette"].name_in_sentence("da") == "boligstøtte"
    assert book.pack.topics["mitid"].name_in_sentence("da") == "MitID"
    assert book.pack.topics["digital-post"].name_in_sentence("da") == "Digital Post"
    assert book.pack.topics["bbr"].name_in_sentence("en") == "building register (BBR)"
    assert book.pack.topics["tilflytning-udland"].name_in_sentence("en") == "moving to Denmark"
