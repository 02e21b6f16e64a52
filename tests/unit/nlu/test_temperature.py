"""The calibrating temperature is the minimum of the negative log-likelihood itself, not the
nearest of a few values, so a small change of the data moves it a little (bench/README (ax))."""

import numpy as np

from muni.nlu.temperature import HIGHEST, LOWEST, best_temperature


def _nll_of(scores: np.ndarray, y: np.ndarray):
    def nll(t: float) -> float:
        z = scores / t
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-logp[np.arange(len(y)), y].mean())

    return nll


def _sample(true_temperature: float, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    scores = rng.normal(size=(n, 6))
    p = np.exp(scores / true_temperature)
    p /= p.sum(axis=1, keepdims=True)
    y = np.array([rng.choice(6, p=row) for row in p])
    return scores, y


def test_the_temperature_is_the_minimum_itself():
    scores, y = _sample(0.3, 2000, seed=0)
    nll = _nll_of(scores, y)
    dense = np.exp(np.linspace(np.log(LOWEST), np.log(HIGHEST), 20_001))  # steps of 0.03 %
    reference = float(min(dense, key=nll))
    assert abs(best_temperature(nll) / reference - 1) < 1e-3
    assert abs(reference / 0.3 - 1) < 0.1  # and it recovers the temperature of the data


def test_a_few_more_rows_move_the_temperature_a_little():
    scores, y = _sample(0.3, 4000, seed=1)
    more, more_y = _sample(0.3, 20, seed=2)
    before = best_temperature(_nll_of(scores, y))
    after = best_temperature(_nll_of(np.vstack([scores, more]), np.concatenate([y, more_y])))
    assert 0 < abs(after / before - 1) < 0.01


def test_scores_with_no_information_get_the_highest_temperature():
    scores, _ = _sample(0.3, 500, seed=3)
    y = np.random.default_rng(4).integers(0, 6, size=500)  # labels unrelated to the scores
    assert best_temperature(_nll_of(scores, y)) > 0.9 * HIGHEST
