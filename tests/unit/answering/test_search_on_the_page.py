"""The page the conversation is on: when a message asks more about it (SearchStep), and which
of its sentences a search answer quotes (best_sentences)."""

from __future__ import annotations

from muni.answering.search import SearchGate, SearchStep, best_sentences
from muni.domain import ConversationContext, Question, Tenant
from muni.search.index import Hit
from muni.store.pages import IndexedPassage

TENANT = Tenant(id=1, slug="t", name="T Kommune", municipality_code="0000")
PLAYGROUNDS = "https://www.t.dk/legepladser"
DAYCARE = "https://www.t.dk/pasning"
IDF = {"toilet": 4.7, "skift": 3.6, "sted": 2.7, "vandleg": 5.0, "institution": 4.8}


def page(url: str, text: str) -> IndexedPassage:
    return IndexedPassage(1 if url == PLAYGROUNDS else 2, url, "Side", ("Side",), text, None,
                          None)


PLAYGROUND = page(PLAYGROUNDS, "Byparkens Legeplads: vandleg fra maj til september. "
                               "Toiletter med puslebord.")
SWITCH = page(DAYCARE, "Vil du skifte til en anden institution, så skriv barnet op igen.")


def on_the_page(text: str, hits: list[Hit]) -> bool:
    step = SearchStep(lambda *a: hits, SearchGate((1.0, 0.0, 0.0), 0.0), lambda t: {},
                      lambda q: IDF)
    context = ConversationContext(question="hvilken legeplads har vandleg", page_url=PLAYGROUNDS,
                                  from_page=True)
    return step._on_the_page(Question(TENANT, text, context=context), hits, PLAYGROUNDS)


def test_a_long_message_stays_on_the_page_that_has_its_rare_word_when_the_best_hit_has_none():
    # after the playgrounds: "toiletter" is on their page; the daycare page, first by words,
    # has only "skifte" and "sted", which are common
    daycare_first = [Hit(SWITCH, 1.0, 10.3, 0.8), Hit(PLAYGROUND, 0.9, 5.7, 0.8)]
    assert on_the_page("er der toiletter og et sted at skifte lillesøsters ble?", daycare_first)
    # the best hit sharing a rare word of its own ("institution") is a new subject
    assert not on_the_page("er der toiletter, eller skal vi skifte til en anden institution?",
                           daycare_first)
    # a long message sharing no rare word with the page is left to the search
    assert not on_the_page("hvordan skifter man til en anden børnehave i byen her?",
                           daycare_first)


def test_a_fragment_is_quoted_with_the_sentence_it_finishes():
    text = ("Kommunen har 45 legepladser. Byparkens Legeplads: stor legeplads med vandleg fra "
            "maj til september. Toiletter med puslebord. Naturlegepladsen har en bålplads.")
    quoted = best_sentences(text, "legeplads toiletter", own="er der toiletter")
    assert quoted == ("Byparkens Legeplads: stor legeplads med vandleg fra maj til september. "
                      "Toiletter med puslebord.")
    # a sentence that says what it is about stands with the next best one
    text = ("Hunde skal i snor. Der er toiletter ved indgangen til parken. Parkering er gratis. "
            "Legepladsen er åben hele året.")
    assert best_sentences(text, "toiletter parkering", own="er der toiletter") == (
        "Der er toiletter ved indgangen til parken. Parkering er gratis.")
