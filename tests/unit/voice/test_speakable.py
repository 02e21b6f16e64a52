"""An answer read aloud has no link clutter: web addresses become the site's name, Markdown
marks go, list items become sentences, phone numbers are read in pairs."""

from __future__ import annotations

import pytest

from muni.voice.speakable import speakable


def test_a_web_address_becomes_the_sites_name() -> None:
    said = speakable("Læs mere på https://www.aarhus.dk/borger/pas-og-id/pas?x=1.")
    assert said == "Læs mere på aarhus.dk."
    assert "http" not in speakable("Se www.odense.dk/affald eller http://example.org")


def test_markdown_marks_go_and_a_link_keeps_its_words() -> None:
    said = speakable("## Pas\nDu skal **møde op** selv. Se [Borgerservice](https://aarhus.dk/bs).")
    assert said == "Pas. Du skal møde op selv. Se Borgerservice."
    assert not any(mark in speakable("*vigtigt* og __meget__ og `kode`") for mark in "*_`")


def test_list_items_are_read_as_sentences() -> None:
    said = speakable("Husk:\n- dit gamle pas\n- et nyt billede\n1. Bestil tid\n2) Mød op")
    assert said == "Husk: Dit gamle pas. Et nyt billede. Bestil tid. Mød op."


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Ring på 89 40 20 00.", "Ring på 89, 40, 20, 00."),
        ("Ring på 89402000.", "Ring på 89, 40, 20, 00."),
        ("Ring på +45 89 40 20 00.", "Ring på plus 45, 89, 40, 20, 00."),
    ],
)
def test_phone_numbers_are_read_in_pairs(text: str, said: str) -> None:
    assert speakable(text) == said


def test_amounts_dates_and_kr_are_left_alone() -> None:
    text = "Et pas koster 893 kr. Det er 1.234,50 kr. fra 1. januar 2026."
    assert speakable(text) == text


def test_nothing_but_clutter_gives_nothing() -> None:
    assert speakable("  \n- \n**") == ""


def test_quote_marks_are_not_read_and_a_menu_arrow_is_a_pause() -> None:
    assert speakable("På siden står der: «Et pas koster 893 kr.»\nDu spurgte også om «Pas». "
                     "Vælg det.") == (
        "På siden står der: Et pas koster 893 kr. Du spurgte også om Pas. Vælg det.")
    assert speakable("Vælg Borger » Affald og genbrug") == "Vælg Borger, Affald og genbrug."
    assert speakable("You also asked about “Passport”. Choose it.") == (
        "You also asked about Passport. Choose it.")
