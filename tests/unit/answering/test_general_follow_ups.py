"""Follow-ups any matter could get: "kan jeg gøre det for min mor" and "hvad hvis jeg ikke har
mitid" are answered about the conversation's topic (its own sub-answer on it, else a general
answer with the topic's number), not by random sub-answers or the answer on getting MitID."""

from __future__ import annotations

import pytest

from muni.answering.general_follow_ups import ON_BEHALF, WITHOUT_MITID, general_ask
from muni.answering.intents import CuratedIntentStep
from muni.answering.state import TurnState
from muni.config import REPO_ROOT
from muni.content.answer_book import AnswerBook
from muni.content.loader import load_pack
from muni.domain import ConversationContext, Question, Tenant
from muni.facts.kinds import asked_kinds
from muni.nlu.classifier import Prediction

TENANT = Tenant(
    id=1,
    slug="k",
    name="Kommunen",
    municipality_code="0000",
    variables={"kommune_navn": "Kommunen", "kommune_telefon": "11 11 11 11"},
)
MITID = Prediction((("mitid", 0.91), ("boligstoette", 0.03)), True)


@pytest.fixture(scope="module")
def book() -> AnswerBook:
    return AnswerBook(load_pack(REPO_ROOT / "content"), {})


@pytest.mark.parametrize("text", [
    "kan jeg gøre det for min mor", "kan jeg gore det for min gamle far?",
    "må min datter søge for mig", "kan jeg gøre det på hendes vegne",
    "kan jeg gøre det på vegne af min mor", "skal jeg have en fuldmagt",
    "can I do it for my mother", "can I do it on her behalf",
    "må min kone ordne det", "kan jeg hjælpe min nabo med det", "kan det gøres af en pårørende",
    "min mor er dement, kan jeg søge for hende", "jeg vil gerne søge på vegne af min mormor",
])
def test_acting_for_someone_else(text):
    assert general_ask(text) is ON_BEHALF


@pytest.mark.parametrize("text", [
    "hvad hvis jeg ikke har mitid", "jeg har ingen MitID", "kan man gøre det uden mit id",
    "mitid virker ikke", "min mor har ikke mitid", "what if I don't have MitID",
    "har hverken nemid eller mitid",
])
def test_doing_it_without_mitid(text):
    assert general_ask(text) is WITHOUT_MITID


@pytest.mark.parametrize("text", [
    "hvad koster det for min mor",  # a price, for the mother: the topic's price
    "kan jeg søge boligstøtte for min mor",  # names its own matter
    "min mor skal have hjemmehjælp",
    "hvordan opretter jeg mitid",
    "hvem skal jeg kontakte",
    "for min skyld må du gerne",
    "hvad gælder for dem",
    "kan min søn søge om det",  # whether the son may apply himself
    "kan min datter få det også",
    "gælder det også for min mand",  # whether the rules apply to him
    "is it the same for my husband",
])
def test_not_when_the_message_names_something_else(text):
    assert general_ask(text) is None


def ask(book: AnswerBook, text: str, topic: str, language: str = "da"):
    step = CuratedIntentStep(None, None, None, book, {})  # type: ignore[arg-type]
    context = ConversationContext(topic=topic, question="et spørgsmål om emnet")
    question = Question(TENANT, text, language=language, context=context)
    state = TurnState(asks=asked_kinds(text), own_asks=asked_kinds(text), follow_up=True)
    return step._general(question, MITID, state), state


def test_the_topics_own_sub_answer_when_it_has_one(book):
    answer, state = ask(book, "kan jeg gøre det for min mor", "pas")
    assert (answer.topic, answer.sub_answer) == ("pas", "hvor")  # you must come in person
    assert "møde op selv" in answer.text
    answer, _ = ask(book, "hvad hvis jeg ikke har mitid", "flytning")
    assert (answer.topic, answer.sub_answer) == ("flytning", "uden-mitid")
    answer, _ = ask(book, "kan jeg gøre det for min mor", "mitid")
    assert (answer.topic, answer.sub_answer) == ("mitid", "dele")  # never share a MitID


def test_else_a_general_answer_with_the_topics_number(book):
    answer, state = ask(book, "kan jeg gøre det for min mor", "boligstoette")
    assert answer.topic == "boligstoette" and answer.sub_answer is None
    assert answer.text.startswith("Du kan ofte hjælpe en anden med boligstøtte")
    assert "digital fuldmagt på borger.dk" in answer.text and "11 11 11 11" in answer.text
    assert state.topic_pages_only
    answer, _ = ask(book, "hvad hvis jeg ikke har mitid", "boligstoette")
    assert answer.text.startswith("Har du ikke MitID, kan du stadig få hjælp til boligstøtte")
    english, _ = ask(book, "what if I don't have MitID", "boligstoette", "en")
    assert english.text.startswith("If you do not have MitID")
    assert "housing" in english.text.lower() and "11 11 11 11" in english.text


def test_a_sub_answer_that_only_mentions_mitid_does_not_count(book):
    # boligstøtte's application sub-answer says to log in with MitID: it does not say what to
    # do without it, so the general answer is given
    assert book.sub_about("boligstoette", WITHOUT_MITID.marks, WITHOUT_MITID.answered) is None


def test_only_as_a_follow_up_and_mitid_keeps_its_own_answers(book):
    step = CuratedIntentStep(None, None, None, book, {})  # type: ignore[arg-type]
    first = Question(TENANT, "jeg har ikke mitid")
    assert step._general(first, MITID, TurnState()) is None  # no topic yet: the classifier
    assert ask(book, "hvad hvis jeg ikke har mitid", "mitid")[0].sub_answer == "borgerservice"
    assert ask(book, "kan jeg gøre det for min mor", "tak")[0] is None  # no municipal matter
