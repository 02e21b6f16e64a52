"""The page the conversation is on: when a message asks more about it (SearchStep), and which
of its sentences a search answer quotes (best_sentences)."""

from __future__ import annotations

from muni.answering.search import (
    SearchGate,
    SearchStep,
    best_sentences,
    closest_sentences,
    closest_to_the_question,
)
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


DEMENTIA = "https://www.t.dk/demens"


def dementia(passage_id: int, text: str) -> IndexedPassage:
    return IndexedPassage(passage_id, DEMENTIA, "Demens", ("Demens",), text, None, None)


POWER = dementia(11, "Det er en god idé at tale om en fremtidsfuldmagt tidligt. Med en "
                     "fremtidsfuldmagt bestemmer du, hvem der skal tage sig af dine ting.")
RELATIVES = dementia(12, "Pårørendegrupper mødes hver anden torsdag. Kursus for pårørende over "
                         "4 aftener om demens. Passer du en nærtstående med demens, kan du søge "
                         "om plejevederlag.")
DAYCARE_DEMENTIA = dementia(13, "Daghjem på hverdage kl. 9-15 med frokost. Det giver også "
                                "pårørende en pause.")
RARE = {"pårør": 4.9, "demens": 4.6, "fremtidsfuldmagt": 5.2, "plejevederlag": 5.6, "tag": 1.6,
        "passe": 3.3, "daghjem": 5.4, "torsdag": 2.5, "frokost": 4.4}
STORY = ("min svigerfar passer min svigermor der har fået demens, og det er ved at tage livet af "
         "ham. findes der kurser for pårørende?")
ASKED = "findes der kurser for pårørende"


def test_a_long_message_quotes_the_passage_its_question_is_about():
    hits = [Hit(POWER, 1.0, 16.1, 0.87), Hit(DAYCARE_DEMENTIA, 0.9, 13.9, 0.86),
            Hit(RELATIVES, 0.8, 12.4, 0.88)]
    assert closest_to_the_question(hits, STORY, ASKED, RARE) == RELATIVES
    # the search's first passage stands when another ties more, but not half as much again:
    # the day centre ties "pårørende" and "frokost" (12.6), the relatives' passage "pårørende"
    # and "torsdag" (8.8)
    day = "hvad med frokost og pårørende om torsdagen"
    relatives_first = [Hit(RELATIVES, 1.0, 16.1, 0.87), Hit(DAYCARE_DEMENTIA, 0.9, 13.9, 0.86)]
    assert closest_to_the_question(relatives_first, day, day, RARE) == RELATIVES
    # half as much again: "plejevederlag" is only on the relatives' passage
    wages = "hvad med plejevederlag og pårørende"
    day_first = [Hit(DAYCARE_DEMENTIA, 1.0, 16.1, 0.87), Hit(RELATIVES, 0.9, 13.9, 0.86)]
    assert closest_to_the_question(day_first, wages, wages, RARE) == RELATIVES
    # a first passage that ties nothing gives way only to a rare word, not to a common one
    assert closest_to_the_question([Hit(POWER, 1.0, 16.1, 0.87), Hit(RELATIVES, 0.9, 9.0, 0.8)],
                                   "hvad sker der om torsdagen", "hvad sker der om torsdagen",
                                   RARE) == POWER
    # passages on other pages are not weighed
    elsewhere = IndexedPassage(14, "https://www.t.dk/kurser", "Kurser", ("Kurser",),
                               "Kursus for pårørende: demens, plejevederlag.", None, None)
    assert closest_to_the_question([Hit(POWER, 1.0, 16.1, 0.87), Hit(elsewhere, 0.9, 9.0, 0.8)],
                                   STORY, ASKED, RARE) == POWER


def test_a_long_message_quotes_the_sentences_its_rare_words_tie():
    assert closest_sentences(RELATIVES.text, STORY, ASKED, RARE) == (
        "Kursus for pårørende over 4 aftener om demens. Passer du en nærtstående med demens, "
        "kan du søge om plejevederlag.")
    # nothing tied: the passage's first sentences
    assert closest_sentences(RELATIVES.text, "hvad med det?", "hvad med det", RARE) == (
        "Pårørendegrupper mødes hver anden torsdag. Kursus for pårørende over 4 aftener om "
        "demens.")
