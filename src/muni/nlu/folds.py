"""Cross-validation folds that a content edit leaves in place.

Thresholds tuned on cross-validated predictions depend on which fold each example was in.
sklearn's shuffled StratifiedKFold deals the examples out afresh whenever their number
changes, so six phrasings added to one topic moved every other example to another fold, and
the safety thresholds, which are single examples' held-out probabilities, moved by up to 15 %
(the fraud class's from 0.490 to 0.445; bench/README (ax)). Here an example's fold is a hash
of its own text: an added phrasing joins one fold and no other example moves.

The folds are not stratified; with the class sizes here (40 and more examples for a safety
class) each fold still gets about a fifth of every class.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np


def fold_of(text: str, folds: int, seed: int = 0) -> int:
    """The fold of one example: a hash of the seed and its text."""
    digest = hashlib.blake2b(f"{seed}\x00{text}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % folds


def folds_by_text(
    texts: Sequence[str], folds: int, seed: int = 0
) -> list[tuple[np.ndarray, np.ndarray]]:
    """(training rows, held-out rows) for each fold, as sklearn's splitters give them."""
    fold = np.array([fold_of(text, folds, seed) for text in texts])
    return [(np.flatnonzero(fold != k), np.flatnonzero(fold == k)) for k in range(folds)]
