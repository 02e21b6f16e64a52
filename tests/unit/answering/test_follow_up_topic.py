"""When a follow-up leaves the conversation's topic (CuratedIntentStep._follow_up_topic)."""

from __future__ import annotations

import pytest

from muni.answering.intent_thresholds import Thresholds
from muni.answering.intents import CuratedIntentStep
from muni.answering.state import TurnState
from muni.config import REPO_ROOT
from muni.content.answer_book import AnswerBook
from muni.content.loader import load_pack
from muni.domain import ConversationContext, Question, Tenant
from muni.nlu.classifier import Prediction

AARHUS = Tenant(id=1, slug="aarhus", name="Aarhus Kommune", municipality_code="0751")
LIMITS = Thresholds()  # switch_topic 0.6, switch_topic_back 0.9
# "pas eller kørekort" reads as the driving licence, loudly but not beyond doubt
LICENCE = Prediction((("koerekort", 0.82), ("mitid", 0.1)), True)


@pytest.fixture(scope="module")
def step() -> CuratedIntentStep:
    book = AnswerBook(load_pack(REPO_ROOT / "content"), {})
    return CuratedIntentStep(None, None, None, book, {})  # type: ignore[arg-type]


def topic_after(step: CuratedIntentStep, text: str, prediction: Prediction) -> str | None:
    context = ConversationContext(topic="mitid", question="min mormor skal have lavet mitid")
    question = Question(AARHUS, text, context=context)
    return step._follow_up_topic(question, prediction, LIMITS, TurnState(follow_up=True))


def test_a_condition_on_the_matter_stays_on_its_topic(step):
    assert topic_after(step, "og hvis hun hverken har pas eller kørekort?", LICENCE) == "mitid"
    assert topic_after(step, "what if she has no passport or driving licence", LICENCE) == "mitid"


def test_a_condition_leaves_the_topic_when_the_message_is_clearly_about_another(step):
    sure = Prediction((("koerekort", 0.95), ("mitid", 0.02)), True)
    assert topic_after(step, "og hvis hun vil tage kørekort til motorcykel", sure) is None


def test_a_new_subject_without_a_condition_leaves_on_the_lower_bar(step):
    assert topic_after(step, "og kørekort til motorcykel?", LICENCE) is None


def test_asking_for_times_names_no_new_subject(step):
    # "hvilke tider" after a question on weddings on Saturdays: the wedding's times, not the
    # booking of appointments that "tider" alone reads as
    booking = Prediction((("tidsbestilling", 0.97), ("vielse", 0.01)), True)
    context = ConversationContext(topic="vielse", question="kan man blive gift en lørdag")
    question = Question(AARHUS, "hvilke tider", context=context)
    state = TurnState(follow_up=True)
    assert step._follow_up_topic(question, booking, LIMITS, state) == "vielse"


def test_a_late_return_after_the_loan_period_stays_on_the_library(step):
    # "kommer ... for sent" reads as being late for an appointment, loudly (0.94), but the
    # message points back ("dem") and its own words are only when and how
    booking = Prediction((("tidsbestilling", 0.94), ("bibliotek", 0.01)), True)
    context = ConversationContext(topic="bibliotek", question="hvor længe maa man have bøgerne")
    question = Question(AARHUS, "og hvis jeg kommer en uge for sent med dem?", context=context)
    state = TurnState(follow_up=True)
    assert step._follow_up_topic(question, booking, LIMITS, state) == "bibliotek"


def test_a_school_year_put_as_a_condition_stays_on_school_transport(step):
    enrolment = Prediction((("skoleindskrivning", 0.87), ("skolekoersel", 0.06)), True)
    context = ConversationContext(
        topic="skolekoersel", question="hvor langt skal der vaere for at han kan faa gratis buskort"
    )
    question = Question(AARHUS, "og naar han kommer i 4. klasse?", context=context)
    state = TurnState(follow_up=True)
    assert step._follow_up_topic(question, enrolment, LIMITS, state) == "skolekoersel"
