"""Follow-ups any matter could get: "kan jeg gøre det for min mor", "hvad hvis jeg ikke har
mitid", both at once, and "kan jeg gøre det online" are answered about the conversation's
topic (its own sub-answer on it, else a general answer with the topic's number), not by
random sub-answers or the answer on getting MitID."""

from __future__ import annotations

import pytest

from muni.answering.general_follow_ups import (
    BRING,
    HOW,
    ON_BEHALF,
    ON_BEHALF_ME,
    ON_BEHALF_WITHOUT_MITID,
    ON_BEHALF_WITHOUT_MITID_ME,
    ONLINE,
    WITHOUT_MITID,
    general_ask,
    power_of_attorney_ask,
)
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


@pytest.fixture(scope="module")
def terms(book) -> frozenset[str]:
    return book.topic_terms


@pytest.mark.parametrize("text", [
    "kan jeg gøre det for min mor", "kan jeg gore det for min gamle far?",
    "kan jeg gøre det på hendes vegne",
    "kan jeg gøre det på vegne af min mor", "skal jeg have en fuldmagt",
    "can I do it for my mother", "can I do it on her behalf",
    "kan jeg hjælpe min nabo med det", "kan det gøres af en pårørende",
    "min mor er dement, kan jeg søge for hende", "jeg vil gerne søge på vegne af min mormor",
])
def test_acting_for_someone_else(text):
    assert general_ask(text) is ON_BEHALF


@pytest.mark.parametrize("text", [
    "må min kone ordne det", "må min datter søge for mig", "can my husband handle it for me",
    "could my daughter sort this out for me please", "kan min søster gøre det i mit sted",
])
def test_someone_acting_for_the_citizen(text):
    assert general_ask(text) is ON_BEHALF_ME


@pytest.mark.parametrize("text", [
    "kan jeg gøre det for min mor, hun har ikke mitid", "my mum has no mitid can i do it for her",
    "hvad hvis hun ikke har mitid", "min mor har ikke mitid",
    "my grandad doesnt have mitid, can i apply on his behalf",
])
def test_acting_for_someone_without_mitid(text, terms):
    assert general_ask(text, terms) is ON_BEHALF_WITHOUT_MITID


def test_someone_acting_for_a_citizen_without_mitid():
    assert general_ask("jeg har ikke mitid, kan min søn gøre det") is ON_BEHALF_WITHOUT_MITID_ME


@pytest.mark.parametrize("text", [
    "kan jeg gøre det online", "skal jeg møde op", "kan det klares hjemmefra",
    "skal jeg moede fysisk op", "is it possible to apply digitally",
    "can i do this online or do i need to come in",
])
def test_online_or_in_person(text, terms):
    assert general_ask(text, terms) is ONLINE


@pytest.mark.parametrize("text", [
    "hej igen, kan min kone ordne det for mig? jeg er på arbejde hele ugen",
    "tak men jeg har aldrig fået mitid, er der en anden måde",
    "hej, kan jeg ordne det hjemme fra computeren",
])
def test_words_around_the_ask_that_name_no_matter(text, terms):
    assert general_ask(text) is None  # without the topics' words, any other word counts
    assert general_ask(text, terms) is not None


@pytest.mark.parametrize("text", [
    "hvad hvis jeg ikke har mitid", "jeg har ingen MitID", "kan man gøre det uden mit id",
    "mitid virker ikke", "what if I don't have MitID", "har hverken nemid eller mitid",
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
    "jeg kan ikke huske min mitid adgangskode",  # a problem with MitID itself
    "mitid appen virker ikke på min telefon",
    "kan jeg bestille en tid på nettet",  # booking, not the matter
    "kan jeg betale online",
    "hvor skal jeg møde op",  # an address
])
def test_not_when_the_message_names_something_else(text, terms):
    assert general_ask(text) is None
    assert general_ask(text, terms) is None


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
    # a power of attorney, where the helper uses their own MitID: never another's
    assert (answer.topic, answer.sub_answer) == ("mitid", "fuldmagt")
    assert "sit eget MitID" in answer.text


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


