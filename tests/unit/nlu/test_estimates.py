"""Deciding with an estimate of a message's meaning: the classifier and the safety classifier
use the embedder's estimate where it leaves the decision clear, and e5's own vector (`embed`)
where it does not."""

from __future__ import annotations

import zlib

import numpy as np
import pytest
from tests.unit.test_classifier import DATA

from muni.answering.intent_thresholds import Thresholds
from muni.nlu.classifier import (
    OUT_OF_SCOPE,
    OUT_OF_SCOPE_OPEN,
    TextClassifier,
    _log_softmax,
    linear_scores,
)
from muni.safety.classifier import ESTIMATE_OPEN, SafetyClassifier


class HashEmbedder:
    """Word hashing into 32 dimensions, the same in every process (crc32, not hash())."""

    name = "stable-hash-test"
    dim = 32

    def warm_up(self) -> None:
        pass

    def embed(self, texts):  # type: ignore[no-untyped-def]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.split():
                out[i, zlib.crc32(word.encode()) % self.dim] += 1
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)

    embed_passages = embed
    estimate = embed


class Estimating(HashEmbedder):
    """`estimate` gives the vector of another text (a poor estimate); `embed` counts."""

    def __init__(self, estimate_of: str) -> None:
        self.estimate_of = estimate_of
        self.embedded: list[str] = []

    def embed(self, texts):  # type: ignore[no-untyped-def]
        self.embedded += list(texts)
        return super().embed(texts)

    def estimate(self, texts):  # type: ignore[no-untyped-def]
        return HashEmbedder.embed(self, [self.estimate_of] * len(texts))


@pytest.fixture(scope="module")
def model() -> TextClassifier:
    texts = [t for ts in DATA.values() for t in ts]
    labels = [label for label, ts in DATA.items() for _ in ts]
    trained, _ = TextClassifier.train(texts, labels, HashEmbedder(), folds=4)
    trained.gate = 1e9  # the words never decide alone: every message reaches the embedding
    return trained


def _unsure(model: TextClassifier, text: str) -> str:
    assert not model.lexically_sure(model.features([text]))[0]
    return text


def test_an_estimate_that_leaves_the_decision_clear_decides(model):
    text = _unsure(model, "mit pas udløber")
    embedder = Estimating("pas pris")
    prediction = model.predict(text, embedder, open_between=(0.0, 0.0))
    assert embedder.embedded == []
    assert np.allclose(prediction.vector, HashEmbedder().embed(["pas pris"])[0])


def test_a_decision_the_estimate_leaves_open_is_made_with_e5(model):
    text = _unsure(model, "mit pas udløber")
    embedder = Estimating("pas pris")
    prediction = model.predict(text, embedder, open_between=(0.0, 1.01))
    assert len(embedder.embedded) == 1
    exact = model.predict(text, HashEmbedder())  # no estimates at all
    assert prediction.ranked == exact.ranked


def test_out_of_scope_in_the_estimate_is_for_e5_to_confirm(model):
    text = _unsure(model, "noget helt andet")
    embedder = Estimating("hvad bliver vejret")
    lexical = _log_softmax(np.atleast_2d(linear_scores(model.lexical, model.features([text]))),
                           model.lexical_temperature)
    estimated = dict(zip(model.labels, model._fused(lexical, embedder.estimate([text])),
                         strict=True))
    assert estimated[OUT_OF_SCOPE] >= OUT_OF_SCOPE_OPEN  # what the estimate says
    model.predict(text, embedder, open_between=(1.0, 1.0))  # no band: only out of scope
    assert len(embedder.embedded) == 1


def test_without_a_band_the_classifier_uses_e5_as_before(model):
    text = _unsure(model, "mit pas udløber")
    embedder = Estimating("pas pris")
    model.predict(text, embedder)
    assert len(embedder.embedded) == 1


def _safety() -> SafetyClassifier:
    phrasings = {
        "emergency": ["ring 112 han trækker ikke vejret", "min far er faldet og bløder meget",
                      "der brænder i opgangen", "hun er bevidstløs", "han har fået et hjertestop",
                      "bilen kørte ind i cyklisten og han ligger stille"],
        "self_harm": ["jeg orker ikke mere at leve", "jeg vil gøre en ende på det",
                      "ingen vil savne mig", "jeg har tænkt på at tage mit liv",
                      "jeg kan ikke mere og vil bare væk", "jeg har skrevet et afskedsbrev"],
    }
    negatives = ["hvad koster et pas", "åbningstider borgerservice", "hvornår tømmes skraldet",
                 "jeg skal have nyt sundhedskort", "hvordan søger jeg boligstøtte",
                 "hvor ligger genbrugspladsen"]
    model, _ = SafetyClassifier.train(phrasings, negatives, HashEmbedder(), folds=2)
    model.skip_below = 0.0  # always past the lexical floor: the embedding step is tested
    model.sure_skip_below = 0.0
    return model


def test_safety_takes_an_estimate_only_far_from_every_threshold():
    model = _safety()
    model.thresholds = {"emergency": 0.9, "self_harm": 0.9}  # known thresholds for the toy
    calm = Estimating("hvad koster et pas")
    verdict = model.classify("hvad koster et pas", calm, use_estimate=True)
    probs = model._full_probs(model.vectoriser.transform(["hvad koster et pas"]),
                              calm.estimate(["x"]))
    assert all(probs[model.labels.index(label)] < ESTIMATE_OPEN * 0.9
               for label in ("emergency", "self_harm"))
    assert calm.embedded == []  # far from every class: the estimate decides
    assert verdict.label == "none"
    # an estimate that comes near a class is never the last word: e5's vector decides
    text = "min far er faldet og bløder meget"
    near = Estimating("ring 112 han trækker ikke vejret")
    verdict = model.classify(text, near, use_estimate=True)
    assert len(near.embedded) == 1
    assert verdict == model.classify(text, HashEmbedder())
    # and without `estimate` e5 decides as before
    plain = Estimating("hvad koster et pas")
    model.classify(text, plain)
    assert len(plain.embedded) == 1


def test_the_open_band_always_reaches_0_1_either_side_of_accept():
    assert Thresholds(accept=0.8).open_between() == pytest.approx((0.5, 0.9))
    assert Thresholds(accept=0.45).open_between() == pytest.approx((0.35, 0.9))
    assert Thresholds(accept=0.95).open_between() == pytest.approx((0.5, 1.05))
    tenant = Thresholds.from_data({"accept": 0.8}, {"estimate_open_from": 0.3})
    assert tenant.open_between() == pytest.approx((0.3, 0.9))
