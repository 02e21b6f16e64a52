"""The student of e5: a vector per token, fitted so that a text's estimate lands on e5's."""

from __future__ import annotations

import pickle

import numpy as np

from muni.nlu.model_store import NluModels
from muni.nlu.student import MIN_KNOWN, EmbeddingStudent


def _data(seed: int = 0, dim: int = 8):
    rng = np.random.default_rng(seed)
    true = rng.normal(size=(30, dim)).astype(np.float32)  # the vector each token stands for
    mean = rng.normal(size=dim).astype(np.float32)
    rows = [list(rng.integers(0, 30, size=rng.integers(2, 9))) for _ in range(600)]
    targets = np.stack([mean + true[r].sum(0) / len(r) ** 0.5 for r in rows])
    return rows, targets, true, mean


def test_the_student_lands_close_to_vectors_that_are_sums_of_token_vectors():
    rows, targets, true, mean = _data()
    student = EmbeddingStudent.fit(rows, targets, ridge=1e-3)
    rng = np.random.default_rng(1)
    for _ in range(50):  # texts it was not fitted on
        row = list(rng.integers(0, 30, size=rng.integers(2, 9)))
        expected = mean + true[row].sum(0) / len(row) ** 0.5
        expected /= np.linalg.norm(expected)
        assert float(student.estimate(row) @ expected) > 0.99


def test_an_estimate_is_unit_length_and_a_few_unknown_tokens_only_dilute_it():
    rows, targets, _, _ = _data()
    student = EmbeddingStudent.fit(rows, targets)
    known = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    vector = student.estimate(known)
    assert abs(float(np.linalg.norm(vector)) - 1) < 1e-5
    diluted = student.estimate(known + [10_000])  # one token it never saw, in eleven
    assert not np.allclose(diluted, vector)
    assert float(diluted @ vector) > 0.9


def test_a_text_in_words_the_student_does_not_know_gets_no_estimate():
    rows, targets, _, _ = _data()
    student = EmbeddingStudent.fit(rows, targets)
    assert student.estimate([]) is None
    assert student.estimate([10_000, 10_001, 1]) is None  # another language: e5's to say
    share = int(np.ceil(MIN_KNOWN * 20))
    assert student.estimate(list(range(share)) + [10_000] * (20 - share)) is not None


def test_a_pickled_student_gives_the_same_estimates_and_stores_no_lookup_table():
    rows, targets, _, _ = _data()
    student = EmbeddingStudent.fit(rows, targets)
    before = student.estimate([5, 6, 7])
    assert "_rows" not in student.__getstate__()
    again = pickle.loads(pickle.dumps(student))
    assert np.array_equal(again.estimate([5, 6, 7]), before)


def test_models_saved_before_the_student_existed_load_without_one():
    old = NluModels.__new__(NluModels)
    old.__dict__.update({"intents": None, "sub_answers": None, "safety": None, "format": 5})
    assert pickle.loads(pickle.dumps(old)).student is None