def test_both_asks_at_once_get_the_paper_power_of_attorney(book):
    answer, state = ask(book, "kan jeg gøre det for min mor, hun har ikke mitid", "boligstoette")
    assert answer.topic == "boligstoette" and answer.sub_answer is None
    assert answer.text.startswith("Personen kan give dig fuldmagt, selv om")
    assert "brev med posten" in answer.text and "11 11 11 11" in answer.text
    answer, _ = ask(book, "jeg har ikke mitid, kan min søn gøre det", "boligstoette")
    assert answer.text.startswith("Du kan give en anden fuldmagt, selv om du ikke har MitID")
    english, _ = ask(book, "my mum has no mitid can i do it for her", "boligstoette", "en")
    assert english.text.startswith("The person can give you a power of attorney")
    # passports: nobody can apply for someone else, with or without MitID
    answer, _ = ask(book, "kan jeg gøre det for min mor, hun har ikke mitid", "pas")
    assert answer.sub_answer == "hvor" and "møde op selv" in answer.text


def test_someone_helping_the_citizen_is_told_from_the_citizens_side(book):
    answer, _ = ask(book, "må min søn ordne det for mig", "boligstoette")
    assert answer.text.startswith("Du kan ofte få en anden til at hjælpe dig med boligstøtte")


def test_online_gets_the_answer_that_says_how(book):
    # the overview says how: "Du melder flytning på borger.dk med MitID"
    answer, _ = ask(book, "kan jeg gøre det digitalt", "flytning")
    assert (answer.topic, answer.sub_answer) == ("flytning", None)
    assert "borger.dk" in answer.text.split("\n\n")[0]
    # passports: the overview says you must come in person
    answer, _ = ask(book, "kan jeg gøre det online", "pas")
    assert "møde op selv" in answer.text.split("\n\n")[0]


def test_online_after_a_sub_answer_is_about_that_sub_answer(book):
    step = CuratedIntentStep(None, None, None, book, {})  # type: ignore[arg-type]
    # after the answer on appealing a parking charge: that answer says how (in writing, on
    # the municipality's parking page), not the overview on resident permits
    context = ConversationContext(topic="parkering", sub_answer="klage-afgift", question="p-afgift")
    question = Question(TENANT, "kan jeg gøre det online", context=context)
    answer = step._general(question, MITID, TurnState(follow_up=True))
    assert (answer.topic, answer.sub_answer) == ("parkering", "klage-afgift")


def test_online_where_no_answer_says_how_gets_the_number(book):
    # no curated answer of the topic says how it is done: whom to ask, not a guess
    context = ConversationContext(topic="kloak", question="kloakken er stoppet")
    step = CuratedIntentStep(None, None, None, book, {})  # type: ignore[arg-type]
    question = Question(TENANT, "kan jeg gøre det online", context=context)
    answer = step._general(question, MITID, TurnState(follow_up=True))
    assert answer.topic == "kloak" and answer.sub_answer is None
    assert answer.text.startswith("Om du kan klare") and "11 11 11 11" in answer.text


def test_topic_terms_are_words_for_one_matter(book):
    terms = book.topic_terms
    assert {"boligstøt", "plejehjem"} <= terms
    assert not {"hej", "arbejd", "tak"} & terms


def test_a_topic_where_nobody_can_act_for_another_says_so(book):
    # voting: no power of attorney lets anyone vote for someone else (valg_for_en_anden)
    both = "kan jeg gøre det for min mor, hun har ikke mitid"
    for text in ("kan jeg gøre det for min mor", both):
        answer, _ = ask(book, text, "valg")
        assert answer.topic == "valg" and answer.text.startswith("Nej, du kan ikke stemme for")
        assert "fuldmagt" not in answer.text.split(".")[1]  # not told to get one
        assert "12 dage" in answer.text or "tolv dage" in answer.text  # home voting's deadline
    english, _ = ask(book, "can I do it for my mother", "valg", "en")
    assert english.text.startswith("No, you cannot vote for someone else")


