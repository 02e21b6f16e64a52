"""Register matching: case, æ/ø/å spelled ae/oe/aa, small typos, words before the street,
postcode and town, floor and door; the demo registers have what the demo needs."""

from __future__ import annotations

from pathlib import Path

import pytest

from muni.addresses.match import best_matches, normalise, street_score
from muni.config import REPO_ROOT
from muni.connectors.address_register import AddressRegister, read_register
from muni.connectors.values import Address, AddressQuery
from muni.domain import Tenant

ADDRESSES = [
    Address("1", "Vestergade", "12", "8000", "Aarhus C", "0751"),
    Address("2", "Vesterbrogade", "12", "8000", "Aarhus C", "0751"),
    Address("3", "Nørregade", "3", "8000", "Aarhus C", "0751"),
    Address("4", "Åboulevarden", "25", "8000", "Aarhus C", "0751"),
    Address("5", "Hans Broges Gade", "4B", "8000", "Aarhus C", "0751"),
    Address("6", "Skolevej", "2", "8260", "Viby J", "0751"),
    Address("7", "Skolevej", "2", "8361", "Hasselager", "0751"),
    Address("8", "Tårnvej", "5", "8000", "Aarhus C", "0751", floor="1", door="th"),
    Address("9", "Tårnvej", "5", "8000", "Aarhus C", "0751", floor="1", door="tv"),
]


def ids(query: AddressQuery) -> list[str]:
    return [a.id for a in best_matches(query, ADDRESSES, 8)]


def test_normalise() -> None:
    assert normalise("Åboulevarden") == normalise("aaboulevarden")
    assert normalise("Nørregade") == normalise("NOERREGADE")
    assert normalise("Hans Broges Gade") == normalise("hans-broges gade")


@pytest.mark.parametrize(
    ("street", "number", "expected"),
    [
        ("vestergade", "12", ["1"]),
        ("VESTERGADE", "12", ["1"]),
        ("vestregade", "12", ["1"]),  # two letters swapped
        ("vestergde", "12", ["1"]),  # a letter missing
        ("norregade", "3", ["3"]),  # ø as o
        ("noerregade", "3", ["3"]),  # ø as oe
        ("aaboulevarden", "25", ["4"]),  # å as aa
        ("hans broges gade", "4b", ["5"]),
        ("skrald hentet vestergade", "12", ["1"]),  # words before the street
        ("Ukendtvej", "12", []),
        ("vestergade", "13", []),
    ],
)
def test_tolerant_street_matching(street: str, number: str, expected: list[str]) -> None:
    assert ids(AddressQuery(street, number)) == expected


def test_the_nearest_spelling_wins_over_a_near_miss() -> None:
    assert street_score("vestergade", "Vestergade") == 0
    assert ids(AddressQuery("vesterbrogade", "12")) == ["2"]


def test_postcode_town_floor_and_door() -> None:
    assert ids(AddressQuery("skolevej", "2")) == ["6", "7"]
    assert ids(AddressQuery("skolevej", "2", postcode="8361")) == ["7"]
    assert ids(AddressQuery("skolevej", "2", city="Hasselager")) == ["7"]
    assert ids(AddressQuery("tårnvej", "5", floor="1", door="tv")) == ["9"]
    assert ids(AddressQuery("tårnvej", "5")) == ["8", "9"]


def test_without_a_house_number_every_number_on_the_street() -> None:
    assert ids(AddressQuery("skolevej")) == ["6", "7"]


@pytest.mark.parametrize("slug", ["aarhus", "odense", "vejle"])
def test_the_demo_registers(slug: str) -> None:
    path = REPO_ROOT / "tenants" / "addresses" / f"{slug}.csv"
    addresses = read_register(path)
    assert len(addresses) >= 30
    assert len({a.id for a in addresses}) == len(addresses)
    streets: dict[str, set[str]] = {}
    for a in addresses:
        streets.setdefault(a.street, set()).add(a.postcode)
    assert any(len(codes) >= 2 for codes in streets.values())  # one street, two postcodes
    assert max(sum(a.street == s for a in addresses) for s in streets) >= 20
    assert {a.municipality_code for a in addresses} == {
        {"aarhus": "0751", "odense": "0461", "vejle": "0630"}[slug]
    }


def test_the_register_names_another_municipalitys_address(tmp_path: Path) -> None:
    register = AddressRegister(REPO_ROOT / "tenants" / "addresses")
    aarhus = Tenant(1, "aarhus", "Aarhus Kommune", "0751")
    found = register.find(aarhus, AddressQuery("Kongensgade", "3"))
    assert [(a.city, a.municipality_code) for a in found] == [("Odense C", "0461")]
    assert register.find(aarhus, AddressQuery("Vestergade", "12"))[0].city == "Aarhus C"


def test_a_semicolon_register_and_a_missing_column(tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(
        "id;vejnavn;husnr;postnr;postnrnavn;kommunekode\nx;Bakkevej;7;8000;Aarhus C;751\n"
    )
    assert read_register(good) == [Address("x", "Bakkevej", "7", "8000", "Aarhus C", "0751")]
    bad = tmp_path / "bad.csv"
    bad.write_text("id,vejnavn\nx,Bakkevej\n")
    with pytest.raises(ValueError, match="husnr"):
        read_register(bad)
