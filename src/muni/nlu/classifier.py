"""The intent classifier: lexical (stems + character n-grams) and semantic (embeddings) evidence,
fused and calibrated on cross-validated predictions.

Lexical evidence alone is cheap (~1 ms); embeddings cost 8-20 ms a message on one core. So
prediction asks the lexical model first and consults embeddings only when the lexical model is
not sure: the `gate` is the lexical confidence above which cross-validation showed the lexical
answer to be right at least `gate_precision` of the time (see docs/adr/0003-nlu.md).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

import numpy as np
from joblib import Parallel, delayed
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline

from muni.nlu.embedder import Embedder
from muni.nlu.normalize import clean, normalize
from muni.nlu.tokens import stems

OUT_OF_SCOPE = "__oos__"


@dataclass(frozen=True)
class Prediction:
    """Ranked labels with calibrated probabilities (they sum to 1 over all labels)."""

    ranked: tuple[tuple[str, float], ...]
    semantic_used: bool

    @property
    def label(self) -> str:
        return self.ranked[0][0]

    @property
    def confidence(self) -> float:
        return self.ranked[0][1]

    @property
    def runner_up(self) -> tuple[str, float]:
        return self.ranked[1] if len(self.ranked) > 1 else ("", 0.0)


@dataclass
class TrainingReport:
    examples: int
    labels: int
    seconds: float
    cv_lexical_accuracy: float
    cv_semantic_accuracy: float | None
    cv_fused_accuracy: float
    weight: float
    temperature: float
    gate: float
    gate_coverage: float
    tuned: dict[str, float] = field(default_factory=dict)


def _lexical_pipeline() -> Pipeline:
    features = FeatureUnion(
        [
            (
                "stems",
                TfidfVectorizer(
                    tokenizer=stems,
                    token_pattern=None,
                    lowercase=False,
                    ngram_range=(1, 2),
                    sublinear_tf=True,
                ),
            ),
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb",
                    preprocessor=normalize,
                    ngram_range=(2, 5),
                    sublinear_tf=True,
                    min_df=2,  # n-grams seen once only add parameters, not accuracy
                ),
            ),
        ]
    )
    model = LogisticRegression(C=20.0, max_iter=3000, class_weight="balanced")
    return Pipeline([("features", features), ("model", model)])


def _semantic_model() -> LogisticRegression:
    return LogisticRegression(C=50.0, max_iter=3000, class_weight="balanced")


def _fit_fold(
    texts: list[str],
    y: np.ndarray,
    vectors: np.ndarray | None,
    train_idx: np.ndarray,
    test_idx: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]:
    """Fit both models on one cross-validation fold; return held-out probabilities."""
    train_texts = [texts[i] for i in train_idx]
    test_texts = [texts[i] for i in test_idx]
    lex_model = _lexical_pipeline().fit(train_texts, y[train_idx])
    lex_p = lex_model.predict_proba(test_texts)
    if vectors is None:
        return lex_model.classes_, lex_p, None, None
    sem_model = _semantic_model().fit(vectors[train_idx], y[train_idx])
    return lex_model.classes_, lex_p, sem_model.classes_, sem_model.predict_proba(vectors[test_idx])


def embedding_text(text: str) -> str:
    """What the embedder sees: cleaned, but with the citizen's own spelling."""
    return clean(text)


def _softmax_log(logp: np.ndarray, temperature: float) -> np.ndarray:
    z = logp / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _nll(probs: np.ndarray, y: np.ndarray) -> float:
    return float(-np.mean(np.log(np.clip(probs[np.arange(len(y)), y], 1e-12, 1.0))))


def _fit_temperature(logp: np.ndarray, y: np.ndarray) -> float:
    grid = np.exp(np.linspace(np.log(0.2), np.log(5.0), 41))
    return float(min(grid, key=lambda t: _nll(_softmax_log(logp, t), y)))


