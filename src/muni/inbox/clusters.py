"""Grouping inbox questions by meaning: agglomerative clustering (average linkage) on the
cosine distance of the stored e5 vectors, cut at a distance threshold; when a question has no
vector (embeddings off), every question is grouped by spelling instead (TF-IDF of character
n-grams, the same clustering). Each group is labelled by its most central question and
carries its size, the tenants it occurs in, the reasons and the topic muni guessed most often.

One inbox row is one (turn, reason); a question is one turn, so rows of the same turn are one
question with several reasons. Identical texts are clustered once. A clustering is kept in
memory per scope until questions are collected or deleted; adding or dismissing questions only
filters the kept clustering (so a page view after an action costs no new clustering)."""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from muni.nlu.normalize import normalize

EMBEDDING_DIM = 384


@dataclass(frozen=True)
class Question:
    """One citizen question in the inbox (all its rows: one per reason)."""

    ids: tuple[int, ...]
    tenant_id: int
    text: str
    reasons: tuple[str, ...]
    topic: str | None
    asked_at: datetime | None = None

    @property
    def id(self) -> int:
        return self.ids[0]


@dataclass(frozen=True)
class Cluster:
    """A group of questions that mean the same; `questions` most central first."""

    questions: tuple[Question, ...]
    tenant_ids: tuple[int, ...]
    reasons: tuple[tuple[str, int], ...]  # most frequent first
    topic: str | None  # the topic muni guessed most often

    @property
    def label(self) -> str:
        return self.questions[0].text

    @property
    def size(self) -> int:
        return len(self.questions)

    @property
    def key(self) -> int:
        """A handle for the page (the smallest row id of the group)."""
        return min(i for q in self.questions for i in q.ids)

    @property
    def row_ids(self) -> list[int]:
        return sorted(i for q in self.questions for i in q.ids)


def questions_of(rows: Sequence[Any]) -> list[Question]:
    """Inbox rows (id, tenant_id, turn_id, text, reason, topic, created_at) as questions:
    the rows of one turn together."""
    grouped: dict[tuple[int, Any], list[Any]] = {}
    for row in rows:
        key = (row.tenant_id, row.turn_id if row.turn_id is not None else f"row{row.id}")
        grouped.setdefault(key, []).append(row)
    questions = []
    for members in grouped.values():
        members.sort(key=lambda m: m.id)
        topics = [m.topic for m in members if m.topic]
        questions.append(
            Question(
                ids=tuple(m.id for m in members),
                tenant_id=members[0].tenant_id,
                text=members[0].text,
                reasons=tuple(dict.fromkeys(m.reason for m in members)),
                topic=topics[0] if topics else None,
                asked_at=members[0].created_at,
            )
        )
    questions.sort(key=lambda q: q.id)
    return questions


def unpack_vector(raw: bytes | None) -> np.ndarray | None:
    if raw is None or len(raw) != EMBEDDING_DIM * 4:
        return None
    return np.frombuffer(raw, dtype=np.float32)


def _distinct(texts: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """The distinct normalised texts, and which one each text is."""
    index: dict[str, int] = {}
    which = np.empty(len(texts), dtype=np.int64)
    for i, text in enumerate(texts):
        which[i] = index.setdefault(normalize(text) or text.lower(), len(index))
    return list(index), which


def _lexical_matrix(texts: Sequence[str]) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True
    ).fit_transform(texts)
    return np.asarray(matrix.toarray(), dtype=np.float32)  # rows are L2-normalised


def _labels(vectors: np.ndarray, threshold: float) -> np.ndarray:
    """Agglomerative clustering, average linkage on cosine distance, cut at `threshold`."""
    n = len(vectors)
    if n == 1:
        return np.zeros(1, dtype=np.int64)
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    # the distances from one matrix product (BLAS) rather than pdist's loop (~10x faster),
    # turned into distances in place: 3,000 questions need one 36 MB float32 square
    distances = vectors @ vectors.T
    np.subtract(1.0, distances, out=distances)
    np.clip(distances, 0.0, 2.0, out=distances)
    np.fill_diagonal(distances, 0.0)
    condensed = squareform(distances, checks=False).astype(np.float64)
    del distances
    tree = linkage(condensed, method="average")
    return fcluster(tree, t=threshold, criterion="distance").astype(np.int64) - 1


