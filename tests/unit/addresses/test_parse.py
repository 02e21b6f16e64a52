"""Danish addresses found in a citizen's message, and none in ordinary questions."""

from __future__ import annotations

import pytest

from muni.addresses.parse import find_address


def parts(text: str, expecting: bool = False) -> tuple[str, ...] | None:
    found = find_address(text, expecting)
    if found is None:
        return None
    q, start, end = found
    return (q.street, q.number, q.floor, q.door, q.postcode, q.city, text[start:end])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vestergade 12, 1. th", ("vestergade", "12", "1", "th", "", "", "vestergade 12, 1. th")),
        ("Vestergade 12 5000", ("Vestergade", "12", "", "", "5000", "", "Vestergade 12 5000")),
        (
            "Vestergade 12, 5000 Odense C",
            ("Vestergade", "12", "", "", "5000", "Odense C", "Vestergade 12, 5000 Odense C"),
        ),
        (
            "hans broges gade 4b st tv",
            ("hans broges gade", "4B", "st", "tv", "", "", "hans broges gade 4b st tv"),
        ),
        ("jeg bor paa norregade 3", ("norregade", "3", "", "", "", "", "norregade 3")),
        ("Vestergade 12 1.tv", ("Vestergade", "12", "1", "tv", "", "", "Vestergade 12 1.tv")),
        ("I live at vestergade 12", ("vestergade", "12", "", "", "", "", "vestergade 12")),
        (
            "hvornår bliver mit skrald hentet på vestergade 12?",
            ("vestergade", "12", "", "", "", "", "vestergade 12"),
        ),
        (
            "Hvornår kommer skraldemanden på Vestergade 12?",
            ("Vestergade", "12", "", "", "", "", "Vestergade 12"),
        ),
        (
            "Åboulevarden 5, 8000 Aarhus C",
            ("Åboulevarden", "5", "", "", "8000", "Aarhus C", "Åboulevarden 5, 8000 Aarhus C"),
        ),
        ("Søndergade 3, 2. sal", ("Søndergade", "3", "2", "", "", "", "Søndergade 3, 2. sal")),
        ("vestergade 12 st", ("vestergade", "12", "st", "", "", "", "vestergade 12 st")),
        ("Frederiks Allé 5", ("Frederiks Allé", "5", "", "", "", "", "Frederiks Allé 5")),
        (
            "Vestergade 12, 5000 Odense C. Tak",
            ("Vestergade", "12", "", "", "5000", "Odense C", "Vestergade 12, 5000 Odense C"),
        ),
    ],
)
def test_addresses_in_a_message(text: str, expected: tuple[str, ...]) -> None:
    assert parts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "pas til 2 børn",
        "kl 12",
        "jeg har 3 børn",
        "uge 45",
        "§ 85",
        "hvad koster et pas til 2 børn?",
        "jeg har boet i Danmark 2 år",
        "jeg har boet på vejen i 12 år",
        "min arbejdsplads 3 dage om ugen",
        "åbent til kl 12 på lørdag",
        "hvornår bliver mit skrald hentet",
        "Bispehaven 3",  # no street word: only when an address is expected
        "vejen 12",
        # a word that ends like a street, then an age, a year or a date (a danger message
        # once lost its words to [ADRESSE]: "sælger baby dreng 3 mdr")
        "sælger baby dreng 3 mdr sund og rask",
        "lille dreng 4 mdr har feber",
        "min søn har 3 måneder tilbage af sin uddannelse",
        "indkomstgrænse for friplads 2026",
        "Vi flytter fra Viby til Risskov 1. juni",
        "youth benefit denmark 15 year old",
        "køb en ny seng 2 gange om året",
    ],
)
def test_no_address_in_ordinary_questions(text: str) -> None:
    assert parts(text) is None


def test_a_bare_name_and_number_counts_only_when_an_address_is_expected() -> None:
    assert parts("Bispehaven 3", expecting=True) == (
        "Bispehaven",
        "3",
        "",
        "",
        "",
        "",
        "Bispehaven 3",
    )
    assert parts("Bispehaven 3, 8000", expecting=True)[4] == "8000"  # type: ignore[index]


@pytest.mark.parametrize(
    "text", ["pas til 2 børn", "kl 12", "jeg har 3 børn", "uge 45", "§ 85", "min søn på 12"]
)
def test_expecting_an_address_does_not_make_ordinary_answers_addresses(text: str) -> None:
    assert parts(text, expecting=True) is None


def test_a_street_without_number_when_expected() -> None:
    assert parts("vestergade", expecting=True) == ("vestergade", "", "", "", "", "", "vestergade")
    assert parts("Vestergade, 5000", expecting=True)[4] == "5000"  # type: ignore[index]
    assert parts("vestergade") is None


def test_the_query_repr_hides_the_address() -> None:
    found = find_address("Vestergade 12")
    assert found is not None
    assert "Vestergade" not in repr(found[0])
