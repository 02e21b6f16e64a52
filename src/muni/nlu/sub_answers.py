"""Which sub-answer of a topic a question asks for, or the topic's overview.

Once the intent classifier has chosen a topic, a small model per topic chooses among its
sub-answers and the overview (label ""). It reuses the intent classifier's lexical features
(no second vectoriser) and, when the lexical model is unsure, the question's embedding, which
is usually already computed and cached. The fusion weight, the embedding gate and the accept
threshold are tuned by cross-validation on the phrasings when the model is trained.
See docs/adr/0009-question-level-answers.md.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from joblib import Parallel, delayed
from scipy.sparse import issparse, spmatrix
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from muni.nlu.fast import linear_scores, logistic_proba
from muni.nlu.temperature import best_temperature

OVERVIEW = ""


def _lexical() -> LinearSVC:
    # random_state: the same phrasings give the same model (liblinear shuffles its order)
    return LinearSVC(C=1.0, class_weight="balanced", random_state=0)


def _semantic() -> LogisticRegression:
    return LogisticRegression(C=10.0, max_iter=2000, class_weight="balanced")


@dataclass
class _TopicModel:
    labels: list[str]
    lexical: LinearSVC | None  # None when the topic has no sub-answers
    semantic: LogisticRegression | None


@dataclass
class SubAnswerReport:
    topics: int
    examples: int
    seconds: float
    cv_lexical_accuracy: float
    cv_fused_accuracy: float
    weight: float
    temperature: float
    gate: float
    accept: float
    per_topic_accuracy: dict[str, float] = field(default_factory=dict)


def _fit(
    X: spmatrix, vectors: np.ndarray | None, y: np.ndarray
) -> tuple[LinearSVC, LogisticRegression | None]:
    lexical = _lexical().fit(X, y)
    semantic = _semantic().fit(vectors, y) if vectors is not None else None
    return lexical, semantic


def _proba(model: LogisticRegression, x: Any, n: int) -> np.ndarray:
    """Probabilities over all n labels (a fold may miss a label)."""
    out = np.full((x.shape[0], n), 1e-9)
    out[:, model.classes_] = logistic_proba(model, x)
    return out / out.sum(axis=1, keepdims=True)


def _margins(model: LinearSVC, x: Any, n: int) -> np.ndarray:
    """SVM margins over all n labels (-10 for a label the model never saw)."""
    out = np.full((x.shape[0], n), -10.0)
    out[:, model.classes_] = linear_scores(model, x)
    return out


def _softmax(scores: np.ndarray, temperature: float) -> np.ndarray:
    z = scores / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _cv_topic(
    X: spmatrix, vectors: np.ndarray | None, y: np.ndarray, n: int, seed: int
) -> tuple[np.ndarray, np.ndarray | None]:
    folds = max(2, min(3, int(np.bincount(y).min())))
    lex = np.zeros((len(y), n))
    sem = np.zeros((len(y), n)) if vectors is not None else None
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(X, y):
        train_vectors = vectors[train] if vectors is not None else None
        lexical, semantic = _fit(X[train], train_vectors, y[train])
        lex[test] = _margins(lexical, X[test], n)
        if sem is not None and semantic is not None:
            sem[test] = _proba(semantic, vectors[test], n)  # type: ignore[index]
    return lex, sem


def _fuse(lex: np.ndarray, sem: np.ndarray, weight: float) -> np.ndarray:
    z = weight * np.log(np.clip(lex, 1e-12, 1)) + (1 - weight) * np.log(np.clip(sem, 1e-12, 1))
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class SubAnswerModel:
    """Per topic: the overview or one of its sub-answers, with calibrated-enough scores."""

    def __init__(
        self,
        topics: dict[str, _TopicModel],
        weight: float,
        temperature: float,
        gate: float,
        accept: float,
    ) -> None:
        self.topics = topics
        self.weight = weight
        self.temperature = temperature
        self.gate = gate
        self.accept = accept

    def compact(self) -> SubAnswerModel:
        """Keep each topic's SVM weights sparse: a topic's phrasings use ~5 % of the shared
        features, and the other weights are exactly zero. Dense, the 62 topics held ~470 MB
        in every worker; the scores are the same either way."""
        for model in self.topics.values():
            if model.lexical is not None and not issparse(model.lexical.coef_):
                model.lexical.sparsify()
        return self

    def labels(self, topic: str) -> list[str]:
        model = self.topics.get(topic)
        return model.labels if model else [OVERVIEW]

    def scores(
        self,
        topic: str,
        features: spmatrix,
        vector: Callable[[], np.ndarray | None],
        semantic: bool = True,
    ) -> tuple[tuple[str, float], ...]:
        """(label, probability) for the overview and each sub-answer, best first.
        `vector` computes (or returns the cached) embedding only if it is needed."""
        model = self.topics.get(topic)
        if model is None or model.lexical is None:
            return ((OVERVIEW, 1.0),)
        n = len(model.labels)
        probs = _softmax(_margins(model.lexical, features, n), self.temperature)[0]
        if semantic and model.semantic is not None and probs.max() < self.gate:
            vec = vector()
            if vec is not None:
                sem = _proba(model.semantic, vec.reshape(1, -1), n)
                probs = _fuse(probs[None, :], sem, self.weight)[0]
        order = np.argsort(-probs)
        return tuple((model.labels[i], float(probs[i])) for i in order)

    @classmethod
    def train(
        cls,
        X: spmatrix,
        vectors: np.ndarray | None,
        topic_of: list[str],
        sub_of: list[str],
        seed: int = 0,
        precision: float = 0.95,
    ) -> tuple[SubAnswerModel, SubAnswerReport]:
        """Train on the phrasings' lexical features (rows of X) and embeddings; `topic_of`
        and `sub_of` give each row's topic and sub-answer label ("" = overview)."""
        started = time.perf_counter()
        by_topic: dict[str, list[int]] = {}
        for i, topic in enumerate(topic_of):
            by_topic.setdefault(topic, []).append(i)
        plans = []
        for topic, rows in sorted(by_topic.items()):
            labels = sorted({sub_of[i] for i in rows})
            if len(labels) < 2:
                continue
            index = {label: k for k, label in enumerate(labels)}
            y = np.array([index[sub_of[i]] for i in rows])
            plans.append((topic, labels, np.array(rows), y))
        jobs = min(2, os.cpu_count() or 1)

        def sub_vectors(rows: np.ndarray) -> np.ndarray | None:
            return vectors[rows] if vectors is not None else None

        cv = Parallel(n_jobs=jobs)(
            delayed(_cv_topic)(X[rows], sub_vectors(rows), y, len(labels), seed)
            for _topic, labels, rows, y in plans
        )
        weight, temperature, gate, accept, lex_acc, fused_acc, per_topic = cls._tune(
            plans, cv, precision
        )
        fitted = Parallel(n_jobs=jobs)(
            delayed(_fit)(X[rows], sub_vectors(rows), y) for _topic, _labels, rows, y in plans
        )
        topics = {
            topic: _TopicModel(labels, lexical, semantic)
            for (topic, labels, _rows, _y), (lexical, semantic) in zip(plans, fitted, strict=True)
        }
        model = cls(topics, weight, temperature, gate, accept)
        report = SubAnswerReport(
            topics=len(topics),
            examples=sum(len(rows) for _t, _l, rows, _y in plans),
            seconds=round(time.perf_counter() - started, 2),
            cv_lexical_accuracy=lex_acc,
            cv_fused_accuracy=fused_acc,
            weight=weight,
            temperature=temperature,
            gate=gate,
            accept=accept,
            per_topic_accuracy=per_topic,
        )
        return model, report

    @staticmethod
    def _tune(
        plans: list[tuple[str, list[str], np.ndarray, np.ndarray]],
        cv: list[tuple[np.ndarray, np.ndarray | None]],
        precision: float,
    ) -> tuple[float, float, float, float, float, float, dict[str, float]]:
        ys = [y for _t, _l, _r, y in plans]
        overview = [
            labels.index(OVERVIEW) if OVERVIEW in labels else -1 for _t, labels, _r, _y in plans
        ]
        total = sum(len(y) for y in ys) or 1

        def nll(temperature: float) -> float:
            loss = 0.0
            for (margins, _sem), y in zip(cv, ys, strict=True):
                p = _softmax(margins, temperature)[np.arange(len(y)), y]
                loss -= float(np.log(np.clip(p, 1e-12, 1)).sum())
            return loss

        temperature = best_temperature(nll)
        lex_all = [_softmax(margins, temperature) for margins, _sem in cv]

        def accuracy(probs: list[np.ndarray], accept: float = 0.0) -> int:
            right = 0
            for p, y, ov in zip(probs, ys, overview, strict=True):
                best = p.argmax(1)
                if ov >= 0:
                    best = np.where(p.max(1) >= accept, best, ov)
                right += int((best == y).sum())
            return right

        lex_acc = accuracy(lex_all) / total
        if any(sem is None for _lex, sem in cv):
            accept = max(np.linspace(0.0, 0.6, 13), key=lambda a: accuracy(lex_all, a))
            final_acc = accuracy(lex_all, accept) / total
            return 1.0, temperature, 1.01, float(round(accept, 3)), lex_acc, final_acc, {}

        def fused(weight: float, gate: float) -> list[np.ndarray]:
            out = []
            for lex, (_margins, sem) in zip(lex_all, cv, strict=True):
                mixed = _fuse(lex, sem, weight)  # type: ignore[arg-type]
                out.append(np.where((lex.max(1) >= gate)[:, None], lex, mixed))
            return out

        weight = float(max(np.linspace(0.0, 1.0, 11), key=lambda w: accuracy(fused(w, 1.01))))
        top = np.concatenate([p.max(1) for p in lex_all])
        right = np.concatenate([p.argmax(1) == y for p, y in zip(lex_all, ys, strict=True)])
        gate = 1.01
        for candidate in np.linspace(0.3, 0.99, 70):
            chosen = top >= candidate
            if chosen.any() and right[chosen].mean() >= precision:
                gate = float(round(candidate, 3))
                break
        final = fused(weight, gate)
        accept = float(max(np.linspace(0.0, 0.6, 13), key=lambda a: accuracy(final, a)))
        per_topic = {
            t: round(float((p.argmax(1) == y).mean()), 3)
            for (t, _l, _r, y), p in zip(plans, final, strict=True)
        }
        return (
            round(weight, 2),
            round(temperature, 4),
            gate,
            round(accept, 3),
            lex_acc,
            accuracy(final, accept) / total,
            per_topic,
        )
