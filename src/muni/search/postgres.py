"""A PassageIndex in PostgreSQL, shared by every worker: pgvector for meaning, GIN for words.

Each passage gets three columns (migration 0009, PostgreSQL only): `stems` (muni's Danish
tokens of its title, headings and text, space-separated), `terms` (a tsvector generated from
them, GIN-indexed) and `vec` (its e5 embedding, HNSW-indexed for cosine distance); each fact
sentence gets `vec`. A worker fills them for new rows when it sees a tenant's search version
move on (and `forget` does it right after a crawl), so the crawler writes exactly what it
writes on SQLite.

A question runs two ranked queries per tenant: the nearest passages by cosine distance, and
the passages sharing a token with the question (GIN), rescored with the same BM25 as the
in-process index from their stored stems and the tenant's document frequencies (counted once
per search version into `search_frequencies`; a worker keeps the last CACHED_TENANTS tenants'
in memory); the two rankings are fused by reciprocal rank as in HybridIndex. Nothing per
passage stays in the worker's memory. See docs/adr/0013-passage-index-in-postgresql.md.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import text

from muni.domain import Tenant
from muni.nlu.classifier import query_text
from muni.nlu.embedder import Embedder
from muni.nlu.tokens import stems
from muni.nlu.vectors import together
from muni.search import tenant_indexes
from muni.search.bm25 import query_stems
from muni.search.index import (
    RRF_K,
    TOPIC_EXTRA,
    VERSION_CHECK_SECONDS,
    FactHit,
    Hit,
    leads_in_meaning,
)
from muni.search.tenant_indexes import tenant_literal
from muni.store.database import Database
from muni.store.pages import IndexedPassage, PageRepository, indexed_passage

CANDIDATES = 100  # passages fetched from each ranking before fusion
EXACT_UP_TO = 2000  # passages: a smaller site has every passage with a question token scored
COMMON_SHARE = 0.1  # larger: a token on more of its passages is not looked up in the GIN index
FACT_CANDIDATES = 200  # nearest fact sentences looked at for `facts`
CACHED_TENANTS = 8  # tenants whose document frequencies a worker keeps in memory (LRU)
EF_SEARCH = 100  # HNSW candidate list; iterative scan goes on until a tenant's rows are found
K1, B = 1.2, 0.75  # BM25, as in search/bm25.py
REFRESH_BATCH = 500


def vector_literal(vector: np.ndarray) -> str:
    return "[" + ",".join(f"{float(x):.7g}" for x in vector) + "]"


def tsquery_of(tokens: list[str]) -> str:
    """Tokens as a tsquery matching any of them, each lexeme taken as it is."""
    quoted = ("'" + t.replace("\\", "\\\\").replace("'", "''") + "'" for t in tokens)
    return " | ".join(quoted)


def document(title: str, heading_path: list[str] | None, body: str) -> str:
    # the same text BM25 indexes in memory (search/index.py `_document`)
    return " ".join([title, *(heading_path or [])[1:], body])


@dataclass
class _Frequencies:
    version: int
    passages: int
    average_length: float
    idf: dict[str, float]


@dataclass
class _State:
    version: int
    checked: float


# for this transaction: a filtered HNSW scan goes on until enough of the tenant's rows are found
_HNSW_SETTINGS = text(
    "SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true), "
    "set_config('hnsw.ef_search', :ef, true)"
)

# for the rest of this transaction: whether plain index scans may be planned
_INDEX_SCANS = text("SELECT set_config('enable_indexscan', :on, true)")

_PASSAGE_COLUMNS = """p.id, pg.url, pg.title, p.heading_path, p.text, pg.topic,
    p.topic AS passage_topic, pg.updated, pg.last_modified, pg.fetched_at"""


def _passage(r: Any) -> IndexedPassage:
    return indexed_passage(r, None)  # the vector stays in the database


def _passages_by_id(session: Any, ids: Iterable[int]) -> dict[int, IndexedPassage]:
    """The passages with these ids, with their pages' columns (without vectors)."""
    return {
        r.id: _passage(r)
        for r in session.execute(
            text(
                f"SELECT {_PASSAGE_COLUMNS} FROM passages p "
                "JOIN pages pg ON pg.id = p.page_id WHERE p.id = ANY(:ids)"
            ),
            {"ids": sorted(ids)},
        )
    }


