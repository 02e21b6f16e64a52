"""An unsure fraud verdict still refuses, but without the words about cheating: the citizen gets
a button to the topic's rules and one to a person. A sure one gets the plain refusal."""

from __future__ import annotations

import pytest

from muni.answering.state import TurnState
from muni.config import REPO_ROOT
from muni.content.answer_book import AnswerBook
from muni.content.loader import load_pack
from muni.domain import Answer, Question, Tenant
from muni.safety.step import ILLEGAL_SURE_AT, SafetyFirst, SafetyStep, refused_softly
from muni.safety.verdict import SafetyVerdict

TENANT = Tenant(id=1, slug="t", name="T Kommune", municipality_code="0000")
QUESTION = "har 150.000 kr på en opsparing, udelukker det mig fra boligstøtte"


class FixedClassifier:
    """Gives one verdict, whatever the message (the real classifier's interface)."""

    def __init__(self, verdict: SafetyVerdict) -> None:
        self.verdict = verdict

    def classify(self, text, embedder, features=None, topic_sure=False,  # noqa: ANN001, ANN201
                 use_estimate=False):
        return self.verdict


@pytest.fixture(scope="module")
def book() -> AnswerBook:
    return AnswerBook(load_pack(REPO_ROOT / "content"), {})


def fraud(score: float, near: tuple[str, ...] = ()) -> SafetyVerdict:
    return SafetyVerdict("illegal", score, "classifier", {"illegal": score}, (), near)


def run(book: AnswerBook, verdict: SafetyVerdict, language: str = "da") -> Answer:
    """The safety step, then (when it lets the message through) a curated answer about
    housing benefit, then the safety-first refiner: as the pipeline runs them."""
    question = Question(tenant=TENANT, text=QUESTION, language=language)  # type: ignore[arg-type]
    state = TurnState()
    stopped = SafetyStep(FixedClassifier(verdict), None)(question, state)  # type: ignore[arg-type]
    if stopped is not None:
        return stopped
    answer = book.answer(TENANT, "boligstoette", question.language, 0.9)
    return SafetyFirst(book)(question, answer, state)


def test_an_unsure_fraud_verdict_refuses_with_the_topic_and_a_person(book):
    answer = run(book, fraud(ILLEGAL_SURE_AT - 0.2))
    assert answer.status == "guard_illegal" and answer.safety == "illegal"
    assert answer.text.startswith("Det kan jeg ikke svare på her")
    assert "ulovligt" not in answer.text and "Snyd" not in answer.text
    assert [r.topic for r in answer.quick_replies] == ["boligstoette", "menneske"]
    assert answer.quick_replies[0].label == book.label("boligstoette", "da")


def test_in_english_too(book):
    answer = run(book, fraud(ILLEGAL_SURE_AT - 0.2), "en")
    assert answer.text.startswith("I cannot answer that here")
    assert answer.quick_replies[0].topic == "boligstoette"


def test_a_sure_fraud_verdict_gets_the_plain_refusal(book):
    answer = run(book, fraud(ILLEGAL_SURE_AT))
    assert answer.status == "guard_illegal"
    assert "Snyd med ydelser" in answer.text
    assert [r.topic for r in answer.quick_replies] == ["menneske"]


def test_rules_danger_beside_it_and_manipulation_are_never_soft():
    assert refused_softly(fraud(0.6))
    assert not refused_softly(SafetyVerdict("illegal", 1.0, "rules"))
    assert not refused_softly(fraud(0.6, near=("self_harm",)))
    assert not refused_softly(SafetyVerdict("manipulation", 0.6, "classifier"))
