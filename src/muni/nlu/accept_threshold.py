"""The intent model's accept threshold, from cross-validated predictions: the one that best
balances answering in-scope questions right and refusing out-of-scope ones (`tune_accept`),
and the range of thresholds cross-validation cannot tell apart from it (`accept_plateau`),
which training reports so that the value content/nlu.yaml pins can be checked against it."""

from __future__ import annotations

import numpy as np

ACCEPT_GRID = np.linspace(0.2, 0.9, 71)


def _accept_rates(probs: np.ndarray, y: np.ndarray, oos: int) -> tuple[np.ndarray, np.ndarray]:
    """For every threshold of ACCEPT_GRID: the share of in-scope examples answered with the
    right label, and the share of out-of-scope examples refused."""
    top, best = probs.max(1)[:, None], probs.argmax(1)[:, None]
    in_scope = y != oos
    answered_right = ((best == y[:, None]) & (top >= ACCEPT_GRID))[in_scope].mean(0)
    refused = ((best == oos) | (top < ACCEPT_GRID))[~in_scope].mean(0)
    return answered_right, refused


def tune_accept(probs: np.ndarray, y: np.ndarray, oos: int) -> float:
    """The accept threshold that best balances answering in-scope questions right and
    refusing out-of-scope ones, on cross-validated predictions (balanced accuracy)."""
    return study_accept(probs, y, oos)[0]


def accept_plateau(probs: np.ndarray, y: np.ndarray, oos: int) -> tuple[float, float]:
    """The lowest and highest accept thresholds whose balanced accuracy is within one
    standard error of the best one's.

    On muni's content the curve is flat from about 0.6 to 0.86: with some 250 out-of-scope
    examples, one of them is worth 0.004, and adding ten phrasings moved the best threshold
    from 0.84 to 0.61 (bench/README (w)). Any threshold in this range is as good as the
    tuned one by cross-validation, so the content pins `accept` (content/nlu.yaml) and
    training reports this range to check that the pinned value is still inside it."""
    return study_accept(probs, y, oos)[1]


def study_accept(probs: np.ndarray, y: np.ndarray, oos: int) -> tuple[float, tuple[float, float]]:
    """Both at once, from one pass over the grid: the tuned threshold (`tune_accept`) and the
    plateau around it (`accept_plateau`). Training calls this."""
    answered_right, refused = _accept_rates(probs, y, oos)
    balanced = answered_right + refused
    best = int(np.argmax(balanced))
    n_in, n_out = int(np.sum(y != oos)), int(np.sum(y == oos))
    p, q = answered_right[best], refused[best]
    error = float(np.sqrt(p * (1 - p) / max(n_in, 1) + q * (1 - q) / max(n_out, 1)))
    near = ACCEPT_GRID[balanced >= balanced[best] - error]
    plateau = (float(round(near.min(), 3)), float(round(near.max(), 3)))
    return float(round(ACCEPT_GRID[best], 3)), plateau
