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
