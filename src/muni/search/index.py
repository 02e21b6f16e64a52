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
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from muni.domain import Tenant
from muni.nlu.classifier import query_text
from muni.nlu.embedder import Embedder
from muni.nlu.vectors import together
from muni.search.bm25 import BM25
from muni.store.database import Database
from muni.store.pages import IndexedFact, IndexedPassage, PageRepository

RRF_K = 60
TOPIC_EXTRA = 12  # passages about the answer's topic added beyond the k best
# a passage this much closer in meaning than any other counts as first by its words too:
# "hvad koster det at gå til svømning" shares no word with the pool's price list (its page
# says "svømmehaller"), which was closest in meaning by 0.04 and last by words, so reciprocal
# rank fusion put the culture overview (every word, the wrong page) first
MEANING_LEAD = 0.03


def leads_in_meaning(similarities: np.ndarray) -> int | None:
    """The index of the passage whose similarity leads all others by MEANING_LEAD, if any."""
    if len(similarities) < 2:
        return None
    second, first = np.argpartition(similarities, -2)[-2:]
    if similarities[first] < similarities[second]:
        first, second = second, first
    lead = similarities[first] - similarities[second]
    return int(first) if lead >= MEANING_LEAD else None


@dataclass(frozen=True)
class Hit:
    passage: IndexedPassage
    score: float  # fused reciprocal-rank score
    keyword: float  # BM25 score (0 when no query term is in the passage)
    similarity: float  # cosine similarity of embeddings (0 without embeddings)


class PassageIndex(Protocol):
    def search(
        self,
        tenant: Tenant,
        query: str,
        k: int = 5,
        semantic: bool = True,
        semantic_text: str | None = None,
        topic: str | None = None,
        prior: np.ndarray | None = None,
    ) -> list[Hit]: ...

    def forget(self, tenant: Tenant) -> None: ...

    def size(self, tenant: Tenant) -> int: ...

    def idf(self, tenant: Tenant) -> dict[str, float]: ...

    def page(self, tenant: Tenant, url: str) -> list[IndexedPassage]: ...

    def facts(
        self,
        tenant: Tenant,
        kinds: tuple[str, ...],
        vector: np.ndarray,
        k: int = 12,
        topic: str | None = None,
    ) -> list[FactHit]: ...


VERSION_CHECK_SECONDS = 2.0  # how stale a worker's index may be after a crawl


@dataclass(frozen=True)
class FactHit:
    """A sentence that states a fact, with its passage and how close it is in meaning."""

    passage: IndexedPassage
    text: str
    kinds: tuple[str, ...]
    similarity: float


@dataclass
class _TenantIndex:
    version: int
    checked: float
    passages: list[IndexedPassage]
    bm25: BM25
    vectors: np.ndarray | None
    facts: list[IndexedFact] = field(default_factory=list)
    fact_vectors: np.ndarray | None = None
    by_id: dict[int, IndexedPassage] = field(default_factory=dict)
    # which facts state each kind (their passage still indexed), and per topic which
    # passages and facts are about it: masks, so a question's ranking is filtered in numpy
    fact_kinds: dict[str, np.ndarray] = field(default_factory=dict)
    _about: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)
    _by_url: dict[str, list[IndexedPassage]] | None = None

    def on_page(self, url: str) -> list[IndexedPassage]:
        """The passages of one page in their order on it (grouped once per index)."""
        if self._by_url is None:
            grouped: dict[str, list[IndexedPassage]] = {}
            for passage in self.passages:
                grouped.setdefault(passage.url, []).append(passage)
            self._by_url = grouped
        return list(self._by_url.get(url, ()))

    def about(self, topic: str, of: str) -> np.ndarray:
        """Which passages (`of="passages"`) or facts (`of="facts"`) are about `topic`: the
        passage's own topic or its page's. Built once per topic and kept with the index."""
        mask = self._about.get((topic, of))
        if mask is None:
            if of == "passages":
                held = self.passages
            else:
                held = [self.by_id.get(f.passage_id) for f in self.facts]
            mask = np.array(
                [p is not None and topic in (p.topic, p.page_topic) for p in held], dtype=bool
            )
            self._about[(topic, of)] = mask
        return mask


