"""The PassageIndex boundary and the hybrid in-process index behind it.

Keyword scores (BM25 on muni's Danish tokens) and embedding similarity (e5) are fused by
reciprocal rank. The database is the source of truth; each process keeps one index per tenant
and rebuilds it when the tenant's search version (bumped by every crawl that changed
something) moves on; the version is read at most every `recheck` seconds.
See docs/adr/0006-search-index.md.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from muni.domain import Tenant
from muni.nlu.classifier import embedding_text
from muni.nlu.embedder import Embedder
from muni.search.bm25 import BM25
from muni.store.database import Database
from muni.store.pages import IndexedPassage, PageRepository

RRF_K = 60


@dataclass(frozen=True)
class Hit:
    passage: IndexedPassage
    score: float  # fused reciprocal-rank score
    keyword: float  # BM25 score (0 when no query term is in the passage)
    similarity: float  # cosine similarity of embeddings (0 without embeddings)


class PassageIndex(Protocol):
    def search(
        self, tenant: Tenant, query: str, k: int = 5, semantic: bool = True
    ) -> list[Hit]: ...

    def forget(self, tenant: Tenant) -> None: ...

    def size(self, tenant: Tenant) -> int: ...


VERSION_CHECK_SECONDS = 2.0  # how stale a worker's index may be after a crawl


@dataclass
class _TenantIndex:
    version: int
    checked: float
    passages: list[IndexedPassage]
    bm25: BM25
    vectors: np.ndarray | None


def _document(passage: IndexedPassage) -> str:
    # the title and headings count too, as they often name what the passage is about
    return " ".join([passage.title, *passage.heading_path[1:], passage.text])


class HybridIndex:
    def __init__(
        self, db: Database, embedder: Embedder | None, recheck: float = VERSION_CHECK_SECONDS
    ) -> None:
        self.db = db
        self.embedder = embedder
        self.recheck = recheck
        self._indexes: dict[int, _TenantIndex] = {}
        self._lock = threading.Lock()

    def _index(self, tenant: Tenant) -> _TenantIndex:
        current = self._indexes.get(tenant.id)
        now = time.monotonic()
        if current is not None and now - current.checked < self.recheck:
            return current  # no database round trip on most questions
        with self.db.session() as session:
            repo = PageRepository(session, tenant)
            version = repo.version()
            current = self._indexes.get(tenant.id)
            if current is not None and current.version == version:
                current.checked = now
                return current
            passages = repo.passages()
        vectors = None
        if (
            self.embedder is not None
            and passages
            and all(p.embedding is not None for p in passages)
        ):
            vectors = np.stack([p.embedding for p in passages])  # type: ignore[misc]
        built = _TenantIndex(
            version, now, passages, BM25([_document(p) for p in passages]), vectors
        )
        with self._lock:
            self._indexes[tenant.id] = built
        return built

    def forget(self, tenant: Tenant) -> None:
        """Drop this process's index of the tenant (after a crawl in the same process)."""
        with self._lock:
            self._indexes.pop(tenant.id, None)

    def size(self, tenant: Tenant) -> int:
        return len(self._index(tenant).passages)

    def search(self, tenant: Tenant, query: str, k: int = 5, semantic: bool = True) -> list[Hit]:
        """Best passages; `semantic=False` skips the query embedding (keyword only, ~1 ms)."""
        index = self._index(tenant)
        if not index.passages:
            return []
        keyword = index.bm25.scores(query)
        fused = np.zeros(len(index.passages))
        for_rank = [keyword]
        similarity = np.zeros(len(index.passages))
        if semantic and index.vectors is not None and self.embedder is not None:
            similarity = index.vectors @ self.embedder.embed([embedding_text(query)])[0]
            for_rank.append(similarity)
        for scores in for_rank:
            order = np.argsort(-scores)
            ranks = np.empty(len(order), dtype=np.int64)
            ranks[order] = np.arange(1, len(order) + 1)
            fused += np.where(scores > 0, 1.0 / (RRF_K + ranks), 0.0)
        best = np.argsort(-fused)[:k]
        return [
            Hit(index.passages[i], float(fused[i]), float(keyword[i]), float(similarity[i]))
            for i in best
            if fused[i] > 0
        ]
