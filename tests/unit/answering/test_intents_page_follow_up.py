"""A follow-up to an answer from a page with no topic: when it stays on that page."""

from __future__ import annotations

from dataclasses import replace

import pytest

from muni.answering.intents import CuratedIntentStep, Thresholds
from muni.answering.state import TurnState
from muni.domain import ConversationContext, Question, Tenant
from muni.nlu.classifier import Prediction

AARHUS = Tenant(id=1, slug="aarhus", name="Aarhus Kommune", municipality_code="0751")
PAGE = "https://www.aarhus.dk/borger/sikkerhed-og-beredskab/baal-og-afbraending"


def stays(text: str, confidence: float, context: ConversationContext, follow_up=True) -> bool:
    question = Question(AARHUS, text, context=context)
    prediction = Prediction((("byggetilladelse", confidence), ("__oos__", 1 - confidence)), False)
    state = TurnState(follow_up=follow_up)
    return CuratedIntentStep._stays_on_page(question, prediction, Thresholds(), state)


ON_PAGE = ConversationContext(topic=None, question="må vi tænde bål i haven", page_url=PAGE)


@pytest.mark.parametrize("confidence", [0.3, 0.76, 0.89])
def test_pointing_back_stays_on_the_page_unless_a_topic_is_clear(confidence):
    assert stays("hvor langt fra huset skal det være", confidence, ON_PAGE)


def test_a_clear_topic_takes_over_even_when_pointing_back():
    assert not stays("hvor langt fra huset skal det være", 0.95, ON_PAGE)


def test_no_pointing_back_no_page_or_a_topic_leaves_the_choice_to_the_classifier():
    assert not stays("hvor langt fra huset", 0.76, ON_PAGE)  # no "det"/"den"/"de"
    no_page = ConversationContext(topic=None, question="må vi tænde bål i haven")
    assert not stays("hvor langt fra huset skal det være", 0.76, no_page)
    on_topic = ConversationContext(topic="affald", question="hvornår tømmes skraldespanden",
                                   page_url=PAGE)
    assert not stays("hvor langt fra huset skal det være", 0.76, on_topic)
    assert not stays("hvor langt fra huset skal det være", 0.76, ON_PAGE, follow_up=False)


SWIMMING = "https://www.aarhus.dk/borger/kultur-og-fritid/svoemmehaller"


def labelled(from_page: bool) -> ConversationContext:
    """The swimming hall's opening hours answered from its page, labelled with the page's
    topic (clubs); or the same topic answered by its curated answer."""
    return ConversationContext(topic="byggetilladelse", question="hvornår har svømmehallen åbent",
                               page_url=SWIMMING, from_page=from_page)


@pytest.mark.parametrize("confidence", [0.2, 0.45])
def test_a_follow_up_to_a_page_answer_stays_on_the_page_when_its_label_is_unsure(confidence):
    assert stays("og hvad skal jeg selv give for at komme ind som voksen", confidence,
                 labelled(from_page=True))


def test_the_page_label_answers_when_the_classifier_finds_it_in_the_message():
    assert not stays("og hvad koster en byggetilladelse", 0.7, labelled(from_page=True))


def test_a_curated_answers_topic_is_kept_and_a_first_message_is_no_follow_up():
    assert not stays("og hvad skal jeg selv give", 0.2, labelled(from_page=False))
    assert not stays("og hvad skal jeg selv give", 0.2, labelled(from_page=True),
                     follow_up=False)


def test_a_group_of_people_alone_stays_on_the_page_however_sure_the_classifier_is():
    # "og for pensionister?" after the pool's prices: the classifier is sure of the state
    # pension (the word), but the message names no subject of its own, only whom it is for
    for text in ("og for pensionister?", "og for børn?", "hvad med min søn på 15?"):
        question = Question(AARHUS, text, context=labelled(from_page=True))
        prediction = Prediction((("folkepension", 0.96), ("byggetilladelse", 0.02)), False)
        state = TurnState(follow_up=True)
        assert CuratedIntentStep._stays_on_page(question, prediction, Thresholds(), state), text
    # with a subject of its own, or without a group of people, a sure classifier still takes
    # it elsewhere ("hvordan kontakter jeg kommunen" has no subject words either)
    for text in ("og folkepension for pensionister?", "hvordan kontakter jeg kommunen",
                 "hvad er kommunens telefonnummer?"):
        question = Question(AARHUS, text, context=labelled(from_page=True))
        prediction = Prediction((("kontakt", 0.96), ("byggetilladelse", 0.02)), False)
        state = TurnState(follow_up=True)
        assert not CuratedIntentStep._stays_on_page(question, prediction, Thresholds(), state), (
            text)


