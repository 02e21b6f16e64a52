"""A message with two questions on the real content and trained models: the answer takes one,
a button asks the other, and pressing it answers it with its fact."""

from __future__ import annotations

import pytest

from muni.store.tenants import TenantRepository


@pytest.fixture(scope="module")
def aarhus(runtime):
    with runtime.db.session() as session:
        return TenantRepository(session).by_slug("aarhus")


def test_the_second_question_is_one_button_press_from_its_fact(runtime, aarhus):
    outcome = runtime.pipeline.answer(aarhus, "hvad koster et pas? og hvornår har "
                                      "borgerservice åbent")
    answer = outcome.answer
    assert (answer.topic, answer.sub_answer) == ("pas", "pris")
    assert "893 kr." in answer.text
    assert answer.diagnostics["second_question"] == "kontakt"
    button = answer.quick_replies[0]
    assert button.message == "hvornår har borgerservice åbent"
    pressed = runtime.pipeline.answer(aarhus, button.message, button.topic, button.sub,
                                      outcome.context).answer
    assert pressed.topic == "kontakt"
    assert "10-15" in pressed.text  # Aarhus: mandag-onsdag 10-15


@pytest.mark.parametrize("text", [
    "hvad koster et nyt pas til en voksen",
    "min mor er flyttet på plejehjem, kan hun få boligstøtte",
])
def test_one_question_gets_no_such_button(runtime, aarhus, text):
    answer = runtime.pipeline.answer(aarhus, text).answer
    assert "second_question" not in answer.diagnostics
    assert "Du spurgte også" not in answer.text


def test_a_follow_up_after_two_questions_continues_the_one_answered(runtime, aarhus):
    first = runtime.pipeline.answer(aarhus, "hvornår har borgerservice åbent om torsdagen? "
                                    "og hvad koster et nyt pas")
    assert first.answer.topic == "kontakt"
    assert first.context.question == "hvornår har borgerservice åbent om torsdagen?"
    assert first.question.text.endswith("hvad koster et nyt pas")  # the whole message is kept
    button = first.answer.quick_replies[0]
    pressed = runtime.pipeline.answer(aarhus, button.message, button.topic, button.sub,
                                      first.context)
    assert (pressed.answer.topic, pressed.answer.sub_answer) == ("pas", "pris")
    after = runtime.pipeline.answer(aarhus, "og for børn?", context=pressed.context).answer
    assert after.topic == "pas"
    assert "150 kr." in after.text
