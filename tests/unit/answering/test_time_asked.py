"""answering/time_asked.py: the readings of a sentence that tell which kind of time it states."""

from __future__ import annotations

from muni.answering.time_asked import (
    kind_nouns_in,
    named_kinds,
    names_the_answer,
    names_the_kind,
    only_how_often,
    states_hours_or_days,
)
from muni.store.pages import IndexedPassage


def passage(heading: str) -> IndexedPassage:
    return IndexedPassage(1, "https://k.dk/side", "Side", ("Side", heading), "", None, None,
                          "2026-09-01", None)


def test_opening_hours_or_calendar_days_but_not_a_deadline_from_now():
    assert states_hours_or_days("Borgerservice har åbent torsdag 10-17.30.")
    assert states_hours_or_days("Lukket 24.-26. december.")
    assert states_hours_or_days("Der er åbent fra 1. april til 30. september.")
    assert not states_hours_or_days("Meld flytning senest 5 dage efter, du er flyttet.")


def test_a_frequency_alone_is_only_how_often():
    assert only_how_often("Du kan få storskrald hentet op til 12 gange om året.", ("duration",))
    assert not only_how_often("Ventetiden er 2-6 år.", ("duration",))
    assert not only_how_often("Her står intet tal.", ("duration",))


def test_the_heading_a_sentence_stands_under_names_the_answer_or_the_kind():
    processing = passage("Sagsbehandlingstid og pris")
    assert names_the_answer(processing, "Enfamiliehuse: ca. 40 dage.")
    assert not names_the_answer(passage("Når du er færdig"), "Meld det færdigt inden 14 dage.")
    nouns = kind_nouns_in("hvor lang ventetid er der på en kolonihave")
    assert nouns and named_kinds(nouns) == {"duration", "date"}
    assert names_the_kind(passage("Venteliste"), "Ventetiden er 2-6 år.", nouns)
    assert not names_the_kind(passage("Overnatning"), "Du må overnatte i huset.", nouns)
    assert kind_nouns_in("hvad er fristen") == frozenset()  # "frist" is left out
