"""Okapi BM25 over muni's Danish tokens (stems + lemmas, æ/ø/å-folded), as a sparse matrix."""

from __future__ import annotations

import re

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from muni.nlu.fast import column_sum
from muni.nlu.tokens import stems


def query_stems(query: str) -> list[str]:
    """The query's tokens that are searched for: not a single Latin letter, which names
    nothing ("a" in "can we make a campfire" met every page about the a-kasse; the "a" of
    "a-kasse" is in every such passage's "kasse" too)."""
    return [t for t in stems(query) if not _SINGLE_LETTER.fullmatch(t.removeprefix("l:"))]


_SINGLE_LETTER = re.compile(r"[a-z]")


class BM25:
    def __init__(self, documents: list[str], k1: float = 1.2, b: float = 0.75) -> None:
        self.vectorizer = CountVectorizer(tokenizer=stems, token_pattern=None, lowercase=False)
        self.idf: dict[str, float] = {}
        if not documents:
            self.matrix = sparse.csc_matrix((0, 0))
            return
        counts = self.vectorizer.fit_transform(documents).tocsr().astype(np.float64)
        lengths = np.asarray(counts.sum(axis=1)).ravel()
        avg = lengths.mean() or 1.0
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        n = counts.shape[0]
        idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
        names = self.vectorizer.get_feature_names_out()
        self.idf = {str(name): float(value) for name, value in zip(names, idf, strict=True)}
        rows = np.repeat(np.arange(n), np.diff(counts.indptr))
        tf = counts.data
        norm = k1 * (1 - b + b * lengths[rows] / avg)
        counts.data = idf[counts.indices] * tf * (k1 + 1) / (tf + norm)
        self.matrix = counts.tocsc()

    def scores(self, query: str) -> np.ndarray:
        if self.matrix.shape[0] == 0:
            return np.zeros(0)
        vocabulary = self.vectorizer.vocabulary_
        columns = sorted({vocabulary[t] for t in query_stems(query) if t in vocabulary})
        if not columns:
            return np.zeros(self.matrix.shape[0])
        return column_sum(self.matrix, columns)
