"""A danger verdict of the classifier alone on a follow-up it finds more likely ordinary does
not stand; the rules', and a clear classifier verdict's, always do."""

from __future__ import annotations

from muni.answering.state import TurnState
from muni.domain import ConversationContext, Question, Tenant
from muni.safety.step import SafetyStep, outweighed_in_follow_up
from muni.safety.verdict import SafetyVerdict
from tests.unit.safety.test_unsure_fraud import FixedClassifier

TENANT = Tenant(id=1, slug="t", name="T Kommune", municipality_code="0000")
ON_PASSPORTS = ConversationContext(topic="pas", question="hvad koster et pas til min datter")


def danger(label: str, score: float, ordinary: float, source: str = "classifier"):  # noqa: ANN201
    return SafetyVerdict(label, score, source, {label: score, "none": ordinary}, (), ("violence",))


def test_a_weak_danger_verdict_on_a_follow_up_gives_way():
    settled = outweighed_in_follow_up(danger("emergency", 0.26, 0.68), follow_up=True)
    assert settled is not None and not settled.fired
    assert (settled.score, settled.also, settled.near) == (0.68, (), ())


def test_a_first_message_a_clear_danger_and_the_rules_stand():
    weak = danger("emergency", 0.26, 0.68)
    assert outweighed_in_follow_up(weak, follow_up=False) is weak  # first messages: recall
    clear = danger("violence", 0.99, 0.01)
    assert outweighed_in_follow_up(clear, follow_up=True) is clear
    ruled = danger("self_harm", 1.0, 0.0, source="rules")
    assert outweighed_in_follow_up(ruled, follow_up=True) is ruled
    fraud = SafetyVerdict("illegal", 0.3, "classifier", {"illegal": 0.3, "none": 0.6})
    assert outweighed_in_follow_up(fraud, follow_up=True) is fraud  # not a danger class


def run_step(verdict: SafetyVerdict, text: str, follow_up: bool):  # noqa: ANN201
    state = TurnState(follow_up=follow_up)
    question = Question(tenant=TENANT, text=text, language="da", context=ON_PASSPORTS)  # type: ignore[arg-type]
    SafetyStep(FixedClassifier(verdict), None)(question, state)  # type: ignore[arg-type]
    return state.safety


def test_the_step_lets_the_follow_up_be_answered_and_keeps_real_dangers():
    weak = danger("emergency", 0.26, 0.68)
    settled = run_step(weak, "og til hendes storebror, han er 14", follow_up=True)
    assert settled is not None and not settled.fired
    assert run_step(weak, "og til hendes storebror, han er 14", follow_up=False).fired
    # the rules fire on words the classifier missed
    ruled = run_step(weak, "og hvis jeg vil tage mit eget liv", follow_up=True)
    assert ruled is not None and ruled.fired and ruled.source in ("rules", "both")
