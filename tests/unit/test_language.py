import pytest

from muni.answering.language import detect_language


@pytest.mark.parametrize("text,expected", [
    ("hvad koster et pas", "da"),
    ("How much does a passport cost?", "en"),
    ("hvornaar kommer skraldebilen", "da"),
    ("I need help with my rent deposit", "en"),
    ("pas", "da"),
    ("Wie viel kostet ein Reisepass?", "da"),  # other languages get the Danish default
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