class IntentClassifier:
    """Predicts a topic slug (or OUT_OF_SCOPE) for a citizen message."""

    def __init__(
        self,
        labels: list[str],
        lexical: Pipeline,
        semantic: LogisticRegression | None,
        weight: float,
        temperature: float,
        lexical_temperature: float,
        gate: float,
        embedder_name: str | None,
        tuned: dict[str, float] | None = None,
    ) -> None:
        self.labels = labels
        self.lexical = lexical
        self.semantic = semantic
        self.weight = weight
        self.temperature = temperature
        self.lexical_temperature = lexical_temperature
        self.gate = gate
        self.embedder_name = embedder_name
        self.tuned = tuned or {}

    # -- prediction -----------------------------------------------------------------------
    def predict(self, text: str, embedder: Embedder | None, top: int = 5) -> Prediction:
        lex_log = np.log(np.clip(self.lexical.predict_proba([text]), 1e-12, 1.0))
        lex = _softmax_log(lex_log, self.lexical_temperature)[0]
        use_semantic = (
            self.semantic is not None and embedder is not None and float(lex.max()) < self.gate
        )
        if not use_semantic:
            return self._ranked(lex, top, semantic_used=False)
        vec = embedder.embed([embedding_text(text)])  # type: ignore[union-attr]
        sem_log = np.log(np.clip(self.semantic.predict_proba(vec), 1e-12, 1.0))  # type: ignore
        fused = _softmax_log(self.weight * lex_log + (1 - self.weight) * sem_log, self.temperature)[
            0
        ]
        return self._ranked(fused, top, semantic_used=True)

    def _ranked(self, probs: np.ndarray, top: int, semantic_used: bool) -> Prediction:
        order = np.argsort(-probs)[:top]
        ranked = tuple((self.labels[i], float(probs[i])) for i in order)
        return Prediction(ranked=ranked, semantic_used=semantic_used)

    # -- training -------------------------------------------------------------------------
    @classmethod
    def train(
        cls,
        texts: list[str],
        labels: list[str],
        embedder: Embedder | None,
        folds: int = 5,
        gate_precision: float = 0.985,
        seed: int = 0,
    ) -> tuple[IntentClassifier, TrainingReport]:
        started = time.perf_counter()
        label_names = sorted(set(labels))
        index = {name: i for i, name in enumerate(label_names)}
        y = np.array([index[label] for label in labels])
        vectors = None
        if embedder is not None:
            vectors = embedder.embed([embedding_text(t) for t in texts])

        lex_cv, sem_cv = cls._cross_validate(texts, y, vectors, len(label_names), folds, seed)
        lex_log = np.log(np.clip(lex_cv, 1e-12, 1.0))
        lexical_temperature = _fit_temperature(lex_log, y)
        lex_cal = _softmax_log(lex_log, lexical_temperature)
        lex_acc = float(np.mean(lex_cal.argmax(1) == y))

        weight, temperature, sem_acc, fused_acc, gate, coverage = (
            1.0,
            lexical_temperature,
            None,
            lex_acc,
            1.01,
            0.0,
        )
        final = lex_cal
        if sem_cv is not None:
            sem_log = np.log(np.clip(sem_cv, 1e-12, 1.0))
            sem_acc = float(np.mean(sem_cv.argmax(1) == y))
            weight = cls._best_weight(lex_log, sem_log, y)
            fused_log = weight * lex_log + (1 - weight) * sem_log
            temperature = _fit_temperature(fused_log, y)
            gate, coverage = cls._gate(lex_cal, y, gate_precision)
            fused = _softmax_log(fused_log, temperature)
            final = np.where((lex_cal.max(1) >= gate)[:, None], lex_cal, fused)
            fused_acc = float(np.mean(final.argmax(1) == y))
        oos = index.get(OUT_OF_SCOPE)
        tuned = {"accept": cls._tune_accept(final, y, oos)} if oos is not None else {}

        lexical = _lexical_pipeline().fit(texts, y)
        semantic = _semantic_model().fit(vectors, y) if vectors is not None else None
        model = cls(
            label_names,
            lexical,
            semantic,
            weight,
            temperature,
            lexical_temperature,
            gate,
            embedder.name if embedder is not None else None,
            tuned,
        )
        report = TrainingReport(
            examples=len(texts),
            labels=len(label_names),
            seconds=round(time.perf_counter() - started, 2),
            cv_lexical_accuracy=lex_acc,
            cv_semantic_accuracy=sem_acc,
            cv_fused_accuracy=fused_acc,
            weight=weight,
            temperature=temperature,
            gate=gate,
            gate_coverage=coverage,
            tuned=tuned,
        )
        return model, report

    @staticmethod
    def _cross_validate(
        texts: list[str],
        y: np.ndarray,
        vectors: np.ndarray | None,
        n_labels: int,
        folds: int,
        seed: int,
    ) -> tuple[np.ndarray, np.ndarray | None]:
        lex = np.zeros((len(texts), n_labels))
        sem = np.zeros((len(texts), n_labels)) if vectors is not None else None
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
        splits = list(splitter.split(np.zeros(len(y)), y))
        jobs = min(folds, os.cpu_count() or 1)
        results = Parallel(n_jobs=jobs)(
            delayed(_fit_fold)(texts, y, vectors, train_idx, test_idx)
            for train_idx, test_idx in splits
        )
        for (_, test_idx), (lex_classes, lex_p, sem_classes, sem_p) in zip(
            splits, results, strict=True
        ):
            lex[np.ix_(test_idx, lex_classes)] = lex_p
            if sem is not None:
                sem[np.ix_(test_idx, sem_classes)] = sem_p
        return lex, sem

    @staticmethod
    def _best_weight(lex_log: np.ndarray, sem_log: np.ndarray, y: np.ndarray) -> float:
        def score(w: float) -> tuple[float, float]:
            fused = _softmax_log(w * lex_log + (1 - w) * sem_log, 1.0)
            return (float(np.mean(fused.argmax(1) == y)), -_nll(fused, y))

        return max((round(w, 2) for w in np.linspace(0, 1, 21)), key=score)

    @staticmethod
    def _tune_accept(probs: np.ndarray, y: np.ndarray, oos: int) -> float:
        """The accept threshold that best balances answering in-scope questions right and
        refusing out-of-scope ones, on cross-validated predictions (balanced accuracy)."""
        top, best = probs.max(1), probs.argmax(1)
        in_scope = y != oos

        def balanced(t: float) -> float:
            answered_right = (best == y) & (top >= t) & in_scope
            refused = ((best == oos) | (top < t)) & ~in_scope
            return answered_right.sum() / in_scope.sum() + refused.sum() / (~in_scope).sum()

        return float(round(max(np.linspace(0.2, 0.9, 71), key=balanced), 3))

    @staticmethod
    def _gate(lex_cal: np.ndarray, y: np.ndarray, precision: float) -> tuple[float, float]:
        top = lex_cal.max(1)
        right = lex_cal.argmax(1) == y
        for gate in np.linspace(0.3, 0.99, 70):
            chosen = top >= gate
            if chosen.any() and right[chosen].mean() >= precision:
                return float(round(gate, 3)), float(chosen.mean())
        return 1.01, 0.0
