"""fit_in_parallel: every kind's final model on all rows, and per fold its held-out scores."""

import numpy as np

from muni.nlu.parallel_fits import fit_in_parallel


def mean_fit(kind, data, y, train, test):  # type: ignore[no-untyped-def]
    """A "model" that is the mean of its training rows (times 10 for the second kind)."""
    model = (data if train is None else data[train]).mean() * (10 if kind == "big" else 1)
    return model if test is None else np.full(len(test), model)


def test_finals_on_all_rows_and_scores_on_each_fold():
    data = np.arange(6, dtype=float)
    splits = [(np.array([2, 3, 4, 5]), np.array([0, 1])),
              (np.array([0, 1]), np.array([2, 3, 4, 5]))]
    finals, held_out = fit_in_parallel(mean_fit, {"small": data, "big": data}, data, splits)
    assert finals == {"small": 2.5, "big": 25.0}
    assert [(kind, test.tolist(), scores.tolist()) for kind, test, scores in held_out] == [
        ("small", [0, 1], [3.5, 3.5]),
        ("big", [0, 1], [35.0, 35.0]),
        ("small", [2, 3, 4, 5], [0.5] * 4),
        ("big", [2, 3, 4, 5], [5.0] * 4),
    ]
