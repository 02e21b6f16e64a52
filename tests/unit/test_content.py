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
        assert len(set(topic.phrasings)) >= 25, slug
        assert topic.answer.text["da"] and topic.answer.text["en"], slug
        assert topic.answer.links, slug
    assert len(pack.out_of_scope) >= 150


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
    return load_pack(tmp_path / "content")


def test_check_finds_each_kind_of_mistake(broken_pack):
    messages = [f"{f.where}: {f.message}" for f in check_pack(broken_pack)]
    assert any("pas: topic has no content file" in m for m in messages)
    assert any("unknown variable {{ukendt_variabel}}" in m for m in messages)
    assert any("empty URL" in m for m in messages)
    assert any("appears under affald, koerekort" in m for m in messages)


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
