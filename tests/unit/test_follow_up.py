"""Which messages lean on the conversation (follow-ups), and what retrieval then looks for."""

import pytest

from muni.answering.follow_up import (
    content_words,
    continues,
    is_elliptic,
    leading,
    names_group,
    search_text,
    states_condition,
    without_acknowledgement,
)
from muni.domain import ConversationContext


@pytest.mark.parametrize("text", [
    "og hvad koster det?",
    "hvad med om søndagen",
    "og lillesøster på 9?",
    "hvor ligger de?",
    "hvornår kan man ringe",
    "kan jeg ringe torsdag",
    "og for børn?",
    "what about on sunday",
    "og hvis man er pensionist",
    "hvad så med min kone hun er 3 år yngre end mig",  # years and "than" name no subject
    "og hvis hun hverken har pas eller kørekort?",  # "hverken ... eller" names no subject
    # hedges and who is there name no subject in a message that goes on from the last
    "og hvis jeg kommer for sent med dem? vi bliver nok hængende hos svigerfamilien lidt "
    "længere så det bliver vel ca 10 dage over",
])
def test_follow_ups_are_elliptic(text):
    assert is_elliptic(text)


@pytest.mark.parametrize("text", [
    "hvornår kommer skraldebilen",
    "skal jeg have mit gamle pas med når jeg bestiller nyt",
    "hvem vandt fodboldkampen i går",
    "min mor på 84 har brug for en rollator",
])
def test_self_contained_questions_are_not(text):
    assert not is_elliptic(text)


def test_own_words_tell_a_new_subject_from_a_reference():
    assert len(content_words("hvad koster en beboerlicens")) == 1
    assert content_words("og hvad koster det") == []


def test_search_text_borrows_the_previous_question_only_for_a_follow_up():
    context = ConversationContext(topic="pas", question="hvad koster et pas")
    assert search_text("og for børn?", context, True) == "hvad koster et pas og for børn?"
    assert search_text("hvad koster en beboerlicens", context, False) == (
        "hvad koster en beboerlicens")


def test_a_follow_up_for_another_group_of_people_is_searched_without_the_one_before():
    # "og for børn?" after "og for pensionister?" about the pool: the pensioners' holidays
    # were found, through the borrowed "pensionister"
    context = ConversationContext(
        question="hvad koster det at gå til svømning og for pensionisterne?")
    searched = search_text("og for børnene?", context, True)
    assert "pensionist" not in searched
    assert searched.startswith("hvad koster det at gå til svømning og for")
    assert searched.endswith("og for børnene?")
    english = search_text("and for kids?", ConversationContext(
        question="how much is swimming for adults and seniors?"), True)
    assert "adults" not in english and "seniors" not in english and "swimming" in english
    # a follow-up that names no group keeps them all; a word that holds one is no group
    assert search_text("og om søndagen?", context, True) == (
        "hvad koster det at gå til svømning og for pensionisterne? og om søndagen?")
    assert not names_group("og om søndagen?") and not names_group("og mit barnebarn?")
    assert names_group("og for pigerne?") and names_group("what about my daughter")


@pytest.mark.parametrize("text", [
    "ok. et helt andet spørgsmål, hvad koster haveaffald",
    "btw hvornår kan jeg ringe til kommunen i morgen",
    "forresten, hvor ligger de",
    "thanks. another thing, what is the fee",
])
def test_a_message_that_announces_a_new_subject_is_no_follow_up(text):
    from muni.answering.follow_up import changes_subject

    assert changes_subject(text)
    assert not is_elliptic(text)


@pytest.mark.parametrize("text", [
    "hvem skal jeg kontakte",
    "hvad er telefonnummeret",
    "kan jeg få hjælp til at søge",
    "who do I contact",
])
def test_asking_how_to_reach_or_apply_names_no_new_subject(text):
    from muni.answering.follow_up import subject_words

    assert subject_words(text) == []
    assert is_elliptic(text) or len(text.split()) > 6  # longer ones: the intent step decides


@pytest.mark.parametrize("text", [
    "hvad med min mor hun er pensionist",
    "hvad med pensionister? min svigermor vil gerne med",
    "og min kæreste?",
])
def test_a_person_named_in_a_follow_up_is_no_new_subject(text):
    # for whom the conversation's question is asked, not what about
    from muni.answering.follow_up import subject_words

    assert subject_words(text) == []
    assert is_elliptic(text)


def test_a_subject_beside_the_contact_words_is_kept():
    from muni.answering.follow_up import subject_words

    assert subject_words("hvad er telefonnummeret til borgerservice") == ["borgerservice"]
    assert not is_elliptic("kan jeg få hjælp til at søge om boligstøtte til min lejlighed")