@dataclass(frozen=True)
class Clustering:
    """The groups of a set of questions: for each group, its questions' ids (first row id)
    ordered most central first. Kept between page views (see ClusterCache)."""

    groups: tuple[tuple[int, ...], ...]
    mode: str  # "e5" or "lexical"
    seconds: float = 0.0


def cluster_questions(
    questions: Sequence[Question],
    vectors: dict[int, bytes | None],
    e5_threshold: float,
    lexical_threshold: float,
) -> Clustering:
    """Group `questions` by the vectors of their rows (by spelling when any has none)."""
    import time

    started = time.perf_counter()
    if not questions:
        return Clustering((), "e5")
    texts, which = _distinct([q.text for q in questions])
    unpacked = [unpack_vector(vectors.get(q.id)) for q in questions]
    if all(v is not None for v in unpacked):
        mode, threshold = "e5", e5_threshold
        matrix = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
        for i, vector in zip(which, unpacked, strict=True):
            matrix[i] = vector
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        matrix /= np.where(norms > 0, norms, 1.0)
    else:
        mode, threshold = "lexical", lexical_threshold
        matrix = _lexical_matrix(texts)
    labels = _labels(matrix, threshold)
    members: dict[int, list[int]] = {}
    for position, label in enumerate(labels[which]):
        members.setdefault(int(label), []).append(position)
    groups = []
    for positions in members.values():
        rows = matrix[which[positions]]
        centrality = (rows @ rows.mean(axis=0)) if len(positions) > 1 else np.zeros(1)
        ordered = [positions[i] for i in np.argsort(-centrality, kind="stable")]
        groups.append(tuple(questions[p].id for p in ordered))
    return Clustering(tuple(groups), mode, time.perf_counter() - started)


def clusters_of(clustering: Clustering, questions: Sequence[Question]) -> list[Cluster]:
    """The groups of a clustering, with only the questions still given (still open);
    largest first. A question the clustering does not know forms its own group."""
    by_id = {q.id: q for q in questions}
    seen: set[int] = set()
    clusters: list[Cluster] = []
    for group in clustering.groups:
        present = [by_id[i] for i in group if i in by_id]
        seen.update(group)
        if present:
            clusters.append(make_cluster(present))
    clusters.extend(make_cluster([q]) for q in questions if q.id not in seen)
    clusters.sort(key=lambda c: (-c.size, c.key))
    return clusters


def make_cluster(questions: Sequence[Question]) -> Cluster:
    reasons = Counter(reason for q in questions for reason in q.reasons)
    topics = Counter(q.topic for q in questions if q.topic)
    return Cluster(
        questions=tuple(questions),
        tenant_ids=tuple(sorted({q.tenant_id for q in questions})),
        reasons=tuple(sorted(reasons.items(), key=lambda item: (-item[1], item[0]))),
        topic=min(topics, key=lambda t: (-topics[t], t)) if topics else None,
    )


def across_tenants(clusters: Sequence[Cluster], at_least: int = 2) -> list[Cluster]:
    """Groups that occur in `at_least` municipalities, the most municipalities first."""
    found = [c for c in clusters if len(c.tenant_ids) >= at_least]
    found.sort(key=lambda c: (-len(c.tenant_ids), -c.size, c.key))
    return found


@dataclass
class ClusterCache:
    """The latest clusterings by scope (a tenant id or "all"), each valid for the inbox's
    version (newest row id, number of rows) it was made at."""

    size: int = 16
    _kept: OrderedDict[tuple[Any, ...], Clustering] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, key: tuple[Any, ...]) -> Clustering | None:
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
            return found

    def put(self, key: tuple[Any, ...], clustering: Clustering) -> None:
        with self._lock:
            self._kept[key] = clustering
            self._kept.move_to_end(key)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


CACHE = ClusterCache()
