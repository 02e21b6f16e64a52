"""Fast paths for one message: scikit-learn's transform and decision calls validate their
input on every call, which costs several milliseconds per message; the arithmetic itself
takes microseconds. These functions do the same arithmetic for one text or row (tests check
that they agree with scikit-learn)."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion


def _tfidf_row(vectoriser: TfidfVectorizer, text: str) -> sparse.csr_matrix:
    analyse = vectoriser.__dict__.get("_muni_analyser")
    if analyse is None:
        analyse = vectoriser.build_analyzer()
        vectoriser.__dict__["_muni_analyser"] = analyse
    vocabulary = vectoriser.vocabulary_
    counts: dict[int, int] = {}
    for token in analyse(text):
        column = vocabulary.get(token)
        if column is not None:
            counts[column] = counts.get(column, 0) + 1
    size = len(vocabulary)
    if not counts:
        return sparse.csr_matrix((1, size))
    columns = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    values = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
    if vectoriser.sublinear_tf:
        values = 1.0 + np.log(values)
    if vectoriser.use_idf:
        values = values * vectoriser.idf_[columns]
    if vectoriser.norm == "l2":
        norm = np.sqrt((values**2).sum())
        if norm > 0:
            values = values / norm
    order = np.argsort(columns)
    return sparse.csr_matrix(
        (values[order], columns[order], np.array([0, len(columns)])), shape=(1, size)
    )


def transform_one(union: FeatureUnion, text: str) -> sparse.csr_matrix:
    """The feature row of one text, as `union.transform([text])` gives it."""
    parts = [_tfidf_row(vectoriser, text) for _name, vectoriser in union.transformer_list]
    return sparse.hstack(parts, format="csr")


def linear_scores(model: Any, rows: Any) -> np.ndarray:
    """`model.decision_function(rows)` for a fitted linear model, always 2-D (one column per
    class; a two-class model's single margin is split into two, as the callers expect)."""
    scores = rows @ model.coef_.T
    scores = np.asarray(scores.todense() if sparse.issparse(scores) else scores)
    scores = scores + model.intercept_
    if scores.shape[1] == 1:
        return np.hstack([-scores / 2, scores / 2])
    return scores


def softmax_rows(scores: np.ndarray) -> np.ndarray:
    z = scores - scores.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def logistic_proba(model: Any, rows: Any) -> np.ndarray:
    """`predict_proba` of a fitted multinomial (or binary) LogisticRegression."""
    scores = np.asarray(rows @ model.coef_.T) + model.intercept_
    if scores.shape[1] == 1:
        p = 1.0 / (1.0 + np.exp(-scores))
        return np.hstack([1 - p, p])
    return softmax_rows(scores)
