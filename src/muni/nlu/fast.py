"""Fast paths for one message: scikit-learn's transform and decision calls validate their
input on every call, which costs several milliseconds per message; the arithmetic itself
takes microseconds. These functions do the same arithmetic for one text or row (tests check
that they agree with scikit-learn).

scipy's own sparse products and stacking have the same problem on a scale smaller by ten
(index checks, format conversions: ~0.1-0.4 ms a call, several calls a message). So one
message's row is built as one CSR matrix directly, and a single row times a model's weights
is done on the row's ~100 non-zero columns with numpy: a column slice of dense weights, or
a gather from sparse weights, which are turned column-major once (in place) for that.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion


def _tfidf_parts(vectoriser: TfidfVectorizer, text: str) -> tuple[np.ndarray, np.ndarray, int]:
    """One text's tf-idf row as (sorted columns, values, width)."""
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
        return np.empty(0, np.int64), np.empty(0, np.float64), size
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
    return columns[order], values[order], size


def one_row(columns: np.ndarray, values: np.ndarray, width: int) -> sparse.csr_matrix:
    """A 1 x width CSR matrix from sorted columns and their values."""
    return sparse.csr_matrix(
        (values, columns, np.array([0, len(columns)], dtype=np.int64)), shape=(1, width)
    )


def transform_one(union: FeatureUnion, text: str) -> sparse.csr_matrix:
    """The feature row of one text, as `union.transform([text])` gives it."""
    columns, values, offset = [], [], 0
    for _name, vectoriser in union.transformer_list:
        part_columns, part_values, width = _tfidf_parts(vectoriser, text)
        columns.append(part_columns + offset)
        values.append(part_values)
        offset += width
    return one_row(np.concatenate(columns), np.concatenate(values), offset)


def _by_column(model: Any) -> sparse.csc_matrix:
    """The model's sparse weights, column-major: converted in place on first use (not copied:
    the sub-answer models' weights are ~30 MB in a worker; scikit-learn takes either kind)."""
    coef = model.coef_
    if not isinstance(coef, sparse.csc_matrix):
        coef = sparse.csc_matrix(coef)
        model.coef_ = coef
    return coef


def _row_scores(model: Any, columns: np.ndarray, values: np.ndarray) -> np.ndarray:
    """coef_ @ row for one row given by its non-zero columns: [classes]."""
    coef = model.coef_
    if not sparse.issparse(coef):
        return np.asarray(coef[:, columns] @ values, dtype=np.float64)
    return column_sum(_by_column(model), columns, values)


def column_sum(matrix: sparse.csc_matrix, columns: Any, factors: Any = None) -> np.ndarray:
    """matrix[:, columns] @ factors (all ones if None) for a column-major matrix: [rows]."""
    columns = np.asarray(columns, dtype=np.int64)
    starts = matrix.indptr[columns]
    lengths = matrix.indptr[columns + 1] - starts
    # the positions of every stored value of these columns, column after column
    at = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
    data = matrix.data[at]
    if factors is not None:
        data = data * np.repeat(factors, lengths)
    return np.bincount(matrix.indices[at], weights=data, minlength=matrix.shape[0])


def linear_scores(model: Any, rows: Any) -> np.ndarray:
    """`model.decision_function(rows)` for a fitted linear model, always 2-D (one column per
    class; a two-class model's single margin is split into two, as the callers expect)."""
    if sparse.issparse(rows) and rows.format == "csr" and rows.shape[0] == 1:
        scores = _row_scores(model, rows.indices, rows.data)[None, :]
    else:
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
