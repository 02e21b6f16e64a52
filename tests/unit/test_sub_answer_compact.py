"""Sub-answer SVMs kept sparse: the same scores, a fraction of the memory, and models saved
before compacting existed are compacted on load."""

from __future__ import annotations

import pickle

import numpy as np
from scipy import sparse
from sklearn.svm import LinearSVC

from muni.nlu import model_store
from muni.nlu.sub_answers import SubAnswerModel, _TopicModel


def topic_model(seed: int) -> tuple[_TopicModel, sparse.csr_matrix]:
    """An SVM over 20,000 features of which each topic's phrasings use a few hundred."""
    rng = np.random.default_rng(seed)
    used = rng.choice(20_000, size=300, replace=False)
    rows = sparse.random(120, 300, density=0.05, random_state=seed, format="csr")
    X = sparse.csr_matrix((rows.data, used[rows.indices], rows.indptr), shape=(120, 20_000))
    y = np.arange(120) % 4
    svm = LinearSVC(C=1.0, class_weight="balanced").fit(X, y)
    return _TopicModel(["overview", "pris", "tid", "alder"], svm, None), X


def test_compact_keeps_every_score_and_shrinks_the_model():
    topics, inputs = {}, {}
    for n, name in enumerate(("pas", "affald", "flytning")):
        topics[name], inputs[name] = topic_model(n)
    model = SubAnswerModel(topics, weight=0.5, temperature=1.0, gate=0.9, accept=0.3)
    before = {name: model.scores(name, inputs[name][:10], lambda: None) for name in topics}
    dense_size = len(pickle.dumps(model))
    model.compact()
    assert all(sparse.issparse(t.lexical.coef_) for t in topics.values())
    after = {name: model.scores(name, inputs[name][:10], lambda: None) for name in topics}
    for name in topics:
        assert [label for label, _ in after[name]] == [label for label, _ in before[name]]
        assert np.allclose([p for _, p in after[name]], [p for _, p in before[name]])
    assert len(pickle.dumps(model)) < dense_size / 10


def test_models_saved_dense_are_compacted_on_load(tmp_path):
    topic, _ = topic_model(7)
    models = model_store.NluModels(intents=None, sub_answers=SubAnswerModel(  # type: ignore[arg-type]
        {"pas": topic}, weight=0.5, temperature=1.0, gate=0.9, accept=0.3))
    path = tmp_path / "old.pkl"
    path.write_bytes(pickle.dumps(models))  # as files written before compact() existed
    assert not sparse.issparse(topic.lexical.coef_)
    loaded = model_store.load(path)
    assert sparse.issparse(loaded.sub_answers.topics["pas"].lexical.coef_)
    model_store.save(loaded, tmp_path / "new.pkl")
    assert (tmp_path / "new.pkl").stat().st_size < path.stat().st_size / 5
