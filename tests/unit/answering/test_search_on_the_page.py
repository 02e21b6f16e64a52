"""The page the conversation is on: when a message asks more about it (SearchStep)."""

from __future__ import annotations

from muni.answering.search import SearchGate, SearchStep
from muni.answering.state import TurnState
from muni.domain import ConversationContext, Question, Tenant
from muni.search.index import Hit
from muni.store.pages import IndexedPassage

TENANT = Tenant(id=1, slug="t", name="T Kommune", municipality_code="0000")
PLAYGROUNDS = "https://www.t.dk/legepladser"
DAYCARE = "https://www.t.dk/pasning"
IDF = {"toilet": 4.7, "skift": 3.6, "sted": 2.7, "vandleg": 5.0, "institution": 4.8,
       "weekend": 4.6, "kom": 1.2, "samtal": 4.9}


def page(url: str, text: str) -> IndexedPassage:
    return IndexedPassage(1 if url == PLAYGROUNDS else 2, url, "Side", ("Side",), text, None,
                          None)


PLAYGROUND = page(PLAYGROUNDS, "Byparkens Legeplads: vandleg fra maj til september. "
                               "Toiletter med puslebord.")
SWITCH = page(DAYCARE, "Vil du skifte til en anden institution, så skriv barnet op igen.")


def on_the_page(text: str, hits: list[Hit], whole: tuple[IndexedPassage, ...] = ()) -> bool:
    looked_up: list[str] = []

    def lookup(question: Question, url: str) -> list[IndexedPassage]:
        looked_up.append(url)
        return [p for p in whole if p.url == url]

    step = SearchStep(lambda *a: hits, SearchGate((1.0, 0.0, 0.0), 0.0), lambda t: {},
                      lambda q: IDF, page=lookup)
    context = ConversationContext(question="hvilken legeplads har vandleg", page_url=PLAYGROUNDS,
                                  from_page=True)
    question = Question(TENANT, text, context=context)
    found = step._on_the_page(question, TurnState(), hits, PLAYGROUNDS)
    # the page is looked up only when no hit is on it
    assert looked_up == ([] if any(h.passage.url == PLAYGROUNDS for h in hits) else [PLAYGROUNDS])
    return found


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


JOBCENTRE = page("https://www.t.dk/jobcenter", "Kan du ikke komme til en samtale, så meld afbud.")
RELIEF = page(PLAYGROUNDS, "Aflastning i en weekend eller en uge på et plejecenter.")


def test_a_page_none_of_the_hits_is_on_is_read_whole():
    # "kan hun komme vaek en weekend" after the relief: the job centre is first by words, with
    # only the common "komme"; the page the conversation is on has "weekend"
    jobcentre_only = [Hit(JOBCENTRE, 1.0, 8.7, 0.8)]
    assert on_the_page("kan hun komme vaek en weekend saa han kan faa luft?", jobcentre_only,
                       (RELIEF,))
    # the best hit sharing a rare word of its own ("samtale") is a new subject
    assert not on_the_page("kan jeg flytte en samtale til en weekend?", jobcentre_only,
                           (RELIEF,))
    # no rare word of the message on the page: the search decides
    assert not on_the_page("kan hun komme med til det?", jobcentre_only, (RELIEF,))
