"""The student of e5: a vector per token, fitted so that a text's estimate lands on e5's."""

from __future__ import annotations

import pickle

import numpy as np

from muni.nlu.student import EmbeddingStudent


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
        assert float(student.vector(row) @ expected) > 0.99


def test_an_estimate_is_unit_length_and_unknown_tokens_only_dilute_it():
    rows, targets, _, _ = _data()
    student = EmbeddingStudent.fit(rows, targets)
    vector = student.vector([1, 2, 3])
    assert abs(float(np.linalg.norm(vector)) - 1) < 1e-5
    alone = student.vector([])  # nothing known: the mean direction
    assert np.allclose(alone, student.mean / np.linalg.norm(student.mean), atol=1e-6)
    diluted = student.vector([1, 2, 3, 10_000, 10_001])  # two tokens it never saw
    assert not np.allclose(diluted, vector)
    assert float(diluted @ vector) > 0.9


def test_a_pickled_student_gives_the_same_estimates():
    rows, targets, _, _ = _data()
    student = EmbeddingStudent.fit(rows, targets)
    before = student.vector([5, 6, 7])
    again = pickle.loads(pickle.dumps(student))
    assert np.array_equal(again.vector([5, 6, 7]), before)
    assert not again._rows or set(again._rows) == set(map(int, student.token_ids))
