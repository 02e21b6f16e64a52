"""answering/own_name.py: the municipality's own name is taken out of what ties a page or a
topic to a question; every other word stays as written."""

from __future__ import annotations

import pytest

from muni.answering.own_name import own_names, without_own_name
from muni.domain import Tenant

AARHUS = Tenant(1, "aarhus", "Aarhus Kommune", "0751")
VEJLE = Tenant(2, "vejle", "Vejle Kommune", "0630", variables={"kommune_kort": "Vejle"})
LYNGBY = Tenant(3, "lyngby-taarbaek", "Lyngby-Taarbæk Kommune", "0173")


def test_the_place_names_come_from_the_name_the_short_name_and_the_slug():
    assert own_names(AARHUS) == {"århus"}
    assert own_names(Tenant(4, "bornholm", "Bornholms Regionskommune", "0400")) == {
        "bornholms", "bornholm"}
    assert own_names(VEJLE) == {"vejle"}
    assert own_names(LYNGBY) == {"lyngby", "tårbæk"}


@pytest.mark.parametrize("tenant,text,left", [
    (AARHUS, "hvor kan jeg aflevere et bilbatteri i aarhus?",
     "hvor kan jeg aflevere et bilbatteri i ?"),
    (AARHUS, "Hvad koster det i Århus Kommune", "Hvad koster det i Kommune"),
    (AARHUS, "Aarhus' genbrugspladser og Aarhus’ svømmehaller", "genbrugspladser og svømmehaller"),
    (VEJLE, "bor i vejle, hvad koster vejles parkering", "bor i , hvad koster parkering"),
    # a longer word that only begins with the name is another word
    (AARHUS, "er jeg aarhusianer nu", "er jeg aarhusianer nu"),
    (LYNGBY, "storskrald i lyngby", "storskrald i"),
])
def test_the_name_is_taken_out_and_nothing_else(tenant, text, left):
    assert without_own_name(text, tenant) == left


def test_a_place_name_that_is_an_everyday_word_goes_only_with_a_capital():
    vejen = Tenant(5, "vejen", "Vejen Kommune", "0575")
    assert without_own_name("der er et stort hul i vejen", vejen) == "der er et stort hul i vejen"
    assert without_own_name("hvad koster et pas i Vejen", vejen) == "hvad koster et pas i"


def test_a_genitive_name_gives_the_place_too():
    copenhagen = Tenant(6, "kobenhavn", "Københavns Kommune", "0101")
    assert own_names(copenhagen) == {"københavns", "københavn", "kobenhavn"}
    assert without_own_name("storskrald i københavn", copenhagen) == "storskrald i"
    assert own_names(AARHUS) == {"århus"}  # "Aarhus" is no genitive of "Aarhu"


def test_another_municipalitys_name_stays():
    assert without_own_name("jeg flytter fra odense til aarhus", AARHUS) == (
        "jeg flytter fra odense til")