def test_a_sub_answer_saying_to_come_in_person_answers_it_anywhere(book):
    # ID cards: "Du skal bestille tid og møde op selv" is the answer's second paragraph
    answer, _ = ask(book, "kan min mand hente det for mig", "legitimationskort")
    assert (answer.topic, answer.sub_answer) == ("legitimationskort", "hvor")
    assert "møde op selv" in answer.text


def test_not_about_the_topic_on_reaching_the_municipality(book):
    # "kan jeg som datter klage på hans vegne" after the contact details: no matter of its own
    assert ask(book, "kan jeg som datter klage på hans vegne", "kontakt")[0] is None


def test_a_follow_up_naming_its_own_subject_does_not_borrow_the_earlier_ask():
    from muni.answering.intents import Thresholds

    def asks_after(earlier: str, earlier_asks: tuple[str, ...], text: str) -> tuple[str, ...]:
        unsure = Prediction((("doedsfald", 0.4), ("folkepension", 0.3)), True)
        context = ConversationContext(topic="doedsfald", asks=earlier_asks, question=earlier)
        question = Question(TENANT, text, context=context)
        state = TurnState(asks=asked_kinds(text), own_asks=asked_kinds(text))
        CuratedIntentStep._maybe_follow_up(question, unsure, Thresholds(), state)
        assert state.follow_up
        return state.asks

    # whom to call about funeral aid, then what happens to his pension: no number asked
    assert asks_after("hvem skal jeg kontakte om begravelseshjælp", ("phone",),
                      "hvad sker der med hans pension og hans lejlighed") == ()
    # a price, then "og for børn?": the price again
    assert asks_after("hvad koster en begravelse", ("amount",), "og for børn?") == ("amount",)


@pytest.mark.parametrize("text", [
    "hvordan søger jeg", "og hvordan gør jeg det?", "hvordan søger man om det", "how do I apply",
])
def test_how_it_is_done(text, terms):
    assert general_ask(text, terms) is HOW


def test_how_gets_the_answer_that_says_how(book):
    # after the answer on which homes qualify: the overview says how to apply
    context = ConversationContext(topic="boligstoette", sub_answer="boligtype", question="værelse")
    step = CuratedIntentStep(None, None, None, book, {})  # type: ignore[arg-type]
    answer = step._general(Question(TENANT, "hvordan søger jeg", context=context), MITID,
                           TurnState(follow_up=True))
    assert (answer.topic, answer.sub_answer) == ("boligstoette", None)
    assert "borger.dk" in answer.text.split("\n\n")[0]
    assert general_ask("hvordan søger jeg boligstøtte", book.topic_terms) is None  # names it


@pytest.mark.parametrize("text", [
    "hvad skal jeg have med", "hvilke papirer skal vi have med", "hvad skal jeg medbringe",
    "hej igen, hvad skal min mor tage med når hun kommer", "what documents do I need to bring",
    "skal jeg medbringe et billede",
])
def test_what_to_bring(text, terms):
    assert general_ask(text, terms) is BRING


@pytest.mark.parametrize("text", [
    "hvad skal jeg have med til svømmehallen",  # names its own matter
    "which documents do I need for housing benefit",
    "må jeg tage min søn med",  # whether someone may come along
])
def test_not_what_to_bring_for_the_matter(text, terms):
    assert general_ask(text, terms) is not BRING


def test_what_to_bring_gets_the_topics_own_answer_on_it_else_whom_to_ask(book):
    answer, _ = ask(book, "hvad skal jeg have med", "pas")
    assert (answer.topic, answer.sub_answer) == ("pas", "medbring")
    assert "gamle pas med" in answer.text
    answer, _ = ask(book, "hvad skal jeg medbringe", "koerekort")
    assert (answer.topic, answer.sub_answer) == ("koerekort", "medbring")
    assert answer.text.startswith("Tag legitimation med")
    # the disabled parking card has no answer on what to bring: the number, never a guess
    answer, state = ask(book, "hvad skal jeg medbringe", "handicapparkering")
    assert (answer.topic, answer.sub_answer) == ("handicapparkering", None)
    assert answer.text.startswith("Hvad du skal have med til handicapparkering, kan Kommunen")
    assert "11 11 11 11" in answer.text and state.topic_pages_only
    english, _ = ask(book, "what documents do I need to bring", "handicapparkering", "en")
    assert english.text.startswith("Kommunen can tell you what to bring for")