@pytest.mark.parametrize("text,condition", [
    ("og hvis hun hverken har pas eller kørekort?", True),
    ("hvad nu hvis vi flytter før", True),
    ("men hvis jeg ikke har mitid", True),
    ("what if I lost it", True),
    ("og naar han kommer i 4. klasse?", True),  # "når" is the conjunction, not "hvornår"
    ("når kommer bussen", True),
    ("and if we are not married", True),
    ("og hvad koster det", False),
    ("hvad med om søndagen", False),
    ("and for kids?", False),
    ("og hvornår kommer bussen", False),
])
def test_a_condition_on_the_matter_at_hand(text, condition):
    # a follow-up that puts a condition leaves its topic only on the higher bar of one that
    # points back (CuratedIntentStep._follow_up_topic)
    assert states_condition(text) is condition


@pytest.mark.parametrize("text", [
    "og hvis jeg kommer en uge for sent med dem?",
    "og naar han kommer i 4. klasse?",
])
def test_coming_and_time_words_name_no_new_subject(text):
    # "uge", "sent", "når" say when and how, not what about: after the library's loan
    # period, "en uge for sent" is about the books, not booked appointments
    from muni.answering.follow_up import subject_words

    assert set(subject_words(text)) <= {"kommer", "klasse"}
    assert is_elliptic(text)


@pytest.mark.parametrize("text,left", [
    ("og min far paa 71 skal med, han er paa folkepension hvis det betyder noget",
     "og min far paa 71 skal med, hvis det betyder noget"),
    ("og koster det hende noget? hun har kun folkepensionen", "og koster det hende noget?"),
    ("min svigerfar vil med, han er pensionist. faar han rabat?",
     "min svigerfar vil med, . faar han rabat?"),
    ("my dad is coming too, he is retired", "my dad is coming too,"),
    ("and for pensioners?", "?"),
    ("what about seniors?", "?"),
    # a question about them keeps its subject
    ("are there activities for seniors in aarhus", "are there activities for seniors in aarhus"),
    ("my mum is coming too, she's retired. is it cheaper?",
     "my mum is coming too, . is it cheaper?"),
    # asking about the pension is kept
    ("hvornår kan jeg gå på pension", "hvornår kan jeg gå på pension"),
    ("hvad får man i folkepension", "hvad får man i folkepension"),
])
def test_what_a_person_is_is_taken_out_of_a_follow_up(text, left):
    from muni.answering.follow_up import without_person_state

    assert without_person_state(text) == left


@pytest.mark.parametrize("text, rest", [
    ("ok super. og hvad skal jeg give for at komme ind", "og hvad skal jeg give for at komme ind"),
    ("fedt. hvornaar skal jeg senest have bestilt", "hvornår skal jeg senest have bestilt"),
    ("okay thanks, and for kids?", "and for kids"),
    ("Tak! Mange tak. og om søndagen?", "og om søndagen"),
    ("ok", "ok"),  # nothing but the acknowledgement: the message stays as it is
    ("super", "super"),
    ("okay hvad koster et pas", "hvad koster et pas"),
    ("supermarkedet lukker hvornår", "supermarkedet lukker hvornår"),  # a word, not "super"
])
def test_an_acknowledgement_before_the_message_is_set_aside(text, rest):
    assert leading(text) == rest


@pytest.mark.parametrize("text", [
    "ok super. og hvad skal jeg selv give for at komme ind som voksen",
    "fedt, og om lørdagen?",
    "okay thanks. and what about sundays?",
])
def test_a_follow_up_after_an_acknowledgement_is_still_a_follow_up(text):
    assert continues(text)
    assert is_elliptic(text)


@pytest.mark.parametrize("text, rest", [
    ("ok tak. og for børn?", "og for børn?"),  # as written: the classifier reads it
    ("tak for svaret. hvad med for børn?", "hvad med for børn?"),
    ("Mange tak for hjælpen! Og hvornår har de åbent", "Og hvornår har de åbent"),
    ("tak for det, hvad med min kone", "hvad med min kone"),
    ("Okay thanks, and for kids?", "and for kids?"),
    ("tak for hjælpen", "tak for hjælpen"),  # the thanks is the message: the thank-you reply
    ("ok tak", "ok tak"),
    ("hvad koster et pas", "hvad koster et pas"),
])
def test_the_message_is_read_without_the_acknowledgement_it_starts_with(text, rest):
    assert without_acknowledgement(text) == rest


def test_a_condition_after_an_acknowledgement_is_still_a_condition():
    assert states_condition("ok tak. og hvis jeg kommer for sent med dem?")
    assert not states_condition("ok tak. hvad koster det")


@pytest.mark.parametrize("text", [
    "hvad er adressen?", "og adressen?", "what's the address?", "what's the phone number?",
    "skal hun tilmelde sig først",
])
def test_words_that_name_only_the_kind_of_fact_asked_name_no_subject(text):
    # "hvad er adressen?" after rehabilitation asks for the training centre's address, not
    # about moving (the classifier's topic for "adresse")
    from muni.answering.follow_up import subject_words

    assert set(subject_words(text)) <= {"tilmelde"}
    assert is_elliptic(text)
