"""A cheap stand-in for e5's vector of a message: one learned vector per e5 token.

e5 costs ~14 ms for a fact question on one core; the student costs ~0.05 ms. Its vector is
the sum of the message's token vectors divided by the square root of its length, plus the
mean e5 vector, fitted by ridge regression so that it lands on e5's own vector for the texts
training embeds anyway (phrasings, safety phrasings, ordinary messages). It is not e5: after
removing the common mean its vectors have cosine ~0.85 with e5's on unseen questions, and its
vectors lie nearer the mean (every passage looks a little more similar). So it only serves
decisions it leaves clear (`Embedder.estimate`); a step whose decision it leaves open asks
for e5 (bench/README (ac), ADR 0020).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.linalg
from scipy import sparse

RIDGE = 0.1  # chosen on the dev messages' closeness to e5 (bench/README (ac))
# A message with a smaller share of tokens the student has a vector for gets no estimate:
# German, Polish, Cyrillic or Arabic script (0.0-0.46), while 99 % of the dev messages,
# typos and English included, have at least 0.875
MIN_KNOWN = 0.85


@dataclass(eq=False)
class EmbeddingStudent:
    """Token vectors fitted onto e5: `estimate` gives a text's vector from its e5 token ids."""

    token_ids: np.ndarray  # the e5 token ids it has a vector for, ascending
    weights: np.ndarray  # one row per token id, float32
    mean: np.ndarray  # e5's mean vector over the training texts
    _rows: dict[int, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._rows = {int(token): n for n, token in enumerate(self.token_ids)}

    @classmethod
    def fit(
        cls, token_rows: Sequence[Sequence[int]], vectors: np.ndarray, ridge: float = RIDGE
    ) -> EmbeddingStudent:
        """Fit on texts (as e5 token ids) and e5's vectors of them."""
        ids = np.array(sorted({i for row in token_rows for i in row}), dtype=np.int64)
        column = {int(token): n for n, token in enumerate(ids)}
        data: list[float] = []
        cols: list[int] = []
        pointers = [0]
        for row in token_rows:
            counts: dict[int, int] = {}
            for token in row:
                counts[column[token]] = counts.get(column[token], 0) + 1
            scale = max(len(row), 1) ** 0.5
            cols.extend(counts)
            data.extend(n / scale for n in counts.values())
            pointers.append(len(cols))
        x = sparse.csr_matrix(
            (np.array(data, np.float32), cols, pointers), shape=(len(token_rows), len(ids))
        )
        mean = vectors.mean(axis=0)
        gram = (x.T @ x).toarray()  # float32: ~190 MB for the content pack's ~7,000 tokens
        gram[np.diag_indices_from(gram)] += ridge
        right = np.asarray(x.T @ (vectors - mean), dtype=np.float32)
        weights = scipy.linalg.solve(
            gram, right, assume_a="pos", overwrite_a=True, overwrite_b=True, check_finite=False
        )
        return cls(ids, weights.astype(np.float32), mean.astype(np.float32))

    def estimate(self, token_ids: Sequence[int]) -> np.ndarray | None:
        """The L2-normalised estimate of e5's vector of a text with these token ids; None if
        the student knows under MIN_KNOWN of them (another language: only e5 can tell)."""
        rows = [self._rows[t] for t in token_ids if t in self._rows]
        if not token_ids or len(rows) < MIN_KNOWN * len(token_ids):
            return None
        out = self.mean + self.weights[rows].sum(axis=0) / len(token_ids) ** 0.5
        return out / float(np.linalg.norm(out))

    def __getstate__(self) -> dict[str, object]:
        return {"token_ids": self.token_ids, "weights": self.weights, "mean": self.mean}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.__post_init__()
