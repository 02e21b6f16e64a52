"""Indexing embeds only what is new, each distinct text once, in as few calls as possible;
on SQLite and PostgreSQL. Migration 0009 adds its search columns on PostgreSQL only."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import inspect

from muni.crawl.embed import embed_missing
from muni.search.backends import make_index
from muni.store.database import Database
from muni.store.pages import PageRepository
from muni.store.tenants import TenantRepository
from muni.tenancy import tenant_from_dict
from tests.unit.test_classifier import HashEmbedder

COOKIES = "Vi bruger cookies til statistik. Du kan altid trække dit samtykke tilbage."


class Counting(HashEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[list[str]] = []

    def embed_passages(self, texts):  # type: ignore[no-untyped-def]
        self.calls.append(list(texts))
        return self.embed(texts)


def _page(repo: PageRepository, n: int, body: str) -> None:
    title = f"Side {n}"
    repo.save(f"https://k.dk/{n}", title, ("Forside", title), None, None, f"h{n}-{body}", (),
              None, [((title,), body, None), ((title, "Cookies"), COOKIES, None)],
              passage_facts=[[(body, ("price",))], []])


@pytest.fixture
def site(db: Database):  # type: ignore[no-untyped-def]
    with db.session() as session:
        tenant = TenantRepository(session).upsert(tenant_from_dict(
            {"slug": "k", "name": "K Kommune", "municipality_code": "1"}))
        repo = PageRepository(session, tenant)
        for n in range(4):
            _page(repo, n, f"Side {n} handler om emne nummer {n} og koster {n}00 kr.")
    return db, tenant


def _vectors(db: Database, tenant) -> dict[tuple[str, str], np.ndarray]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return {(p.url, p.text): p.embedding for p in PageRepository(session, tenant).passages()}


def test_boilerplate_is_embedded_once_and_everything_in_one_call(site):
    db, tenant = site
    embedder = Counting()
    assert embed_missing(db, tenant, embedder) == 8 + 4  # passages, then fact sentences
    [passages_call] = embedder.calls  # the fact sentences are whole passages: reused
    assert len(passages_call) == 4 + 1  # 4 own texts, the cookie notice once, without a title
    assert "Cookies: " + COOKIES in passages_call
    vectors = _vectors(db, tenant)
    cookie = [v for (_, text), v in vectors.items() if text == COOKIES]
    assert len(cookie) == 4 and all(np.array_equal(cookie[0], v) for v in cookie)
    assert all(v is not None for v in vectors.values())
    assert embed_missing(db, tenant, embedder) == 0 and len(embedder.calls) == 1


def test_a_changed_page_embeds_only_its_changed_passage(site):
    db, tenant = site
    embed_missing(db, tenant, Counting())
    before = _vectors(db, tenant)
    with db.session() as session:
        repo = PageRepository(session, tenant)
        _page(repo, 1, "Side 1 handler nu om noget helt andet.")
        _page(repo, 9, "En ny side om hundeskove.")  # new page: its cookie notice is known
    embedder = Counting()
    embed_missing(db, tenant, embedder)
    assert [sorted(call) for call in embedder.calls] == [sorted(
        ["Side 1: Side 1 handler nu om noget helt andet.", "Side 9: En ny side om hundeskove."])]
    after = _vectors(db, tenant)
    assert np.array_equal(after[("https://k.dk/1", COOKIES)], before[("https://k.dk/1", COOKIES)])
    assert np.array_equal(after[("https://k.dk/9", COOKIES)], before[("https://k.dk/0", COOKIES)])


def test_search_columns_only_on_postgresql(db: Database):
    columns = {c["name"] for c in inspect(db.engine).get_columns("passages")}
    if db.engine.dialect.name == "postgresql":
        assert {"stems", "terms", "vec"} <= columns
    else:
        assert not {"stems", "terms", "vec"} & columns
        with pytest.raises(ValueError, match="PostgreSQL"):
            make_index("postgres", db, None)
    with pytest.raises(ValueError, match="unknown search backend"):
        make_index("elastic", db, None)
