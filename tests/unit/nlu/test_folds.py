"""Folds by each example's own text: an added example moves no other one (bench/README (ax))."""

import numpy as np

from muni.nlu.folds import folds_by_text


def _texts(n: int) -> list[str]:
    return [f"eksempel nummer {i} om noget" for i in range(n)]


def test_every_example_is_held_out_once():
    splits = folds_by_text(_texts(500), 5)
    held_out = np.concatenate([test for _train, test in splits])
    assert sorted(held_out) == list(range(500))
    for train, test in splits:
        assert not set(train) & set(test) and len(train) + len(test) == 500
        assert 70 <= len(test) <= 130  # about a fifth each


def test_added_examples_leave_the_others_in_their_folds():
    texts = _texts(500)
    before = folds_by_text(texts, 5)
    after = folds_by_text([*texts[:200], "seks nye", "formuleringer her", *texts[200:]], 5)

    def fold_of_each(splits, names):
        return {names[i]: k for k, (_train, test) in enumerate(splits) for i in test}

    old = fold_of_each(before, texts)
    new = fold_of_each(after, [*texts[:200], "seks nye", "formuleringer her", *texts[200:]])
    assert all(new[text] == old[text] for text in texts)


def test_the_seed_deals_again():
    texts = _texts(200)
    first = folds_by_text(texts, 5, seed=0)
    second = folds_by_text(texts, 5, seed=1)
    assert any(not np.array_equal(a[1], b[1]) for a, b in zip(first, second, strict=True))
