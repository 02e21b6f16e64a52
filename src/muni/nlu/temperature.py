"""The temperature that turns scores into calibrated probabilities, fitted continuously.

Every classifier divides its scores by a temperature fitted on cross-validated predictions
(the one that minimises their negative log-likelihood). It was picked from 56 values 10 %
apart, so it jumped a whole step when a few phrasings were added (the sub-answers' 0.2013 →
0.2225), and every decision that compares a probability with a gate or a threshold moved with
it, in every topic (bench/README (ax)). The negative log-likelihood of softmax(scores / T) is
convex in 1 / T, so a bounded search over log T finds its one minimum, and a small change of
the data moves it a little.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.optimize import minimize_scalar

LOWEST, HIGHEST = 0.02, 5.0


def best_temperature(nll: Callable[[float], float]) -> float:
    """The temperature in [LOWEST, HIGHEST] with the least `nll(temperature)`."""
    found = minimize_scalar(
        lambda log_t: nll(float(np.exp(log_t))),
        bounds=(np.log(LOWEST), np.log(HIGHEST)),
        method="bounded",
        options={"xatol": 1e-7},
    )
    return float(np.exp(found.x))


def temperature_for(scores: np.ndarray, y: np.ndarray) -> float:
    """The temperature that calibrates `scores` (rows of margins or log-probabilities, one
    column per label) best for the true labels `y`."""
    rows = np.arange(len(y))

    def nll(temperature: float) -> float:
        z = np.atleast_2d(scores) / temperature
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        p = (e / e.sum(axis=1, keepdims=True))[rows, y]
        return float(-np.mean(np.log(np.clip(p, 1e-12, 1.0))))

    return best_temperature(nll)
