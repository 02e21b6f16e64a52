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