@pytest.mark.parametrize("text", [
    "min mormor skal have lavet mitid igen, kan hun bare møde op i borgerservice",
    "my mum needs to get a new MitID, can she come in person",
    "kan jeg få lavet et nyt mitid på nettet",
])
def test_getting_mitid_itself_is_a_matter_of_its_own(text, book):
    # a new question about MitID, not "can she do the conversation's matter in person"
    # (MitID is no topic term: it is how most matters are done)
    assert general_ask(text, book.topic_terms) is None
    assert general_ask("kan hun bare møde op, hun har ikke mitid", book.topic_terms) is not None


# -- a first message that names its matter and asks about a power of attorney for it ------


@pytest.mark.parametrize(("text", "kind"), [
    ("min far har ikke mitid, kan jeg søge boligstøtte for ham med en fuldmagt",
     "on_behalf_without_mitid"),
    ("kan jeg søge plejebolig på vegne af min mor, hun er dement", "on_behalf"),
    ("kan min søn få en fuldmagt og søge hjemmehjælp for mig", "on_behalf_me"),
    ("can i apply for housing benefit on behalf of my dad", "on_behalf"),
])
def test_a_power_of_attorney_is_found_beside_the_matter(text, kind, terms):
    assert general_ask(text, terms) is None  # it names a matter: not a follow-up
    assert power_of_attorney_ask(text).kind == kind


@pytest.mark.parametrize("text", [
    "kan jeg melde flytning uden mitid",  # the matter's own sub-answer on it is chosen
    "min datter er 15, må hun tolke for mig hos jobcentret",  # an interpreter
    "I want to help my mother apply for state pension",  # how to apply
    "hvordan søger jeg boligstøtte",
    "hvad koster pas for min datter",  # a value: the price
    "kan jeg søge boligstøtte",
])
def test_other_asks_are_left_to_the_classifier(text):
    assert power_of_attorney_ask(text) is None


def first_message(book: AnswerBook, text: str, topic: str, chosen=None):
    step = CuratedIntentStep(None, None, None, book, {})  # type: ignore[arg-type]
    question = Question(TENANT, text)
    state = TurnState(asks=asked_kinds(text), own_asks=asked_kinds(text))
    return step._power_of_attorney(question, topic, 0.95, state, chosen), state


def test_a_first_message_about_a_power_of_attorney_gets_it(book):
    text = "min far har ikke mitid, kan jeg søge boligstøtte for ham med en fuldmagt"
    chosen = book.answer(TENANT, "boligstoette", "da", 0.95, "ansoeg")
    answer, state = first_message(book, text, "boligstoette", chosen)
    assert answer.topic == "boligstoette" and answer.sub_answer is None
    assert answer.text.startswith("Personen kan give dig fuldmagt, selv om")
    assert "11 11 11 11" in answer.text and state.topic_pages_only
    # the matter's own answer is one press away
    assert [(r.topic, r.label) for r in answer.quick_replies] == [
        ("boligstoette", book.label("boligstoette", "da"))
    ]


def test_the_topics_own_sub_answer_on_it_or_the_chosen_one_that_speaks_of_it(book):
    text = "kan jeg bestille pas for min mor med en fuldmagt, hun er syg"
    answer, _ = first_message(book, text, "pas")
    assert answer.sub_answer == "hvor" and "møde op selv" in answer.text
    chosen = book.answer(TENANT, "pas", "da", 0.95, "hvor")
    assert first_message(book, text, "pas", chosen)[0] is None  # it says so already


def test_mitid_keeps_its_own_answers(book):
    text = "kan min søn oprette mitid for mig med en fuldmagt"
    assert first_message(book, text, "mitid")[0] is None
