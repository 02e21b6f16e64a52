"""Which passage of the best page a search answer quotes, and which of its sentences: a
follow-up's own words (best_sentences), a new message's rare words and its question clause
(closest_to_the_question, closest_sentences)."""

from __future__ import annotations

from muni.answering.passage_choice import (
    best_sentences,
    closest_sentences,
    closest_to_the_question,
)
from muni.search.index import Hit
from muni.store.pages import IndexedPassage


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
