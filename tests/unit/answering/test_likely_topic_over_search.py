"""A likely topic (below the accept threshold) answers instead of a website quote from a page
about something else; a page about one of the likely topics, or about what muni has no topic
for, still answers."""

from __future__ import annotations

from muni.answering.search import (
    RARE_WORD_IDF,
    SearchGate,
    SearchStep,
    about_something_else,
    shares_a_rare_word,
)
from muni.answering.state import TurnState
from muni.domain import Answer, Question, Tenant
from muni.nlu.classifier import Prediction
from muni.search.index import Hit
from muni.store.pages import IndexedPassage

TENANT = Tenant(id=1, slug="t", name="T Kommune", municipality_code="0000")
SITE = "https://www.t.dk"
PREDICTION = Prediction((("ejendomsskat", 0.6), ("folkepension", 0.3), ("betaling", 0.05)), True)
LIKELY = Answer(text="Grundskyld ...", origin="curated", status="answered", topic="ejendomsskat")


def passage(path: str, topic: str | None, text: str) -> IndexedPassage:
    return IndexedPassage(1, SITE + path, "Side", ("Side",), text, topic, None)


def step_answer(
    found: IndexedPassage,
    likely: Answer | None,
    text: str = "kan jeg låne til grundskylden som pensionist",
    idf: dict[str, float] | None = None,
    language: str = "da",
) -> Answer | None:
    def search(question, text, semantic, topic):  # noqa: ANN001, ANN202
        return [Hit(found, 1.0, 12.0, 0.93)]

    gate = SearchGate((12.0, 0.15, -2.0), -12.0)
    step = SearchStep(search, gate, lambda t: {}, lambda q: idf or {})
    state = TurnState(prediction=PREDICTION, likely=likely, search_text=text)
    return step(Question(tenant=TENANT, text=text, language=language), state)


def test_a_page_about_another_topic_gives_way_to_the_likely_topic():
    pas = passage("/borger/pas-og-koerekort", "pas", "Et pas koster 893 kr. for voksne.")
    assert step_answer(pas, LIKELY) is LIKELY
    answer = step_answer(pas, None)  # no likely topic: the page answers as before
    assert answer is not None and answer.origin == "search"


def test_a_page_about_one_of_the_likely_topics_answers():
    pension = passage("/borger/pension", "folkepension", "Du kan få lån til grundskyld.")
    answer = step_answer(pension, LIKELY)
    assert answer is not None and answer.origin == "search" and "grundskyld" in answer.text


def test_a_page_without_a_topic_answers_unless_it_is_a_front_page():
    bonfire = passage("/borger/sikkerhed/baal", None, "Bål skal være 30 meter fra huset.")
    assert not about_something_else(bonfire, PREDICTION)
    front = passage("/borger", None, "Her finder du information og selvbetjening.")
    assert about_something_else(front, PREDICTION)
    assert about_something_else(passage("/", None, "Forside"), PREDICTION)
    assert step_answer(front, LIKELY) is LIKELY
    # whatever rare word its quote shares with the question ("Siderne er ordnet efter emne"
    # for "hvad der skal ordnes" after a mother's death)
    ordered = passage("/borger", None, "Siderne er ordnet efter emne.")
    text = "min mor gik bort, hvad skal ordnes"
    idf = {"ordn": RARE_WORD_IDF + 1}
    assert shares_a_rare_word(text, ordered.text, idf)
    assert step_answer(ordered, LIKELY, text, idf) is LIKELY


def test_a_page_without_a_topic_gives_way_to_the_likely_topic_for_an_english_question():
    # an English question shares no words with the Danish pages, so nothing ties such a page
    # to it ("moving to Aarhus from Germany, what do we need to do to register" found the fire
    # service's page)
    fire = passage("/borger/sikkerhed/beredskab", None, "Ved brand og ulykke: ring 112.")
    assert about_something_else(fire, PREDICTION, "en")
    assert not about_something_else(fire, PREDICTION, "da")
    text = "can I borrow for the land tax as a pensioner"
    assert step_answer(fire, LIKELY, text, language="en") is LIKELY
    answer = step_answer(fire, LIKELY, text, language="da")
    assert answer is not None and answer.origin == "search"


def test_a_rare_word_in_both_the_question_and_the_quote_keeps_the_page():
    idf = {"diabet": RARE_WORD_IDF + 1, "skol": 1.0}
    text = "min datter har diabetes, hvordan sikrer vi at skolen ved det"
    quote = "Fortæl skolen og sundhedsplejersken om sygdommen, fx diabetes."
    assert shares_a_rare_word(text, quote, idf)
    assert not shares_a_rare_word(text, "Fortæl skolen om sygdommen.", idf)  # common word only
    health = passage("/borger/sundhedspleje", "sundhedspleje", quote)
    answer = step_answer(health, LIKELY, text, idf)
    assert answer is not None and answer.origin == "search"
    assert step_answer(health, LIKELY, text, {}) is LIKELY
