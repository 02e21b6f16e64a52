"""answering/pipeline.py with a message of two questions (`Pipeline._split`): the part about
the answer's topic is answered again on its own and the other offered, but a safety line, a
part that does not answer and streamed text keep the whole message's answer as it was."""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
import pytest

from muni.answering.pipeline import Pipeline
from muni.answering.second_question import SecondQuestion
from muni.answering.state import TurnState
from muni.config import REPO_ROOT
from muni.content.answer_book import AnswerBook
from muni.content.loader import load_pack
from muni.domain import Answer, Question, Tenant
from muni.nlu.classifier import Prediction
from muni.nlu.english_terms import EnglishTerms

AARHUS = Tenant(1, "aarhus", "Aarhus Kommune", "0751")
WORDS = {"storskrald": "storskrald", "parkeringskort": "handicapparkering",
         "bulky": "storskrald", "passport": "pas"}


def topic_of(text: str) -> str | None:
    words = re.sub(r"[?.,]", " ", text.lower()).split()
    return next((t for w, t in WORDS.items() if w in words), None)


class Classifier:
    """The intent classifier's interface: sure of a part's topic when it names its word."""

    tuned = {"accept": 0.5}

    def features(self, texts):
        return list(texts)

    def lexically_sure(self, features):
        return np.array([topic_of(t) is not None for t in features])

    def predict(self, text, embedder, features=None):
        return Prediction(((topic_of(text) or "udenfor", 0.9),), False)


class Step:
    """Answers with the topic its words name first; records what it was asked."""

    name = "fake"

    def __init__(self, status: str = "answered") -> None:
        self.asked: list[Question] = []
        self.status = status

    def __call__(self, question: Question, state: TurnState) -> Answer:
        self.asked.append(question)
        if state.on_token:
            state.on_token("streamed ")
        whole = len(self.asked) == 1
        return Answer(text=f"Svar på: {question.text}", origin="curated",
                      status="answered" if whole else self.status, topic=topic_of(question.text))


class SafetyLine:
    """Refiner: the unsure safety line above an answer to a message about a fever."""

    name = "safety_first"

    def __call__(self, question: Question, answer: Answer, state: TurnState) -> Answer:
        if "feber" in question.text:
            return replace(answer, text=f"Ring 112, hvis ...\n\n{answer.text}", safety="emergency")
        return answer


@pytest.fixture(scope="module")
def book() -> AnswerBook:
    return AnswerBook(load_pack(REPO_ROOT / "content"), {})


def pipeline(book, step, english=None) -> Pipeline:
    second = SecondQuestion(Classifier(), book, {})  # type: ignore[arg-type]
    return Pipeline([step], [SafetyLine()], english=english, second=second)  # type: ignore[list-item]


TWO = "hvornår er der storskrald og hvad koster et parkeringskort"


def test_the_part_is_answered_on_its_own_and_the_whole_message_is_kept(book):
    step = Step()
    outcome = pipeline(book, step).answer(AARHUS, TWO)
    assert [q.text for q in step.asked] == [TWO, "hvornår er der storskrald"]
    assert outcome.answer.text.startswith("Svar på: hvornår er der storskrald\n\nDu spurgte også")
    assert outcome.answer.quick_replies[0].message == "hvad koster et parkeringskort"
    assert outcome.question.text == TWO  # what is stored
    assert outcome.context.question == "hvornår er der storskrald"  # what a follow-up continues
    assert "part:fake" in outcome.answer.timings and "second_question" in outcome.answer.timings


def test_a_safety_line_keeps_the_whole_answer(book):
    step = Step()
    text = "mit barn har feber. hvornår er der storskrald og hvad koster et parkeringskort"
    outcome = pipeline(book, step).answer(AARHUS, text)
    assert len(step.asked) == 1
    assert outcome.answer.text.startswith("Ring 112") and outcome.answer.safety == "emergency"


def test_a_part_that_does_not_answer_leaves_the_whole_answer_with_the_button(book):
    step = Step(status="clarification")
    outcome = pipeline(book, step).answer(AARHUS, TWO)
    assert len(step.asked) == 2
    assert outcome.answer.text.startswith(f"Svar på: {TWO}\n\nDu spurgte også")
    assert outcome.context.question == TWO


def test_nothing_streams_twice_and_an_english_part_has_its_own_danish_words(book):
    step = Step()
    english = EnglishTerms({"passport": "pas passet", "bulky waste": "storskrald"})
    streamed: list[str] = []
    text = "how much is a passport and when is the bulky waste collected"
    pipeline(book, step, english).answer(AARHUS, text, on_token=streamed.append)
    assert streamed == ["streamed "]  # the whole message's run only
    whole, part = step.asked
    assert whole.danish_terms == "pas passet storskrald"
    # the whole message's answer was about bulky waste: that part is answered again
    assert (part.text, part.danish_terms) == ("when is the bulky waste collected", "storskrald")
