"""The real content pack is complete, and `content check` finds each kind of mistake."""

import shutil
from pathlib import Path

import pytest
import yaml

from muni.config import REPO_ROOT
from muni.content.answer_book import AnswerBook
from muni.content.check import check_pack, check_tenant
from muni.content.loader import load_pack, load_taxonomy, write_pack
from muni.content.render import render
from muni.domain import Tenant
from muni.tenancy import load_tenants

CONTENT = REPO_ROOT / "content"


@pytest.fixture(scope="module")
def pack():
    return load_pack(CONTENT)


def test_pack_covers_the_shared_taxonomy(pack):
    _areas, shared = load_taxonomy(REPO_ROOT.parent / "shared" / "taxonomy.yaml") \
        if (REPO_ROOT.parent / "shared" / "taxonomy.yaml").exists() else load_taxonomy(
            CONTENT / "taxonomy.yaml")
    assert {t.slug for t in shared} == set(pack.topics)
    assert len(pack.topics) == 62


def test_every_topic_has_enough_phrasings_and_answers(pack):
    for slug, topic in pack.topics.items():
        assert len(set(topic.all_phrasings())) >= 25, slug
        assert len(set(topic.phrasings)) >= 8, slug  # general questions for the overview
        assert topic.answer.text["da"] and topic.answer.text["en"], slug
        assert topic.answer.links, slug
    assert len(pack.out_of_scope) >= 150


def test_question_level_answers(pack):
    """At least 500 sub-answers, about 8 a topic on average, each answering in Danish and
    English with at least 8 phrasings of its own."""
    assert pack.sub_answer_count() >= 500
    assert pack.sub_answer_count() / len(pack.topics) >= 8
    for slug, topic in pack.topics.items():
        for sub in topic.sub_answers:
            assert sub.answer.text["da"] and sub.answer.text["en"], (slug, sub.id)
            assert len(set(sub.phrasings)) >= 8, (slug, sub.id)


def test_every_fact_has_a_source_and_a_date(pack):
    facts = [v for v in pack.variables().values() if v.is_fact and v.default]
    stated = [v for v in facts if any(c.isdigit() for c in v.default or "")]
    assert len(stated) >= 200
    for spec in stated:
        assert spec.source and spec.source.startswith("https://"), spec.name
        assert spec.as_of and len(spec.as_of) == 10, spec.name
    for tenant in load_tenants(REPO_ROOT / "tenants"):
        for name in tenant.variables:
            spec = pack.variables().get(name)
            if spec is not None and spec.is_fact and name not in ("kommune_navn", "kommune_kort"):
                assert tenant.provenance.get(name, {}).get("source"), (tenant.slug, name)
                assert tenant.provenance.get(name, {}).get("as_of"), (tenant.slug, name)


def test_real_pack_and_tenants_have_no_errors(pack):
    findings = check_pack(pack)
    for tenant in load_tenants(REPO_ROOT / "tenants"):
        findings += check_tenant(pack, tenant)
    assert [f for f in findings if f.level == "error"] == []


def test_demo_tenants_override_at_least_ten_topics():
    tenants = {t.slug: t for t in load_tenants(REPO_ROOT / "tenants")}
    assert {"aarhus", "odense", "vejle"} <= set(tenants)
    for tenant in tenants.values():
        assert len(tenant.overrides) >= 10, tenant.slug


