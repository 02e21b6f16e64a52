"""The Danish words for an English question's subjects, from the glossary."""

from pathlib import Path

import pytest

from muni.nlu.english_terms import EnglishTerms

CONTENT = Path(__file__).resolve().parents[3] / "content"

TERMS = EnglishTerms(
    {
        "swimming pool": "svømmehal svømmehallen",
        "pool": "pool",
        "battery": "batterier",
        "box": "pap",
        "digging permit": "gravetilladelse",
        "Recycling Centre": "genbrugsplads",
    }
)


def test_the_longest_phrase_wins_and_each_term_is_given_once():
    assert TERMS.danish("How much is the swimming pool?") == "svømmehal svømmehallen"
    assert (
        TERMS.danish("swimming pool or the other swimming pool, and the digging permit")
        == "svømmehal svømmehallen gravetilladelse"
    )


def test_plural_forms_of_the_last_word_are_found():
    assert TERMS.danish("old batteries and cardboard boxes") == "batterier pap"
    assert TERMS.danish("two swimming pools") == "svømmehal svømmehallen"
    assert TERMS.danish("recycling centres near me") == "genbrugsplads"


def test_text_without_known_terms_gives_nothing():
    assert TERMS.danish("can we make a campfire") == ""
    assert EnglishTerms({}).danish("swimming pool") == ""


def test_a_missing_glossary_has_no_terms_and_a_malformed_one_is_refused(tmp_path):
    assert EnglishTerms.load(tmp_path / "none.yaml").danish("swimming pool") == ""
    bad = tmp_path / "bad.yaml"
    bad.write_text("terms:\n  pool: [svømmehal]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="terms"):
        EnglishTerms.load(bad)


def test_the_content_packs_glossary_loads_and_names_subjects_in_danish():
    glossary = EnglishTerms.load(CONTENT / "glossary_en_da.yaml")
    assert len(glossary.terms) >= 200
    assert "svømmehal" in glossary.danish("a ticket for the swimming pool")
    assert "gravetilladelse" in glossary.danish("the fee for a digging permit")
    # generic words name no subject: they would tie every page
    for generic in ("apply", "help", "price", "fee", "time", "open", "cost", "when", "where"):
        assert generic not in glossary.terms
