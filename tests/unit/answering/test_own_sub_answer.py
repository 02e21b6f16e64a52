"""A short follow-up that names one of the conversation's sub-answers ("hvem kan jeg klage til"
after a missed bin collection) gets that sub-answer, not the topic the classifier reads into
the word alone (complaints about decisions in general)."""

from __future__ import annotations

import pytest

from muni.answering.intents import CuratedIntentStep
from muni.config import REPO_ROOT
from muni.content.answer_book import AnswerBook
from muni.content.loader import load_pack
from muni.domain import ConversationContext, Question, Tenant
from muni.nlu.classifier import Prediction

AARHUS = Tenant(id=1, slug="aarhus", name="Aarhus Kommune", municipality_code="0751")
GENERAL = Prediction((("aktindsigt", 0.94), ("affald", 0.01)), True)


@pytest.fixture(scope="module")
def step() -> CuratedIntentStep:
    book = AnswerBook(load_pack(REPO_ROOT / "content"), {})
    return CuratedIntentStep(None, None, None, book, {})  # type: ignore[arg-type]


def own(step: CuratedIntentStep, text: str, topic: str | None, prediction=GENERAL,
        language="da"):
    context = ConversationContext(topic=topic, question="skraldespanden er ikke blevet tømt")
    question = Question(AARHUS, text, language=language, context=context)
    return step._own_sub_answer(question, prediction)


@pytest.mark.parametrize("topic,sub", [
    ("affald", "klage"), ("hjemmehjaelp", "klage"), ("parkering", "klage-afgift"),
])
def test_a_complaint_follow_up_gets_the_topics_own_complaint_answer(step, topic, sub):
    assert own(step, "hvem kan jeg klage til", topic) == (topic, sub)
    assert own(step, "kan jeg klage", topic) == (topic, sub)


def test_an_english_follow_up_is_read_against_the_english_labels(step):
    # "complain" begins "complaints" in the label
    assert own(step, "can I complain", "affald", language="en") == ("affald", "klage")
    # parking's is "Appealing a parking charge": "complain" is read as its id's "klage"
    assert own(step, "can I complain", "parkering", language="en") == ("parkering", "klage-afgift")
    assert own(step, "can I appeal", "parkering", language="en") == ("parkering", "klage-afgift")


def test_other_messages_are_left_to_the_classifier(step):
    assert own(step, "hvem kan jeg klage til", None) is None  # no conversation
    assert own(step, "hvem kan jeg klage til", "pladsanvisning") is None  # no such sub-answer
    assert own(step, "kan jeg klage over min p-afgift", "affald") is None  # names more
    assert own(step, "en helt anden ting, kan jeg klage", "affald") is None
    assert own(step, "hvem kan jeg klage til", "affald",
               Prediction((("affald", 0.9),), False)) is None  # the classifier stays anyway
