"""answering/second_question.py: a message with two questions is cut where the second starts;
a part is offered as a button only when it asks something and its words name another topic
surely. The whole pipeline on the real models: tests/integration/test_second_question.py."""

from __future__ import annotations

import re

import numpy as np
import pytest

from muni.answering.second_question import (
    SecondQuestion,
    Split,
    asks_something,
    question_parts,
)
from muni.config import REPO_ROOT
from muni.content.answer_book import AnswerBook
from muni.content.loader import load_pack
from muni.domain import Answer, Question, QuickReply, Tenant
from muni.nlu.classifier import Prediction

AARHUS = Tenant(id=1, slug="aarhus", name="Aarhus Kommune", municipality_code="0751")


@pytest.mark.parametrize("text,parts", [
    ("hvornår er der storskrald og hvad koster et parkeringskort",
     ["hvornår er der storskrald", "hvad koster et parkeringskort"]),
    ("hvad koster et pas?hvornår åbner borgerservice",
     ["hvad koster et pas?", "hvornår åbner borgerservice"]),
    ("how much is a passport and when is the bulky waste collected",
     ["how much is a passport", "when is the bulky waste collected"]),
    # a part with no subject of its own stays with the one before it, as written
    ("mit pas er udløbet, hvad koster et nyt og hvordan melder jeg flytning",
     ["mit pas er udløbet, hvad koster et nyt", "hvordan melder jeg flytning"]),
    # "3. sal" and "2.5" end no sentence; "og har ikke" starts no question, ", må jeg" does
    ("jeg bor på 3. sal og har ikke elevator, må jeg stille 2.5 m3 storskrald ud",
     ["jeg bor på 3. sal og har ikke elevator", "må jeg stille 2.5 m3 storskrald ud"]),
    # ", hvor der er ..." describes a place; ", hvor kan jeg ..." asks
    ("vi bor i et område, hvor der er mange rotter i haverne",
     ["vi bor i et område, hvor der er mange rotter i haverne"]),
    ("hvad koster et pas, hvor kan jeg bestille det", ["hvad koster et pas",
                                                       "hvor kan jeg bestille det"]),
    # short parts ("hej", "og hvornår?") join their neighbour
    ("hej. hvad koster et pas", ["hej. hvad koster et pas"]),
    ("hvad koster det? og hvornår?", ["hvad koster det? og hvornår?"]),
    ("", []),
])
def test_the_message_is_cut_where_a_new_question_starts(text, parts):
    assert question_parts(text) == parts


@pytest.mark.parametrize("part,asks", [
    ("skal hun søge boligstøtte", True),
    ("hvem skal vi kontakte om hjemmehjælp", True),
    ("jeg vil gerne bestille et nyt pas", True),
    ("is there a fee for the library card", True),
    ("min mor er flyttet på plejehjem", False),
    ("min mor er 84 og har ikke mitid", False),
])
def test_a_part_that_only_tells_the_circumstances_asks_nothing(part, asks):
    assert asks_something(part) is asks


class WordsClassifier:
    """The intent classifier's interface, sure of a topic when the part names its word."""

    tuned = {"accept": 0.5}
    WORDS = {"parkeringskort": "handicapparkering", "pas": "pas", "plejehjem": "plejebolig",
             "hej": "hilsen", "storskrald": "storskrald", "borgerservice": "kontakt",
             "biblioteket": "bibliotek"}

    def features(self, texts):
        return list(texts)

    def lexically_sure(self, features):
        return np.array([self._topic(t) is not None for t in features])

    def predict(self, text, embedder, features=None):
        assert embedder is None  # words alone: no embedding for a part
        topic = self._topic(text)
        probability = 0.3 if topic == "bibliotek" else 0.9  # sure on words, under accept
        return Prediction(((topic or "udenfor", probability), ("pas", 0.05)), False)

    def _topic(self, text):
        words = re.sub(r"[?.,]", " ", text).split()
        return next((t for w, t in self.WORDS.items() if w in words), None)


@pytest.fixture(scope="module")
def second() -> SecondQuestion:
    book = AnswerBook(load_pack(REPO_ROOT / "content"), {})
    return SecondQuestion(WordsClassifier(), book, {})  # type: ignore[arg-type]


def answer(topic: str | None = "storskrald", status: str = "answered",
           origin: str = "curated") -> Answer:
    return Answer(text="Storskrald hentes op til 12 gange om året.", origin=origin,  # type: ignore[arg-type]
                  status=status, topic=topic,  # type: ignore[arg-type]
                  quick_replies=(QuickReply("Tal med en medarbejder", "Tal med en medarbejder"),))


