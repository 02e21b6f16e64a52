"""The safety classifier's shortcut for messages whose topic is sure: how its floor is tuned,
and that it lets such a message skip the embedding but never lowers recall on danger."""

from __future__ import annotations

import numpy as np
import pytest

from muni.nlu.classifier import lexical_features
from muni.safety import classifier as safety
from muni.safety.classifier import SafetyClassifier, _sure_skip_floor


def test_the_floor_stops_below_the_first_emergency_or_self_harm_example(monkeypatch):
    monkeypatch.setattr(safety, "SURE_TOPIC_RECALL_LOSS", 0.5)  # a budget of 3 of 6
    score = np.array([0.001, 0.02, 0.03, 0.04, 0.05, 0.5, 0.01, 0.02])
    danger = np.array([True, True, True, True, True, True, False, False])
    sure = np.array([True, True, True, True, True, True, True, True])
    never = np.array([False, False, False, True, False, False, False, False])  # 0.04
    floor = _sure_skip_floor(score, danger, sure, never, skip_below=0.01)
    assert floor == pytest.approx(0.04)  # 0.02 and 0.03 passed over, 0.04 not


def test_the_floor_passes_over_at_most_the_budget_of_danger_examples(monkeypatch):
    monkeypatch.setattr(safety, "SURE_TOPIC_RECALL_LOSS", 0.25)
    score = np.array([0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09])
    danger = np.ones(8, dtype=bool)
    sure = np.ones(8, dtype=bool)
    never = np.zeros(8, dtype=bool)
    floor = _sure_skip_floor(score, danger, sure, never, skip_below=0.01)
    assert floor == pytest.approx(0.04)
    assert (score[danger & sure] < floor).sum() == 2  # a quarter of 8


def test_examples_with_an_unsure_topic_cost_nothing_and_the_floor_never_drops():
    score = np.array([0.02, 0.03, 0.5])
    danger = np.array([True, True, True])
    sure = np.array([False, False, False])
    never = np.array([True, True, True])
    assert _sure_skip_floor(score, danger, sure, never, skip_below=0.2) >= 0.2


class CountingEmbedder:
    name = "counting"
    dim = 4

    def __init__(self) -> None:
        self.calls = 0

    def embed(self, texts):
        self.calls += len(texts)
        return np.ones((len(texts), self.dim), dtype=np.float32) / 2


def classifier(skip_below: float, sure_skip_below: float) -> SafetyClassifier:
    texts = ["ring 112 han trækker ikke vejret", "hvad koster et pas", "åbningstider borgerservice"]
    labels = ["emergency", "none", "none"]
    vectoriser = lexical_features().fit(texts)
    X = vectoriser.transform(texts)
    lexical = safety._model().fit(X, labels)
    full = safety._model().fit(safety._joined(X, np.ones((3, 4)) / 2), labels)
    return SafetyClassifier(
        sorted(set(labels)), vectoriser, lexical, full, 1.0, 1.0, skip_below,
        {"emergency": 0.5}, sure_skip_below,
    )


def test_a_sure_topic_skips_the_embedding_below_its_own_floor_only():
    model = classifier(skip_below=0.0, sure_skip_below=0.999)
    embedder = CountingEmbedder()
    model.classify("hvad koster et pas", embedder, topic_sure=True)
    assert embedder.calls == 0
    model.classify("hvad koster et pas", embedder, topic_sure=False)
    assert embedder.calls == 1


def test_a_model_saved_before_the_floor_existed_keeps_its_behaviour():
    model = classifier(skip_below=0.0, sure_skip_below=0.999)
    del model.sure_skip_below  # as unpickled from an older file
    embedder = CountingEmbedder()
    model.classify("hvad koster et pas", embedder, topic_sure=True)
    assert embedder.calls == 1
