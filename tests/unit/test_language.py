import pytest

from muni.answering.language import detect_language


@pytest.mark.parametrize("text,expected", [
    ("hvad koster et pas", "da"),
    ("How much does a passport cost?", "en"),
    ("hvornaar kommer skraldebilen", "da"),
    ("I need help with my rent deposit", "en"),
    ("pas", "da"),
    ("Wie viel kostet ein Reisepass?", "da"),  # other languages get the Danish default
    # English questions that name a Danish term stay English
    ("I'm going back to India for 4 months. Will I lose my boligstøtte while I'm away?", "en"),
    ("What does a certificate of residence (bopælsattest) cost?", "en"),
    ("How do I book a time at Borgerservice in Århus?", "en"),
    # Danish with English words mid-sentence stays Danish
    ("har lige fået en ny iphone, how do I move mitid over på den nye?", "da"),
    ("min læge går på pension til sommer, so what happens to me then?", "da"),
    ("jeg har stomi og the bags are really expensive, kan kommunen hjælpe", "da"),
    ("åbningstider?", "da"),
])
def test_detect_language(text, expected):
    assert detect_language(text) == expected


def test_a_message_that_reads_as_neither_keeps_the_conversations_language():
    assert detect_language("and for kids?") == "en"
    assert detect_language("ok, 190?", previous="en") == "en"
    assert detect_language("ok, 190?") == "da"  # a first message: the Danish default
    assert detect_language("pas til børn", previous="en") == "da"  # æøå: Danish
    assert detect_language("hvad koster det", previous="en") == "da"
    assert detect_language("how much is it", previous="da") == "en"
