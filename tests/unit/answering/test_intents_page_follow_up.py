"""A follow-up to an answer from a page with no topic: when it stays on that page."""

from __future__ import annotations

import pytest

from muni.answering.intents import CuratedIntentStep, Thresholds
from muni.answering.state import TurnState
from muni.domain import ConversationContext, Question, Tenant
from muni.nlu.classifier import Prediction

AARHUS = Tenant(id=1, slug="aarhus", name="Aarhus Kommune", municipality_code="0751")
PAGE = "https://www.aarhus.dk/borger/sikkerhed-og-beredskab/baal-og-afbraending"


def stays(text: str, confidence: float, context: ConversationContext, follow_up=True) -> bool:
    question = Question(AARHUS, text, context=context)
    prediction = Prediction((("byggetilladelse", confidence), ("__oos__", 1 - confidence)), False)
    state = TurnState(follow_up=follow_up)
    return CuratedIntentStep._stays_on_page(question, prediction, Thresholds(), state)


ON_PAGE = ConversationContext(topic=None, question="må vi tænde bål i haven", page_url=PAGE)


@pytest.mark.parametrize("confidence", [0.3, 0.76, 0.89])
def test_pointing_back_stays_on_the_page_unless_a_topic_is_clear(confidence):
    assert stays("hvor langt fra huset skal det være", confidence, ON_PAGE)


def test_a_clear_topic_takes_over_even_when_pointing_back():
    assert not stays("hvor langt fra huset skal det være", 0.95, ON_PAGE)


def test_no_pointing_back_no_page_or_a_topic_leaves_the_choice_to_the_classifier():
    assert not stays("hvor langt fra huset", 0.76, ON_PAGE)  # no "det"/"den"/"de"
    no_page = ConversationContext(topic=None, question="må vi tænde bål i haven")
    assert not stays("hvor langt fra huset skal det være", 0.76, no_page)
    on_topic = ConversationContext(topic="affald", question="hvornår tømmes skraldespanden",
                                   page_url=PAGE)
    assert not stays("hvor langt fra huset skal det være", 0.76, on_topic)
    assert not stays("hvor langt fra huset skal det være", 0.76, ON_PAGE, follow_up=False)