def test_another_clear_topic_is_left_to_the_classifier():
    question = Question(AARHUS, "og hvad med skraldespanden", context=labelled(from_page=True))
    prediction = Prediction((("affald", 0.7), ("byggetilladelse", 0.2)), False)
    state = TurnState(follow_up=True)
    assert not CuratedIntentStep._stays_on_page(question, prediction, Thresholds(), state)


class Classifier:
    """The intent classifier's interface, unsure between the page's label and out of scope."""

    tuned: dict[str, float] = {}

    def __init__(self, prediction: Prediction) -> None:
        self.prediction = prediction

    def features(self, texts):
        return list(texts)

    def predict(self, text, embedder, features=None, open_between=None):
        return self.prediction


class SubAnswers:
    accept = 0.5


def test_a_message_that_only_becomes_a_follow_up_here_stays_on_the_page_too():
    # after the swimming hall's prices from its page (labelled with the clubs' topic): 14
    # words, of which "she's retired" says for whom; a short question for someone else,
    # not a reason for the page label's curated answer (the halls' rent)
    from muni.config import REPO_ROOT
    from muni.content.answer_book import AnswerBook
    from muni.content.loader import load_pack

    book = AnswerBook(load_pack(REPO_ROOT / "content"), {})
    unsure = Prediction((("__oos__", 0.45), ("foreninger", 0.28), ("pas", 0.1)), False)
    step = CuratedIntentStep(Classifier(unsure), SubAnswers(), None, book, {})  # type: ignore[arg-type]
    context = ConversationContext(topic="foreninger", question="what does an adult ticket cost",
                                  page_url=SWIMMING, from_page=True, language="en")
    text = "my mum is coming too, she's retired. is there a cheaper price for her?"
    state = TurnState()
    assert step(Question(AARHUS, text, language="en", context=context), state) is None
    assert state.follow_up  # the page search answers it, from the swimming hall's page
    # a message as long with no such clause is no follow-up by length alone
    longer = "my mum is coming too, she loves the water. is there a cheaper price for her?"
    state = TurnState()
    step(Question(AARHUS, longer, language="en", context=context), state)
    assert not state.follow_up


def test_a_yes_or_no_question_on_a_subject_of_its_own_is_no_follow_up_by_that_alone():
    # "må man fyre fyrværkeri af tæt på stråtag?" after a question on the ombudsman: fireworks
    # have pages but no curated topic, so the classifier is unsure; asking yes or no is not a
    # sign of going on with the ombudsman (whose complaint guidance it used to get)
    context = ConversationContext(topic="aktindsigt", question="kan borgerrådgiveren ændre en "
                                  "afgørelse")
    unsure = Prediction((("__oos__", 0.5), ("affald", 0.3), ("pas", 0.1)), False)

    def follows(text: str, asks: tuple[str, ...]) -> bool:
        state = TurnState(own_asks=asks)
        CuratedIntentStep._maybe_follow_up(Question(AARHUS, text, context=context), unsure,
                                           Thresholds(), state)
        return state.follow_up

    assert not follows("må man fyre fyrværkeri af tæt på stråtag?", ("yes_no",))
    # asking a kind of fact the conversation can go on with still makes it one
    assert follows("hvor lang tid tager det så?", ("duration",))


BEACHES = "https://www.aarhus.dk/borger/natur-og-miljoe/badevand-og-strande"


def beach_page(question, url):  # noqa: ANN001, ANN201
    from muni.store.pages import IndexedPassage

    texts = ["Nordstranden og Lystrup Strand har livreddere i juli kl. 11-17.",
             "Der er gratis parkering ved alle strandene.", "Hunde skal være i snor."]
    return [IndexedPassage(i, BEACHES, "Badevand og strande", ("Natur", "Strande"), text, None,
                           None) for i, text in enumerate(texts) if url == BEACHES]


