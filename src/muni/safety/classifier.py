"""The safety classifier: which safety class a message belongs to, recall first.

Trained on the phrasings in content/safety/ (files per class) with every topic and
out-of-scope phrasing as examples of "none". Two linear models share the intent classifier's
lexical features:
- a lexical model, which only decides when a message is so clearly ordinary that no safety
  class could fire (then no embedding is needed: most questions cost ~1 ms). A message whose
  topic the intent classifier is sure of from its words alone ("hvad koster et pas") may
  have a somewhat higher danger score and still be decided so (`sure_skip_below`), tuned so
  that it passes over no emergency or self-harm example and few others;
- the full model on the lexical features and the message's e5 embedding together, which
  decides the class. Indirect descriptions ("hun svarer ikke", "der kommer røg ud") are
  caught by meaning, not by keywords.
A class fires when its probability reaches the class's threshold. Thresholds are tuned on
cross-validated predictions: as low as the class's recall target needs, but within a budget
of false alarms on ordinary questions, tighter for the classes that cost the citizen most
when they fire wrongly. See docs/adr/0010-safety.md.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from scipy.sparse import csr_matrix, hstack
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC

from muni.nlu.classifier import lexical_features, safety_embedding_text, safety_query_text
from muni.nlu.embedder import Embedder
from muni.nlu.fast import linear_scores, one_row, transform_one
from muni.nlu.folds import folds_by_text
from muni.nlu.parallel_fits import fit_in_parallel
from muni.nlu.temperature import temperature_for
from muni.safety.verdict import (
    DANGER_CLASSES,
    NONE,
    REFUSED_CLASSES,
    SAFETY_CLASSES,
    SafetyVerdict,
)

# The share of each class's cross-validated examples to catch, and the most false alarms on
# ordinary questions ("none") a class may cost to get there (recall first where it matters).
TARGET_RECALL: dict[str, float] = {
    "emergency": 0.995,
    "self_harm": 0.995,
    "violence": 0.98,
    "illegal": 0.97,
    "manipulation": 0.97,
    "abuse": 0.97,
    "political": 0.95,
    "judgement": 0.95,
}
FALSE_ALARM_BUDGET: dict[str, float] = {
    "emergency": 0.006,
    "self_harm": 0.006,
    "violence": 0.003,
    "illegal": 0.005,
    "manipulation": 0.001,
    "abuse": 0.0015,
    "political": 0.001,
    "judgement": 0.003,
}
SKIP_RECALL_LOSS = 0.003  # the share of danger examples the lexical shortcut may pass over
# ... and the further share it may pass over among messages whose topic the intent
# classifier is sure of from their words alone (none of the classes below)
SURE_TOPIC_RECALL_LOSS = 0.002
NEVER_PASSED_OVER = ("emergency", "self_harm")
EMBEDDING_WEIGHT = 2.0  # how much the embedding counts beside the lexical features
# A danger class that reaches this share of its threshold is "near" when the message is refused
# (fraud, manipulation): "hvad sker der med min søns børnepenge hvis jeg ikke er her mere"
# may read as a benefits question and still be a goodbye. The refusal then starts with the
# danger class's number to call. Half the threshold: the refusal is not changed otherwise.
NEAR_DANGER = 0.5
# An estimated vector (Embedder.estimate) decides "none" only while every class stays under
# this share of its threshold; nearer, e5's own vector decides (bench/README (ac)).
ESTIMATE_OPEN = 0.1


class SafetyDataError(ValueError):
    """The safety phrasings cannot be read; the message names the file."""


def load_safety_phrasings(folder: Path) -> dict[str, list[str]]:
    """Phrasings by class from content/safety/*.yaml (each file names its `class`)."""
    found: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise SafetyDataError(f"{path}: {exc}") from exc
        label = str(data.get("class") or path.stem)
        if label not in (*SAFETY_CLASSES, NONE):
            raise SafetyDataError(f"{path}: unknown safety class '{label}'")
        found.setdefault(label, []).extend(str(p) for p in data.get("phrasings") or [])
    return found


def safety_fingerprint(phrasings: dict[str, list[str]]) -> str:
    payload = json.dumps(sorted(phrasings.items()), ensure_ascii=False).encode()
    return hashlib.sha256(payload).hexdigest()[:16]


@dataclass
class SafetyReport:
    examples: int
    seconds: float
    thresholds: dict[str, float]
    cv_recall: dict[str, float]
    cv_false_alarm_rate: float  # share of "none" examples on which some class fired
    skip_below: float
    cv_skipped_none: float  # share of ordinary examples decided without an embedding
    sure_skip_below: float = 0.0  # the floor for messages whose topic is sure
    extra: dict[str, Any] = field(default_factory=dict)


def _model() -> LinearSVC:
    # random_state: the same phrasings give the same model (liblinear shuffles its order)
    return LinearSVC(C=1.0, class_weight="balanced", random_state=0)


def _joined(features: Any, vectors: np.ndarray) -> Any:
    """The lexical features with the (weighted) embedding after them."""
    if features.shape[0] == 1 and np.atleast_2d(vectors).shape[0] == 1:  # no scipy stacking
        vector, width = np.atleast_2d(vectors)[0], features.shape[1]
        return one_row(
            np.concatenate([features.indices, width + np.arange(len(vector))]),
            np.concatenate([features.data, vector * EMBEDDING_WEIGHT]),
            width + len(vector),
        )
    return hstack([features, csr_matrix(vectors * EMBEDDING_WEIGHT)]).tocsr()


def _softmax(scores: np.ndarray, temperature: float) -> np.ndarray:
    z = np.atleast_2d(scores) / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _fit_part(  # type: ignore[no-untyped-def]
    _kind: str, data: Any, y: np.ndarray, train: np.ndarray | None, test: np.ndarray | None
):
    """One SVM fitted on the rows `train` (None: all rows). With `test`: its labels and
    margins on the held-out rows; without: the model."""
    model = _model().fit(data if train is None else data[train], y if train is None else y[train])
    if test is None:
        return model
    return model.classes_, model.decision_function(data[test])


class SafetyClassifier:
    def __init__(
        self,
        labels: list[str],
        vectoriser: FeatureUnion,
        lexical: LinearSVC,
        full: LinearSVC | None,
        lexical_temperature: float,
        temperature: float,
        skip_below: float,
        thresholds: dict[str, float],
        sure_skip_below: float | None = None,
    ) -> None:
        self.labels = labels
        self.vectoriser = vectoriser
        self.lexical = lexical
        self.full = full
        self.lexical_temperature = lexical_temperature
        self.temperature = temperature
        self.skip_below = skip_below
        self.sure_skip_below = skip_below if sure_skip_below is None else sure_skip_below
        self.thresholds = thresholds
        self._danger = [i for i, label in enumerate(labels) if label != NONE]

    def classify(
        self,
        text: str,
        embedder: Embedder | None,
        features: Any = None,
        topic_sure: bool = False,
        use_estimate: bool = False,
    ) -> SafetyVerdict:
        """`topic_sure`: the intent classifier names the message's topic from its words
        alone (TextClassifier.lexically_sure). `use_estimate`: the embedder's estimate of the
        message's meaning may decide (Embedder.estimate; e5's vector decides otherwise)."""
        if features is None:
            features = transform_one(self.vectoriser, text)
        lexical = _softmax(linear_scores(self.lexical, features), self.lexical_temperature)
        floor = self.skip_below
        if topic_sure:  # a model trained before sure_skip_below existed has none
            floor = max(floor, getattr(self, "sure_skip_below", floor))
        if float(lexical[0, self._danger].max()) < floor:
            return SafetyVerdict(NONE, float(lexical[0, self.labels.index(NONE)]), "classifier")
        if self.full is None or embedder is None:
            return self._verdict(lexical[0], "classifier")
        key = safety_query_text(text, embedder)
        vectors = embedder.estimate if use_estimate else embedder.embed
        probs = self._full_probs(features, vectors([key]))
        if use_estimate and self._open(probs):  # the estimate comes near a class: e5 decides
            probs = self._full_probs(features, embedder.embed([key]))
        return self._verdict(probs, "classifier")

    def _full_probs(self, features: Any, vector: np.ndarray) -> np.ndarray:
        return _softmax(linear_scores(self.full, _joined(features, vector)), self.temperature)[0]

    def _open(self, probs: np.ndarray) -> bool:
        """Whether a class's probability reaches ESTIMATE_OPEN x its threshold."""
        return any(
            probs[self.labels.index(label)] >= ESTIMATE_OPEN * self.thresholds.get(label, 1.01)
            for label in SAFETY_CLASSES
            if label in self.labels
        )

    def _verdict(self, probs: np.ndarray, source: str) -> SafetyVerdict:
        scores = {label: float(p) for label, p in zip(self.labels, probs, strict=True)}
        fired = [  # most serious first
            label
            for label in SAFETY_CLASSES
            if scores.get(label, 0.0) >= self.thresholds.get(label, 1.01)
        ]
        if fired:
            label = fired[0]
            near: tuple[str, ...] = ()
            if label in REFUSED_CLASSES:
                near = tuple(
                    danger
                    for danger in DANGER_CLASSES
                    if scores.get(danger, 0.0) >= NEAR_DANGER * self.thresholds.get(danger, 1.01)
                )
            return SafetyVerdict(label, scores[label], source, scores, tuple(fired[1:]), near)
        return SafetyVerdict(NONE, scores.get(NONE, 0.0), source, scores)

    @classmethod
    def train(
        cls,
        phrasings: dict[str, list[str]],
        negatives: list[str],
        embedder: Embedder | None,
        vectoriser: FeatureUnion | None = None,
        folds: int = 5,
        seed: int = 0,
        topic_sure: Any = None,
        rows: Callable[[list[str]], Any] | None = None,
    ) -> tuple[SafetyClassifier, SafetyReport]:
        """Train on the safety phrasings; `negatives` (topic and out-of-scope phrasings) are
        further examples of "none". `topic_sure` (feature rows -> bool per row) tells which
        messages the intent classifier names a topic for from their words alone. `rows` gives
        texts' feature rows when the caller has them (default: the vectoriser's transform)."""
        started = time.perf_counter()
        texts: list[str] = []
        labels: list[str] = []
        for label, items in sorted(phrasings.items()):
            texts.extend(items)
            labels.extend([label] * len(items))
        known = set(texts)
        extra = [t for t in dict.fromkeys(negatives) if t not in known]
        texts.extend(extra)
        labels.extend([NONE] * len(extra))
        names = sorted(set(labels))
        y = np.array([names.index(label) for label in labels])
        vectoriser = vectoriser or lexical_features().fit(texts)
        X = (rows or vectoriser.transform)(texts)
        vectors = embedder.embed([safety_embedding_text(t) for t in texts]) if embedder else None
        J = _joined(X, vectors) if vectors is not None else X
        splits = folds_by_text(texts, folds, seed)  # an edit moves no other example
        # without embeddings the joined features are the lexical ones
        inputs = {"joined": J, "lexical": X} if vectors is not None else {"lexical": X}
        finals, held_out = fit_in_parallel(_fit_part, inputs, y, splits)
        cv = {kind: np.full((len(y), len(names)), -10.0) for kind in inputs}  # -10: not seen
        for kind, test, (classes, margins) in held_out:
            cv[kind][np.ix_(test, classes)] = margins
        lex_cv, full_cv = cv["lexical"], cv.get("joined", cv["lexical"])
        lex_t, full_t = temperature_for(lex_cv, y), temperature_for(full_cv, y)
        lex_p, full_p = _softmax(lex_cv, lex_t), _softmax(full_cv, full_t)
        none = names.index(NONE)
        danger = [i for i in range(len(names)) if i != none]
        danger_score = lex_p[:, danger].max(axis=1)
        skip_below, skipped = _skip_floor(danger_score, y != none)
        sure = np.asarray(topic_sure(X), dtype=bool) if topic_sure else np.zeros(len(y), bool)
        never = np.isin(y, [names.index(c) for c in NEVER_PASSED_OVER if c in names])
        sure_skip_below = _sure_skip_floor(danger_score, y != none, sure, never, skip_below)
        floors = np.where(sure, sure_skip_below, skip_below)
        decided = np.where((danger_score < floors)[:, None], lex_p, full_p)
        thresholds, recall, false_alarms = tune_thresholds(names, decided, y)
        model = cls(
            names,
            vectoriser,
            finals["lexical"],
            finals.get("joined"),
            lex_t,
            full_t,
            skip_below,
            thresholds,
            sure_skip_below,
        )
        return model, SafetyReport(
            examples=len(texts),
            seconds=round(time.perf_counter() - started, 2),
            thresholds=thresholds,
            cv_recall=recall,
            cv_false_alarm_rate=false_alarms,
            skip_below=round(skip_below, 5),
            cv_skipped_none=round(float((danger_score < floors)[y == none].mean()), 4),
            sure_skip_below=round(sure_skip_below, 5),
            extra={"cv_skipped_none_without_topic": skipped},
        )


def _skip_floor(danger_score: np.ndarray, is_danger: np.ndarray) -> tuple[float, float]:
    """The lexical danger score below which a message is decided as ordinary without an
    embedding, passing over at most SKIP_RECALL_LOSS of the danger examples; and the share
    of ordinary examples decided that way."""
    scores = np.sort(danger_score[is_danger])
    cut = int(np.floor(SKIP_RECALL_LOSS * scores.size))
    floor = float(scores[cut]) if scores.size else 0.0
    return floor, round(float((danger_score[~is_danger] < floor).mean()), 4)


def _sure_skip_floor(
    danger_score: np.ndarray,
    is_danger: np.ndarray,
    sure: np.ndarray,
    never: np.ndarray,
    skip_below: float,
) -> float:
    """The lexical danger score below which a message whose topic is sure is decided as
    ordinary: the highest that passes over no example of the NEVER_PASSED_OVER classes and
    at most SURE_TOPIC_RECALL_LOSS of the danger examples besides those `skip_below` passes
    over already. Never below `skip_below`."""
    candidates = np.sort(danger_score[is_danger & sure & (danger_score >= skip_below)])
    budget = int(np.floor(SURE_TOPIC_RECALL_LOSS * int(is_danger.sum())))
    critical = danger_score[never & sure & (danger_score >= skip_below)]
    ceiling = float(critical.min()) if critical.size else np.inf
    # passing over the examples below candidates[budget] costs `budget` of them
    floor = float(candidates[budget]) if candidates.size > budget else 1.0
    return max(skip_below, min(floor, ceiling))


def tune_thresholds(
    labels: list[str], probs: np.ndarray, y: np.ndarray
) -> tuple[dict[str, float], dict[str, float], float]:
    """Per class, the highest threshold that still catches TARGET_RECALL of the class's
    cross-validated examples, unless that costs more than the class's false-alarm budget on
    "none" (then the threshold at the budget). Returns the thresholds, the recall they give
    on the cross-validated examples, and the share of "none" on which some class fires."""
    index = {label: i for i, label in enumerate(labels)}
    none = y == index[NONE]
    thresholds: dict[str, float] = {}
    recall: dict[str, float] = {}
    for label in SAFETY_CLASSES:
        if label not in index:
            continue
        column = probs[:, index[label]]
        own = np.sort(column[y == index[label]])
        if own.size == 0:
            continue
        missed = int(np.floor((1 - TARGET_RECALL[label]) * own.size))
        for_recall = float(own[min(missed, own.size - 1)])
        at_budget = float(np.quantile(column[none], 1 - FALSE_ALARM_BUDGET[label]))
        threshold = max(for_recall, np.nextafter(at_budget, 1.0))
        thresholds[label] = float(threshold)
        recall[label] = round(float((own >= threshold).mean()), 4)
    fired = np.zeros(int(none.sum()), dtype=bool)
    for label, threshold in thresholds.items():
        fired |= probs[none, index[label]] >= threshold
    return thresholds, recall, round(float(fired.mean()), 4)
