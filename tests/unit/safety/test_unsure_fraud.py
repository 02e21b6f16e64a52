"""An unsure fraud verdict gives the topic's curated rules after a line that what one tells the
municipality must be correct, unless the message shows deceit or there is no sure curated
answer: then it refuses without the words about cheating, with a button to the topic's rules
and one to a person. A sure verdict gets the plain refusal."""

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
HIDING = "hvordan gemmer jeg min opsparing så den ikke tæller med i boligstøtten"


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


def run(
    book: AnswerBook,
    verdict: SafetyVerdict,
    language: str = "da",
    text: str = QUESTION,
    confidence: float = 0.9,
) -> Answer:
    """The safety step, then (when it lets the message through) a curated answer about
    housing benefit, then the safety-first refiner: as the pipeline runs them."""
    question = Question(tenant=TENANT, text=text, language=language)  # type: ignore[arg-type]
    state = TurnState()
    stopped = SafetyStep(FixedClassifier(verdict), None)(question, state)  # type: ignore[arg-type]
    if stopped is not None:
        return stopped
    answer = book.answer(TENANT, "boligstoette", question.language, confidence)
    return SafetyFirst(book)(question, answer, state)


def test_an_unsure_fraud_verdict_without_deceit_gets_the_rules(book):
    rules = book.answer(TENANT, "boligstoette", "da", 0.9)
    answer = run(book, fraud(ILLEGAL_SURE_AT - 0.2))
    assert answer.status == "answered" and answer.safety == "illegal"
    assert answer.topic == "boligstoette"
    assert answer.text.startswith("Her er de regler, der gælder. Husk, at det, du oplyser")
    assert answer.text.endswith(rules.text)
    assert "ulovligt" not in answer.text and "Snyd" not in answer.text
    assert answer.quick_replies[-1].topic == "menneske"


def test_an_unsure_fraud_verdict_with_deceit_refuses_with_the_topic_and_a_person(book):
    answer = run(book, fraud(ILLEGAL_SURE_AT - 0.2), text=HIDING)
    assert answer.status == "guard_illegal" and answer.safety == "illegal"
    assert answer.text.startswith("Det kan jeg ikke svare på her")
    assert "ulovligt" not in answer.text and "Snyd" not in answer.text
    assert [r.topic for r in answer.quick_replies] == ["boligstoette", "menneske"]
    assert answer.quick_replies[0].label == book.label("boligstoette", "da")


def test_an_unsure_topic_is_refused_too(book):
    answer = run(book, fraud(ILLEGAL_SURE_AT - 0.2), confidence=0.4)
    assert answer.status == "guard_illegal"
    assert answer.text.startswith("Det kan jeg ikke svare på her")


def test_in_english_too(book):
    rules = run(book, fraud(ILLEGAL_SURE_AT - 0.2), "en",
                "I have 150,000 in savings, does that rule out housing benefit")
    assert rules.text.startswith("Here are the rules that apply.")
    refused = run(book, fraud(ILLEGAL_SURE_AT - 0.2), "en",
                  "how do i hide my savings so they don't count for housing benefit")
    assert refused.text.startswith("I cannot answer that here")
    assert refused.quick_replies[0].topic == "boligstoette"


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