class PostgresIndex:
    """The PassageIndex protocol on PostgreSQL with pgvector (see the module docstring)."""

    def __init__(
        self, db: Database, embedder: Embedder | None, recheck: float = VERSION_CHECK_SECONDS
    ) -> None:
        if db.engine.dialect.name != "postgresql":
            raise ValueError("the postgres search backend needs a PostgreSQL database URL")
        self.db = db
        self.embedder = embedder
        self.recheck = recheck
        self._states: dict[int, _State] = {}
        self._frequencies: OrderedDict[int, _Frequencies] = OrderedDict()
        self._lock = threading.Lock()
        with db.engine.connect() as conn:
            present = conn.execute(
                text(
                    "SELECT count(*) FROM information_schema.columns "
                    "WHERE table_name = 'passages' AND column_name IN ('stems', 'vec')"
                )
            ).scalar_one()
        if present != 2:
            raise RuntimeError(
                "the passages table has no pgvector columns: migration 0009 needs the "
                "PostgreSQL extension 'vector' (pgvector) on the server"
            )

    # -- keeping the search columns filled ------------------------------------------------

    def _version(self, tenant: Tenant) -> int:
        now = time.monotonic()
        state = self._states.get(tenant.id)
        if state is not None and now - state.checked < self.recheck:
            return state.version
        with self.db.session() as session:
            version = PageRepository(session, tenant).version()
        if state is None or state.version != version:
            self.refresh(tenant)
        self._states[tenant.id] = _State(version, time.monotonic())  # after the refresh
        return version

    def refresh(self, tenant: Tenant) -> int:
        """Fill the search columns of the tenant's rows that have none yet (new or changed
        passages, vectors embedded since); returns how many rows were filled."""
        filled = 0
        while True:
            with self.db.session() as session:
                rows = session.execute(
                    text(
                        "SELECT p.id, pg.title, p.heading_path, p.text, p.embedding, "
                        "p.stems IS NULL AS no_stems FROM passages p "
                        "JOIN pages pg ON pg.id = p.page_id "
                        "WHERE p.tenant_id = :t AND (p.stems IS NULL OR "
                        "(p.vec IS NULL AND p.embedding IS NOT NULL)) ORDER BY p.id LIMIT :n"
                    ),
                    {"t": tenant.id, "n": REFRESH_BATCH},
                ).all()
                if not rows:
                    break
                values = []
                for r in rows:
                    tokens = None
                    if r.no_stems:
                        tokens = stems(document(r.title, r.heading_path, r.text))
                    values.append(
                        {
                            "id": r.id,
                            "s": None if tokens is None else " ".join(tokens),
                            "v": None
                            if r.embedding is None
                            else vector_literal(np.frombuffer(r.embedding, dtype=np.float32)),
                        }
                    )
                session.execute(
                    text(
                        "UPDATE passages SET stems = coalesce(:s, stems), "
                        "vec = CAST(:v AS vector) WHERE id = :id"
                    ),
                    values,
                )
                filled += len(rows)
        while True:
            with self.db.session() as session:
                rows = session.execute(
                    text(
                        "SELECT id, embedding FROM fact_sentences WHERE tenant_id = :t "
                        "AND vec IS NULL AND embedding IS NOT NULL ORDER BY id LIMIT :n"
                    ),
                    {"t": tenant.id, "n": REFRESH_BATCH},
                ).all()
                if not rows:
                    break
                session.execute(
                    text("UPDATE fact_sentences SET vec = CAST(:v AS vector) WHERE id = :id"),
                    [
                        {"id": r.id, "v": vector_literal(np.frombuffer(r.embedding, np.float32))}
                        for r in rows
                    ],
                )
                filled += len(rows)
        with self._lock:
            self._frequencies.pop(tenant.id, None)
        return filled

    def forget(self, tenant: Tenant) -> None:
        """After a crawl in this process: fill the new rows, give a large tenant its own
        vector indexes and count the document frequencies now, not on the next question."""
        self.refresh(tenant)
        self.index_tenant(tenant)
        self._states.pop(tenant.id, None)
        self._frequencies_of(tenant)

    def index_tenant(self, tenant: Tenant) -> list[str]:
        """The tenant's own partial indexes where it is large (search/tenant_indexes.py);
        returns the indexes built."""
        return tenant_indexes.index_tenant(self.db, tenant)

    # -- document frequencies (BM25 and the PassageIndex `idf`) ---------------------------

    def _frequencies_of(self, tenant: Tenant) -> _Frequencies:
        version = self._version(tenant)
        with self._lock:
            cached = self._frequencies.get(tenant.id)
            if cached is not None and cached.version == version:
                self._frequencies.move_to_end(tenant.id)
                return cached
        built = self._stored_frequencies(tenant, version)
        with self._lock:
            self._frequencies[tenant.id] = built
            self._frequencies.move_to_end(tenant.id)
            while len(self._frequencies) > CACHED_TENANTS:
                self._frequencies.popitem(last=False)
        return built

    def _stored_frequencies(self, tenant: Tenant, version: int) -> _Frequencies:
        """The tenant's document frequencies as stored for this version (one row), counted
        and stored first if the version moved on (once per crawl, by the first worker)."""
        with self.db.session() as session:
            row = session.execute(
                text(
                    "SELECT version, passages, average_length, idf FROM search_frequencies "
                    "WHERE tenant_id = :t"
                ),
                {"t": tenant.id},
            ).first()
            if row is not None and row.version == version:
                return _Frequencies(version, row.passages, row.average_length, json.loads(row.idf))
            n, average = session.execute(
                text(
                    "SELECT count(*), avg(array_length(string_to_array(stems, ' '), 1)) "
                    "FROM passages WHERE tenant_id = :t AND stems IS NOT NULL"
                ),
                {"t": tenant.id},
            ).one()
            df = session.execute(
                text(
                    "SELECT word, count(*) FROM passages p, "
                    "unnest(tsvector_to_array(p.terms)) AS word "
                    "WHERE p.tenant_id = :t GROUP BY word"
                ),
                {"t": tenant.id},
            ).all()
            idf = {w: float(np.log(1 + (n - c + 0.5) / (c + 0.5))) for w, c in df}
            session.execute(
                text(
                    "INSERT INTO search_frequencies (tenant_id, version, passages, "
                    "average_length, idf) VALUES (:t, :v, :n, :a, :idf) "
                    "ON CONFLICT (tenant_id) DO UPDATE SET version = :v, passages = :n, "
                    "average_length = :a, idf = :idf"
                ),
                {
                    "t": tenant.id,
                    "v": version,
                    "n": n,
                    "a": float(average or 1.0),
                    "idf": json.dumps(idf),
                },
            )
        return _Frequencies(version, int(n), float(average or 1.0), idf)

    def idf(self, tenant: Tenant) -> dict[str, float]:
        """How rare each token is on the tenant's site (BM25's inverse document frequency)."""
        return self._frequencies_of(tenant).idf

    def size(self, tenant: Tenant) -> int:
        return self._frequencies_of(tenant).passages

    def page(self, tenant: Tenant, url: str) -> list[IndexedPassage]:
        """The passages of one of the tenant's pages, in their order on it."""
        with self.db.session() as session:
            rows = session.execute(
                text(
                    f"SELECT {_PASSAGE_COLUMNS} FROM passages p "
                    "JOIN pages pg ON pg.id = p.page_id "
                    "WHERE p.tenant_id = :t AND pg.tenant_id = :t AND pg.url = :url "
                    "ORDER BY p.id"
                ),
                {"t": tenant.id, "url": url},
            )
            return [_passage(r) for r in rows]

    # -- searching ------------------------------------------------------------------------

    def _bm25(self, frequencies: _Frequencies, query: list[str], document_stems: str) -> float:
        tokens = document_stems.split()
        if not tokens:
            return 0.0
        norm = K1 * (1 - B + B * len(tokens) / (frequencies.average_length or 1.0))
        score = 0.0
        for word in set(query):  # each token of the question once, as in BM25.scores
            tf = tokens.count(word)
            if tf:
                score += frequencies.idf.get(word, 0.0) * tf * (K1 + 1) / (tf + norm)
        return score

    @staticmethod
    def _selective(frequencies: _Frequencies, query: list[str]) -> list[str]:
        """The question's tokens worth looking up on a large site: those on at most
        COMMON_SHARE of the tenant's passages (the others add little to BM25 but match most
        of the site), or the two rarest if all are common."""
        known = sorted(query, key=frequencies.idf.__getitem__)
        cutoff = np.log(1 + (1 - COMMON_SHARE) / (COMMON_SHARE + 0.5 / frequencies.passages))
        rare = [t for t in known if frequencies.idf[t] >= cutoff]
        return sorted(rare or known[-2:])

    def search(
        self,
        tenant: Tenant,
        query: str,
        k: int = 5,
        semantic: bool = True,
        semantic_text: str | None = None,
        topic: str | None = None,
        prior: np.ndarray | None = None,
    ) -> list[Hit]:
        """As HybridIndex.search, over the CANDIDATES best of each ranking."""
        frequencies = self._frequencies_of(tenant)
        if frequencies.passages == 0:
            return []
        exact = frequencies.passages <= EXACT_UP_TO
        query_tokens = query_stems(query)
        known = sorted({t for t in query_tokens if t in frequencies.idf})
        words = known if exact else self._selective(frequencies, known)
        vector = None
        if semantic and self.embedder is not None:
            text_ = semantic_text if semantic_text is not None else query
            vector = together(self.embedder.estimate([query_text(text_, self.embedder)])[0], prior)
        keyword: dict[int, float] = {}
        similarity: dict[int, float] = {}
        params: dict[str, object] = {}
        by_words = by_meaning = None
        if words:  # the passages sharing a token with the question, with their tokens
            by_words = (
                "(SELECT p.id, p.stems, NULL::float8 AS sim FROM passages p "
                f"WHERE p.tenant_id = {tenant_literal(tenant)} "
                "AND p.terms @@ CAST(:q AS tsquery) "
                "ORDER BY ts_rank(p.terms, CAST(:q AS tsquery)) DESC, p.id LIMIT :kn)"
            )
            params.update(q=tsquery_of(words), kn=frequencies.passages if exact else CANDIDATES)
        if vector is not None:  # the nearest passages in meaning
            by_meaning = (
                "(SELECT p.id, NULL AS stems, 1 - (p.vec <=> CAST(:v AS vector)) AS sim "
                f"FROM passages p WHERE p.tenant_id = {tenant_literal(tenant)} "
                "AND p.vec IS NOT NULL "
                "ORDER BY p.vec <=> CAST(:v AS vector) LIMIT :vn)"
            )
            params.update(v=vector_literal(vector), vn=CANDIDATES)
        if by_words is None and by_meaning is None:
            return []
        with self.db.session() as session:
            if vector is not None:
                session.execute(_HNSW_SETTINGS, {"ef": str(EF_SEARCH)})
            if exact or by_words is None or by_meaning is None:  # one round trip
                rows = session.execute(
                    text(" UNION ALL ".join(q for q in (by_words, by_meaning) if q)), params
                ).all()
            else:
                # a large site: the planner would read the words of every passage of the
                # tenant through `tenant_id` (25-45 ms at 15,000 passages) rather than ask the
                # tenant's GIN index (~9 ms, the same rows); without plain index scans it
                # asks the GIN index, and they are back on for the HNSW query
                session.execute(_INDEX_SCANS, {"on": "off"})
                rows = session.execute(text(by_words), params).all()
                session.execute(_INDEX_SCANS, {"on": "on"})
                rows += session.execute(text(by_meaning), params).all()
            for r in rows:
                if r.sim is None:
                    keyword[r.id] = self._bm25(frequencies, query_tokens, r.stems)
                else:
                    similarity[r.id] = float(r.sim)
            fused: dict[int, float] = dict.fromkeys([*keyword, *similarity], 0.0)
            word_shares: dict[int, float] = {}
            for scores, share in ((keyword, word_shares), (similarity, {})):
                ranked = sorted((i for i in scores if scores[i] > 0), key=lambda i: (-scores[i], i))
                for rank, i in enumerate(ranked, start=1):
                    share[i] = 1.0 / (RRF_K + rank)
                    fused[i] += share[i]
            # among the nearest candidates (HNSW's, approximate on a tenant with its own
            # indexes: a missed runner-up can make a lead the exact scan would not see)
            ids = list(similarity)
            leader = leads_in_meaning(np.array([similarity[i] for i in ids]))
            if leader is not None:  # as if first by its words too
                fused[ids[leader]] += 1.0 / (RRF_K + 1) - word_shares.get(ids[leader], 0.0)
            order = sorted((i for i in fused if fused[i] > 0), key=lambda i: (-fused[i], i))
            best = order[:k]
            if topic is not None and len(order) > k:
                about = set(
                    session.scalars(
                        text(
                            "SELECT p.id FROM passages p JOIN pages pg ON pg.id = p.page_id "
                            "WHERE p.id = ANY(:ids) AND (p.topic = :topic OR pg.topic = :topic)"
                        ),
                        {"ids": order[k:], "topic": topic},
                    )
                )
                best += [i for i in order[k:] if i in about][:TOPIC_EXTRA]
            passages = _passages_by_id(session, best)
        return [
            Hit(passages[i], fused[i], keyword.get(i, 0.0), similarity.get(i, 0.0))
            for i in best
            if i in passages
        ]

    def facts(
        self,
        tenant: Tenant,
        kinds: tuple[str, ...],
        vector: np.ndarray,
        k: int = 12,
        topic: str | None = None,
    ) -> list[FactHit]:
        """As HybridIndex.facts, over the FACT_CANDIDATES nearest fact sentences."""
        if not kinds:
            return []
        self._version(tenant)
        wanted = set(kinds)
        with self.db.session() as session:
            session.execute(_HNSW_SETTINGS, {"ef": str(FACT_CANDIDATES)})
            # the nearest sentences with what choosing needs (kinds, topics); the passages'
            # texts only for the chosen few (200 rows of passage text cost ~15 ms to send)
            rows = session.execute(
                text(
                    "WITH nearest AS (SELECT f.passage_id, f.text, f.kinds, "
                    "1 - (f.vec <=> CAST(:v AS vector)) AS sim FROM fact_sentences f "
                    f"WHERE f.tenant_id = {tenant_literal(tenant)} AND f.vec IS NOT NULL "
                    "ORDER BY f.vec <=> CAST(:v AS vector) LIMIT :n) "
                    "SELECT f.passage_id, f.text AS sentence, f.kinds, f.sim, "
                    "p.topic AS passage_topic, pg.topic "
                    "FROM nearest f JOIN passages p ON p.id = f.passage_id "
                    "JOIN pages pg ON pg.id = p.page_id"
                ),
                {"v": vector_literal(vector), "n": FACT_CANDIDATES},
            ).all()
            rows.sort(key=lambda r: -float(r.sim))  # relaxed order: nearly sorted
            chosen = []
            on_topic = 0
            for r in rows:
                fact_kinds = tuple(x for x in r.kinds.split(",") if x)
                if not wanted & set(fact_kinds):
                    continue
                about = topic is not None and topic in (r.passage_topic or r.topic, r.topic)
                if len(chosen) < k or (about and on_topic < TOPIC_EXTRA // 3):
                    chosen.append((r, fact_kinds))
                    on_topic += about and len(chosen) > k
                if len(chosen) >= k and (topic is None or on_topic >= TOPIC_EXTRA // 3):
                    break
            passages = _passages_by_id(session, {r.passage_id for r, _ in chosen})
        found = [
            FactHit(passages[r.passage_id], r.sentence, fact_kinds, float(r.sim))
            for r, fact_kinds in chosen
            if r.passage_id in passages
        ]
        return found
