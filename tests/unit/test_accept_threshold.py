"""The accept threshold: the tuned one, and the range cross-validation cannot tell apart."""

import numpy as np
import pytest

from muni.nlu.accept_threshold import accept_plateau, tune_accept


def _scored(n_in: int, n_out: int, out_confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """In-scope examples (labels 0, 1) answered right with confidence 0.95; out-of-scope ones
    (label 2) taken for label 0 with `out_confidence`, except a tenth refused (label 2) and a
    tenth taken for label 0 with 0.97, which no threshold on the grid refuses."""
    rows, y = [], []
    for i in range(n_in):
        rows.append([0.95, 0.05, 0.0] if i % 2 == 0 else [0.05, 0.95, 0.0])
        y.append(i % 2)
    for i in range(n_out):
        if i % 10 == 0:
            rows.append([0.1, 0.0, 0.9])
        elif i % 10 == 5:
            rows.append([0.97, 0.0, 0.03])
        else:
            rows.append([out_confidence, 0.0, 1 - out_confidence])
        y.append(2)
    return np.array(rows), np.array(y)


def test_accept_plateau_is_every_threshold_as_good_as_the_tuned_one():
    probs, y = _scored(400, 200, out_confidence=0.605)
    # every threshold above 0.605 and up to 0.95 refuses all out-of-scope examples and keeps all
    # in-scope answers: the tuned value is the first of them, the plateau all of them
    tuned = tune_accept(probs, y, 2)
    low, high = accept_plateau(probs, y, 2)
    assert tuned == pytest.approx(0.61)
    assert (low, high) == (pytest.approx(0.61), pytest.approx(0.9))


def test_accept_plateau_widens_when_out_of_scope_examples_are_few():
    # a gentle slope: out-of-scope confidences spread from 0.3 to 0.7, so thresholds above
    # 0.7 refuse them all; with few of them, thresholds a little lower are within the noise
    def spread(n_out: int) -> tuple[np.ndarray, np.ndarray]:
        probs, y = _scored(400, n_out, 0.5)
        out = np.flatnonzero(probs[:, 0] == 0.5)  # those with `out_confidence`
        confidence = np.linspace(0.3, 0.7, len(out))
        probs[out, 0], probs[out, 2] = confidence, 1 - confidence
        return probs, y

    few = accept_plateau(*spread(20), 2)
    many = accept_plateau(*spread(2000), 2)
    assert few[0] < many[0]
    assert few[1] == many[1] == pytest.approx(0.9)
