"""The safety-first refiner puts the safety reply before an answer it keeps, with one way to a
person: the answer's own "Tal med en medarbejder" (a plain message) gives way to the handoff
button."""

from __future__ import annotations

from muni.domain import Answer, QuickReply
from muni.safety.step import SafetyFirst


def test_the_person_button_is_added_once():
    own = QuickReply("Tal med en medarbejder", "Tal med en medarbejder", None)
    answer = Answer(text="Børneydelsen ...", origin="curated", status="answered",
                    topic="boerneydelse", quick_replies=(QuickReply("Satser", "Satser", None), own))
    kept = SafetyFirst._after(answer, "Har du det svært ...", "self_harm", "self_harm", "da")
    labels = [r.label for r in kept.quick_replies]
    assert labels.count("Tal med en medarbejder") == 1
    assert kept.quick_replies[-1].topic == "menneske"  # the button that starts a handoff
    assert kept.text.startswith("Har du det svært ...")
    without = Answer(text="Børneydelsen ...", origin="curated", status="answered",
                     topic="boerneydelse", quick_replies=(QuickReply("Satser", "Satser", None),))
    added = SafetyFirst._after(without, "Har du det svært ...", "self_harm", "self_harm", "da")
    assert [r.label for r in added.quick_replies] == ["Satser", "Tal med en medarbejder"]


def _after_rule(text: str, topic: str = "misbrug") -> Answer:
    from muni.answering.state import TurnState
    from muni.domain import Question, Tenant
    from muni.safety.rules import rule_verdict

    verdict = rule_verdict(text)
    assert verdict is not None and verdict.label == "emergency"
    answer = Answer(text="Svaret ...", origin="curated", status="answered", topic=topic,
                    confidence=0.95)
    refiner = SafetyFirst(book=None)  # type: ignore[arg-type]
    question = Question(Tenant(1, "t", "T Kommune", "000"), text)
    return refiner(question, answer, TurnState(safety=verdict))


def test_an_emergency_rule_keeps_an_answer_only_to_what_else_was_asked():
    # the classifier reads the topic "misbrug" into "piller"; nothing else was asked
    alone = _after_rule("mit barn har slugt nogle af mine piller, hvad gør jeg")
    assert alone.status != "answered" and "Giftlinjen" in alone.text
    assert "Svaret" not in alone.text
    more = _after_rule("min søn har spist nogle af mine piller, og så skulle jeg høre om "
                       "sfo-pladsen", topic="sfo")
    assert more.text.startswith("Ring 112") and "Svaret" in more.text
