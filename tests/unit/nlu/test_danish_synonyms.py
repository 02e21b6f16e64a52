"""The pages' words for a Danish question's everyday words, from the content pack's list."""

import re
from pathlib import Path

import pytest

from muni.nlu.danish_synonyms import DanishSynonyms

ROOT = Path(__file__).resolve().parents[3]
CONTENT = ROOT / "content"

SYNONYMS = DanishSynonyms(
    {
        "raket": "fyrværkeri",
        "skyde af": "fyre af",
        "skraldespand": "affaldsbeholder beholder",
        "skrald": "affald",
        "p-plads": "parkeringsplads parkering",
    }
)


def test_every_form_of_a_listed_word_finds_the_pages_words():
    # the stemmer cuts "raket" to "rak" but "raketter" to "raket": the lemma joins them
    for text in ("en raket", "raketter", "raketterne", "RAKETTEN!"):
        assert SYNONYMS.page_words(text) == "fyrværkeri", text
    assert SYNONYMS.page_words("hvor skal skraldespanden stå") == "affaldsbeholder beholder"
    assert SYNONYMS.page_words("er der en p-plads ved stranden") == "parkeringsplads parkering"


def test_a_phrase_matches_in_order_and_each_is_given_once():
    assert SYNONYMS.page_words("må vi skyde af i haven") == "fyre af"
    assert SYNONYMS.page_words("af skyde") == ""
    assert SYNONYMS.page_words("raketter og flere raketter og skrald") == "fyrværkeri affald"


def test_a_word_is_matched_as_a_whole_word_not_inside_another():
    assert SYNONYMS.page_words("skraldespand") == "affaldsbeholder beholder"  # not "affald"
    assert SYNONYMS.page_words("raketmotor og skraldebøtte") == ""
    assert SYNONYMS.page_words("") == ""
    assert DanishSynonyms({}).page_words("raketter") == ""


def test_a_missing_list_has_no_words_and_a_malformed_one_is_refused(tmp_path):
    assert DanishSynonyms.load(tmp_path / "none.yaml").page_words("raketter") == ""
    bad = tmp_path / "bad.yaml"
    bad.write_text("terms:\n  raket: [fyrværkeri]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="terms"):
        DanishSynonyms.load(bad)


def test_the_content_packs_list_loads_and_uses_the_pages_own_words():
    synonyms = DanishSynonyms.load(CONTENT / "synonyms_da.yaml")
    assert synonyms.page_words("hvornår må man skyde raketter af") == "fyrværkeri"
    assert "svømmehal" in synonyms.page_words("hvad koster det at gå til svømning")
    pages = " ".join(p.read_text(encoding="utf-8").lower()
                     for p in (ROOT / "demo_site" / "pages").rglob("*.html"))
    answers = " ".join(p.read_text(encoding="utf-8").lower()
                       for p in (CONTENT / "topics").glob("*.yaml"))
    known = set(re.findall(r"\w+", pages + " " + answers))
    for _key, words in synonyms.terms:
        for word in words.split():
            assert word in known, f"{word!r} is on no demo page and in no topic answer"
    # generic words name no subject: they would tie every page
    given = {w for _key, words in synonyms.terms for w in words.split()}
    assert not given & {"pris", "åbent", "hjælp", "ansøg", "ansøge", "kommune", "tid"}


def test_a_reflexive_particle_verb_is_the_pages_joined_verb_and_reporting_someone_is_not():
    synonyms = DanishSynonyms.load(CONTENT / "synonyms_da.yaml")
    assert synonyms.page_words("hvornår skal hun senest melde sig til") == "tilmelde"
    assert synonyms.page_words("hvordan melder jeg mig til") == "tilmelde"
    assert synonyms.page_words("kan jeg melde hende til kommunen, hun passer ikke sine børn") == ""