@pytest.fixture
def broken_pack(tmp_path: Path):
    shutil.copytree(CONTENT, tmp_path / "content")
    topics = tmp_path / "content" / "topics"
    (topics / "pas.yaml").unlink()
    data = yaml.safe_load((topics / "affald.yaml").read_text())
    data["answer"]["da"] += " Ring {{ukendt_variabel}}."
    data["links"][0]["url"] = ""
    data["phrasings"].append("hvad koster et kørekort")
    (topics / "affald.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    koerekort = yaml.safe_load((topics / "koerekort.yaml").read_text())
    koerekort["phrasings"].append("Hvad koster et koerekort?")
    (topics / "koerekort.yaml").write_text(yaml.safe_dump(koerekort, allow_unicode=True))
    (tmp_path / "content" / "nlu.yaml").write_text("acept: 0.8\nswitch_topic: 6\n")
    return load_pack(tmp_path / "content")


def test_check_finds_each_kind_of_mistake(broken_pack):
    messages = [f"{f.where}: {f.message}" for f in check_pack(broken_pack)]
    assert any("content/nlu.yaml: unknown threshold 'acept'" in m for m in messages)
    assert any("content/nlu.yaml: switch_topic = 6.0 is not between" in m for m in messages)
    assert any("pas: topic has no content file" in m for m in messages)
    assert any("unknown variable {{ukendt_variabel}}" in m for m in messages)
    assert any("empty URL" in m for m in messages)
    assert any("appears under affald, koerekort" in m for m in messages)


@pytest.fixture
def broken_facts(tmp_path: Path):
    shutil.copytree(CONTENT, tmp_path / "content")
    topics = tmp_path / "content" / "topics"
    data = yaml.safe_load((topics / "sfo.yaml").read_text())
    data["answer"]["da"] += (" Pladsen koster 1.950 kr. om måneden, og du skal melde fra senest "
                             "14 dage før.")
    sub = data["sub_answers"][0]
    sub["phrasings"] = sub["phrasings"][:3]
    sub["answer"].pop("en")
    sub["quick_replies"] = [{"da": "Videre", "en": "Next", "sub": "findes-ikke"}]
    data["variables"]["ny_pris"] = {"description": "x", "kind": "amount", "scope": "national",
                                    "default": "100 kr."}
    data["variables"]["ny_frist"] = {"description": "x", "kind": "duration", "scope": "national",
                                     "default": "5 dage", "source": "https://x.dk",
                                     "as_of": "2020-01-01"}
    data["variables"]["dansk_tekst"] = {"description": "x", "kind": "text",
                                        "default": "se det på kommunens hjemmeside"}
    data["answer"]["en"] += " Price: {{ny_pris}}, deadline {{ny_frist}}, {{dansk_tekst}}."
    (topics / "sfo.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    return load_pack(tmp_path / "content")


def test_check_finds_fact_and_sub_answer_mistakes(broken_facts):
    from datetime import date

    findings = check_pack(broken_facts, today=date(2026, 11, 28))
    messages = [f"{f.level} {f.where}: {f.message}" for f in findings]
    assert any("fact written as text (da): '1.950 kr'" in m for m in messages), messages
    assert any("'senest 14 dage'" in m for m in messages)
    assert any("(ny_pris): a fact needs a source URL and an as_of date" in m for m in messages)
    assert any(m.startswith("warning") and "(ny_frist)" in m and "12 months" in m
               for m in messages)
    assert any("{{dansk_tekst}} is Danish" in m for m in messages)
    assert any("only 3 phrasings" in m for m in messages)
    assert any("no en answer" in m for m in messages)
    assert any("unknown sub-answer findes-ikke" in m for m in messages)


def test_render_keeps_one_full_stop_after_a_value_ending_in_an_abbreviation():
    assert render("Et pas koster {{pris}}. Har du ...", {"pris": "893 kr."}) == (
        "Et pas koster 893 kr. Har du ...")
    assert render("Pris: {{pris}}", {"pris": "893 kr."}) == "Pris: 893 kr."


def test_render_nested_variables_and_gaps():
    values = {"hjemmeside": "https://x.dk", "url_a": "{{hjemmeside}}/a"}
    assert render("Se {{ url_a }}.", values) == "Se https://x.dk/a."
    assert render("Ring {{mangler}}.", values) == "Ring ."


def test_local_override_and_local_facts(pack):
    tenants = {t.slug: t for t in load_tenants(REPO_ROOT / "tenants")}
    topic = next(iter(tenants["aarhus"].overrides))
    book = AnswerBook(pack, {1: tenants["aarhus"].overrides})
    aarhus = Tenant(1, "aarhus", "Aarhus Kommune", "0751", variables=tenants["aarhus"].variables)
    vejle = Tenant(2, "vejle", "Vejle Kommune", "0630", variables=tenants["vejle"].variables)
    local = book.answer(aarhus, topic, "da")
    shared = book.answer(vejle, topic, "da")
    assert local.text != shared.text
    assert local.sources[0].ref == f"{topic}@aarhus"
    assert "{{" not in local.text and "{{" not in shared.text
    contact = AnswerBook(pack, {}).answer(aarhus, "kontakt", "da")
    assert "89 40 20 00" in contact.text and "Dokk1" in contact.text
    assert contact.links[0].url == "https://aarhus.dk/kontakt"


def test_write_pack_round_trip(pack, tmp_path):
    write_pack(pack, tmp_path / "out")
    again = load_pack(tmp_path / "out")
    assert again.topics == pack.topics
    assert again.out_of_scope == pack.out_of_scope


def test_check_finds_a_tenants_unknown_threshold(pack):
    from dataclasses import replace

    aarhus = next(t for t in load_tenants(REPO_ROOT / "tenants") if t.slug == "aarhus")
    nlu = {"accpet": 0.7, "accept": 0.7, "intent_gate": 1.1}  # models are shared
    findings = check_tenant(pack, replace(aarhus, nlu=nlu))
    known = ("accept, asks_boost, authority_override, clarify_floor, clarify_margin, "
             "estimate_open_from, estimate_open_to, likely_topic, sub_accept, sub_clarify_floor, "
             "sub_clarify_margin, switch_topic, "
             "switch_topic_back")
    assert [f"{f.where}: {f.message}" for f in findings if f.level == "error"] == [
        f"tenants/aarhus.yaml (nlu): unknown threshold 'accpet' (known: {known})",
        f"tenants/aarhus.yaml (nlu): unknown threshold 'intent_gate' (known: {known})",
    ]


def test_a_training_pin_changes_the_fingerprint_a_threshold_does_not(pack):
    from dataclasses import replace

    from muni.store.content import pack_fingerprint

    base = pack_fingerprint(replace(pack, thresholds={}))
    assert pack_fingerprint(replace(pack, thresholds={"accept": 0.7})) == base
    assert pack_fingerprint(replace(pack, thresholds={"intent_weight": 0.4})) != base
    assert pack_fingerprint(replace(pack, thresholds={"intent_gate": 1.1})) != base


def test_check_bounds_probabilities_and_weights_apart():
    from muni.content.check import threshold_findings

    found = threshold_findings(
        {"accept": 1.3, "asks_boost": 3.0, "intent_weight": 1.5, "sub_accept": 0.4}, "here"
    )
    assert [f.message for f in found] == [
        "accept = 1.3 is not between 0 and 1.01",
        "intent_weight = 1.5 is not between 0 and 1.01",
    ]
    assert [f.message for f in threshold_findings({"asks_boost": 0.0}, "here")] == [
        "asks_boost = 0.0 is not positive"
    ]
    # the gate is a gap between margins: above 1 is usual, below 0 is impossible
    assert threshold_findings({"intent_gate": 1.03}, "here") == []
    assert [f.message for f in threshold_findings({"intent_gate": -0.1}, "here")] == [
        "intent_gate = -0.1 is negative"
    ]


def test_a_link_to_a_page_in_english_only_is_shown_with_english_answers_only(pack):
    aarhus = Tenant(1, "aarhus", "Aarhus Kommune", "0751")
    book = AnswerBook(pack, {})
    english_only = "https://lifeindenmark.borger.dk"
    danish = book.answer(aarhus, "folkepension", "da")
    english = book.answer(aarhus, "folkepension", "en")
    assert english_only not in [link.url for link in danish.links]
    assert english_only in [link.url for link in english.links]
    assert [link.url for link in danish.links] == [
        link.url for link in english.links if link.url != english_only
    ]


def test_a_links_language_survives_the_round_trip_and_a_wrong_one_is_an_error(pack, tmp_path):
    from dataclasses import replace

    from muni.content.model import LinkSpec

    write_pack(pack, tmp_path / "out")
    again = load_pack(tmp_path / "out")
    assert [link.language for link in again.topics["folkepension"].answer.links].count("en") == 1
    topic = pack.topics["folkepension"]
    wrong = LinkSpec({"da": "Side på tysk"}, "https://example.org", language="de")  # type: ignore[arg-type]
    broken = replace(topic, answer=replace(topic.answer, links=(wrong,)))
    broken_pack = replace(pack, topics={**pack.topics, "folkepension": broken})
    messages = [f.message for f in check_pack(broken_pack)]
    assert "link 1: language must be da or en, not de" in messages