def test_a_short_follow_up_whose_subject_is_on_the_page_asks_about_the_page():
    """"og hvor kan man parkere" after the beaches' lifeguards: the classifier is sure of the
    parking topic, but the beach page says where to park."""
    from muni.config import REPO_ROOT
    from muni.content.answer_book import AnswerBook
    from muni.content.loader import load_pack

    book = AnswerBook(load_pack(REPO_ROOT / "content"), {})
    sure = Prediction((("parkering", 0.99), ("__oos__", 0.01)), True)
    step = CuratedIntentStep(Classifier(sure), SubAnswers(), None, book, {},  # type: ignore[arg-type]
                             page=beach_page)
    after_page = ConversationContext(topic=None, question="hvornår er der livreddere",
                                     page_url=BEACHES, from_page=True)
    state = TurnState()
    assert step(Question(AARHUS, "og hvor kan man parkere", context=after_page), state) is None
    assert state.follow_up and state.about_page
    assert state.search_text == "hvornår er der livreddere og hvor kan man parkere"
    # a few words need no "og"; a message that points back may have one word the page lacks
    for text in ("hvor kan man parkere", "parkering?", "hunde? skal de gå i snor derude",
                 "må vi tage hunden med derhen"):
        state = TurnState()
        assert step._asks_about_the_page(Question(AARHUS, text, context=after_page), sure,
                                         state), text
    # a subject the page does not have, a longer message that neither goes on nor points
    # back, a long one, two words the page lacks, or a curated answer before: the classifier
    # decides
    for text, context in (
        ("og hvad koster det at parkere i midtbyen", after_page),
        ("hvad koster et pas", after_page),
        ("hvor kan man parkere sin bil gratis om natten", after_page),
        ("og hvor kan man parkere når man kommer fra Randers og skal videre", after_page),
        ("hunde? skal vi slæbe den med til midtbyen", after_page),
        ("og hvor kan man parkere", replace(after_page, from_page=False)),
    ):
        state = TurnState()
        question = Question(AARHUS, text, context=context)
        assert not step._asks_about_the_page(question, sure, state), text
        assert not state.follow_up


HOLIDAYS = "https://www.aarhus.dk/borger/sundhed-og-aeldre/ferie-for-pensionister"


def holiday_page(question, url):  # noqa: ANN001, ANN201
    from muni.store.pages import IndexedPassage

    texts = ["Juleophold for dig, der er alene i julen: 23.-26. december. Pris 1.800 kr.",
             "Tilmeld dig senest 15. marts via selvbetjeningen."]
    return [IndexedPassage(i, HOLIDAYS, "Ferie for pensionister", ("Ferie",), text, None, None)
            for i, text in enumerate(texts) if url == HOLIDAYS]


def test_a_question_for_a_fact_about_one_thing_on_the_page_asks_about_the_page():
    """"hvornår skal man tilmelde sig" after the pensioners' Christmas stay: the page's sign-up
    date, however sure the classifier is of signing up as unemployed."""
    from muni.config import REPO_ROOT
    from muni.content.answer_book import AnswerBook
    from muni.content.loader import load_pack

    book = AnswerBook(load_pack(REPO_ROOT / "content"), {})
    sure = Prediction((("jobcenter", 0.9), ("__oos__", 0.1)), True)
    step = CuratedIntentStep(Classifier(sure), SubAnswers(), None, book, {},  # type: ignore[arg-type]
                             page=holiday_page)
    context = ConversationContext(topic="folkepension", question="hvad koster juleopholdet",
                                  page_url=HOLIDAYS, from_page=True)
    question = Question(AARHUS, "hvornår skal man tilmelde sig", context=context)
    assert step._asks_about_the_page(question, sure, TurnState(own_asks=("date",)))
    # asking no kind of fact, or about two things (both on the page), it is left to the
    # classifier
    assert not step._asks_about_the_page(question, sure, TurnState())
    two = Question(AARHUS, "hvornår skal man tilmelde sig juleopholdet", context=context)
    assert not step._asks_about_the_page(two, sure, TurnState(own_asks=("date",)))
    # (both are on the page: going on from the last, the same words ask about it)
    going_on = Question(AARHUS, "og hvornår skal man tilmelde sig juleopholdet", context=context)
    assert step._asks_about_the_page(going_on, sure, TurnState(own_asks=("date",)))