def split(second, text, given=None, **kw):
    return second.split(Question(AARHUS, text, **kw), given or answer())


def test_two_topics_the_part_about_the_answers_topic_is_answered_the_other_offered(second):
    text = "hvornår er der storskrald og hvad koster et parkeringskort"
    assert split(second, text) == Split(
        "hvornår er der storskrald",
        (("handicapparkering", "hvad koster et parkeringskort"),))
    # the answer to the whole message was about neither: the first part is answered
    assert split(second, text, answer(topic="pas")).primary == "hvornår er der storskrald"
    # a clarifying question between the two: the first part is answered too
    assert split(second, text, answer(topic=None, status="clarification")).primary == (
        "hvornår er der storskrald")


def test_one_sure_part_about_another_topic_is_offered_beside_the_whole_answer(second):
    text = "hvornår mon den kommer igen? og hvad koster et parkeringskort"
    assert split(second, text) == Split(
        None, (("handicapparkering", "hvad koster et parkeringskort"),))
    # a page's answer about no known topic may already be about that part: nothing offered
    assert split(second, text, answer(topic=None, origin="search")) is None
    # with no answer to the whole message, that part is answered instead
    assert split(second, text, answer(topic=None, origin="fallback", status="unanswered")) == (
        Split("hvad koster et parkeringskort", ()))


def test_a_question_without_a_topic_of_its_own_is_read_with_the_statement_before_it(second):
    text = "min far skal på plejehjem. hvor lang tid går der? og hvornår er der storskrald"
    assert split(second, text) == Split(
        "hvornår er der storskrald",
        (("plejebolig", "min far skal på plejehjem. hvor lang tid går der?"),))


@pytest.mark.parametrize("text", [
    "hvornår er der storskrald",  # one question
    "hvornår er der storskrald? og hvor meget storskrald må jeg stille ud",  # the same topic
    "min mor er flyttet på plejehjem, hvornår er der storskrald",  # circumstances
    "hej. hvornår er der storskrald, og hvad med hej hej",  # small talk
    "hvornår er der storskrald? og hvad koster det mon egentlig",  # no topic surely named
    "hvornår er der storskrald? og hvornår åbner biblioteket",  # under the accept threshold
])
def test_nothing_is_split_without_a_question_about_another_topic(second, text):
    assert split(second, text) is None


@pytest.mark.parametrize("given,kw", [
    (answer(origin="guard", status="guard_emergency"), {}),
    (answer(origin="flow"), {}),
    (answer(), {"topic_hint": "storskrald"}),  # a pressed button
])
def test_guards_flows_and_pressed_buttons_are_left_whole(second, given, kw):
    text = "hvornår er der storskrald og hvad koster et parkeringskort"
    assert split(second, text, given, **kw) is None


def test_another_authoritys_redirect_stays_and_the_other_question_is_offered(second):
    redirect = answer(topic=None, origin="guard", status="guard_other_authority")
    text = "hvad koster en skilsmisse? og hvad koster et nyt pas"
    found = split(second, text, redirect)
    assert found == Split(None, (("pas", "hvad koster et nyt pas"),))
    assert second.offer(redirect, found.others, "da").quick_replies[0].message == (
        "hvad koster et nyt pas")


def test_the_other_questions_are_offered_as_buttons_that_ask_them(second):
    got = second.offer(answer(), (("handicapparkering", "hvad koster et parkeringskort"),), "da")
    assert got.text.endswith(
        "\n\nDu spurgte også om «Handicapparkering». Vælg det, så svarer jeg på det."
    )
    assert got.quick_replies[0] == QuickReply("Handicapparkering", "hvad koster et parkeringskort")
    assert got.quick_replies[1:] == answer().quick_replies  # the answer's own buttons stay
    assert got.diagnostics["second_question"] == "handicapparkering"


def test_two_others_get_a_button_each_in_english_too(second):
    others = (("pas", "how much is a passport"), ("storskrald", "bulky waste?"),
              ("kontakt", "opening hours?"))
    got = second.offer(answer(topic="kontakt"), others, "en")
    assert [q.label for q in got.quick_replies[:2]] == ["Passport", "Bulky and garden waste"]
    assert got.text.endswith("You also asked about “Passport” and “Bulky and garden waste”. "
                             "Choose one, and I will answer it.")


def test_nothing_is_offered_under_a_clarifying_question(second):
    given = answer(status="clarification")
    assert second.offer(given, (("pas", "hvad koster et pas"),), "da") == given