def _fact_kinds(
    facts: list[IndexedFact], by_id: dict[int, IndexedPassage]
) -> dict[str, np.ndarray]:
    """Per fact kind, which facts state it (only facts whose passage is indexed)."""
    masks: dict[str, np.ndarray] = {}
    for i, fact in enumerate(facts):
        if fact.passage_id not in by_id:
            continue
        for kind in fact.kinds:
            masks.setdefault(kind, np.zeros(len(facts), dtype=bool))[i] = True
    return masks


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
            facts = repo.fact_sentences()
        vectors = None
        if (
            self.embedder is not None
            and passages
            and all(p.embedding is not None for p in passages)
        ):
            vectors = np.stack([p.embedding for p in passages])  # type: ignore[misc]
        fact_vectors = None
        if self.embedder is not None and facts and all(f.embedding is not None for f in facts):
            fact_vectors = np.stack([f.embedding for f in facts])  # type: ignore[misc]
        by_id = {p.id: p for p in passages}
        built = _TenantIndex(
            version,
            now,
            passages,
            BM25([_document(p) for p in passages]),
            vectors,
            facts,
            fact_vectors,
            by_id,
            _fact_kinds(facts, by_id),
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

    def idf(self, tenant: Tenant) -> dict[str, float]:
        """How rare each token is on the tenant's site (BM25's inverse document frequency)."""
        return self._index(tenant).bm25.idf

    def page(self, tenant: Tenant, url: str) -> list[IndexedPassage]:
        """The passages of one of the tenant's pages, in their order on it."""
        return self._index(tenant).on_page(url)

    def facts(
        self,
        tenant: Tenant,
        kinds: tuple[str, ...],
        vector: np.ndarray,
        k: int = 12,
        topic: str | None = None,
    ) -> list[FactHit]:
        """The sentences stating a fact of one of these kinds closest in meaning to `vector`
        (a question's embedding), best first; with `topic`, also the closest ones on pages
        about that topic."""
        index = self._index(tenant)
        if index.fact_vectors is None or not kinds:
            return []
        wanted = np.zeros(len(index.facts), dtype=bool)
        for kind in set(kinds):
            mask = index.fact_kinds.get(kind)
            if mask is not None:
                wanted |= mask
        similarity = index.fact_vectors @ vector
        order = np.argsort(-similarity)
        ordered = order[wanted[order]]  # closest first, only facts of the kinds asked
        chosen = ordered[:k]
        if topic is not None:
            rest = ordered[k:]
            # beyond the k closest, the closest few on pages about the topic
            chosen = np.concatenate(
                [chosen, rest[index.about(topic, "facts")[rest]][: TOPIC_EXTRA // 3]]
            )
        found = []
        for i in chosen:
            fact = index.facts[int(i)]
            found.append(
                FactHit(index.by_id[fact.passage_id], fact.text, fact.kinds, float(similarity[i]))
            )
        return found

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
        """Best passages; `semantic=False` skips the query embedding (keyword only, ~1 ms).
        `semantic_text` is embedded instead of the query (a follow-up searches its words and
        the earlier question's, but is embedded alone: the embedding is already there).
        With `topic`, the best passages about that topic are added after the k best. `prior`
        is the meaning of what a follow-up follows; it is added to the query's."""
        index = self._index(tenant)
        if not index.passages:
            return []
        keyword = index.bm25.scores(query)
        for_rank = [keyword]
        similarity = np.zeros(len(index.passages))
        if semantic and index.vectors is not None and self.embedder is not None:
            text = semantic_text if semantic_text is not None else query
            vector = together(self.embedder.estimate([query_text(text, self.embedder)])[0], prior)
            similarity = index.vectors @ vector
            for_rank.append(similarity)
        shares = []
        for scores in for_rank:
            order = np.argsort(-scores)
            ranks = np.empty(len(order), dtype=np.int64)
            ranks[order] = np.arange(1, len(order) + 1)
            shares.append(np.where(scores > 0, 1.0 / (RRF_K + ranks), 0.0))
        fused = np.sum(shares, axis=0)
        leader = leads_in_meaning(similarity) if len(for_rank) == 2 else None
        if leader is not None:  # as if first by its words too
            fused[leader] += 1.0 / (RRF_K + 1) - shares[0][leader]
        order = np.argsort(-fused)
        best = [int(i) for i in order[:k] if fused[i] > 0]
        if topic is not None:
            rest = order[k:]
            on_topic = rest[(fused[rest] > 0) & index.about(topic, "passages")[rest]]
            best += [int(i) for i in on_topic[:TOPIC_EXTRA]]
        return [
            Hit(index.passages[i], float(fused[i]), float(keyword[i]), float(similarity[i]))
            for i in best
        ]
