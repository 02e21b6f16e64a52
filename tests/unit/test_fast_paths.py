"""The one-message fast paths give what scikit-learn gives."""

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from muni.nlu.classifier import lexical_features
from muni.nlu.fast import linear_scores, logistic_proba, transform_one

TEXTS = ["hvad koster et pas", "hvornår kommer skraldebilen", "pas til baby", "storskrald sofa",
         "rotter i haven", "hvad koster et nyt sundhedskort", "hej", "tak for hjælpen",
         "genbrugspladsen åbningstider søndag", "kan jeg få boligstøtte som studerende"]
LABELS = [0, 1, 0, 1, 2, 0, 3, 3, 1, 2]


def test_transform_one_matches_the_feature_union():
    union = lexical_features().fit(TEXTS)
    for text in [*TEXTS, "et helt nyt ord her", "", "PAS!!! pris??"]:
        fast = transform_one(union, text).toarray()
        slow = union.transform([text]).toarray()
        np.testing.assert_allclose(fast, slow, atol=1e-12)


def test_linear_scores_and_probabilities_match():
    union = lexical_features().fit(TEXTS)
    X = union.transform(TEXTS)
    svc = LinearSVC().fit(X, LABELS)
    np.testing.assert_allclose(linear_scores(svc, X), svc.decision_function(X), atol=1e-12)
    binary = LinearSVC().fit(X, [label % 2 for label in LABELS])
    margins = linear_scores(binary, X)
    np.testing.assert_allclose(margins[:, 1] - margins[:, 0], binary.decision_function(X))
    dense = np.random.default_rng(0).normal(size=(10, 5))
    lr = LogisticRegression(max_iter=500).fit(dense, LABELS)
    np.testing.assert_allclose(logistic_proba(lr, dense), lr.predict_proba(dense), atol=1e-9)
    lr2 = LogisticRegression(max_iter=500).fit(dense, [label % 2 for label in LABELS])
    np.testing.assert_allclose(logistic_proba(lr2, dense), lr2.predict_proba(dense), atol=1e-9)


def test_one_row_scores_match_for_dense_and_sparse_weights():
    union = lexical_features().fit(TEXTS)
    X = union.transform(TEXTS)
    for labels in (LABELS, [label % 2 for label in LABELS]):
        svc = LinearSVC().fit(X, labels)
        rows = [transform_one(union, t) for t in [*TEXTS, "et helt nyt ord", "", "pas pas pas"]]
        dense = [linear_scores(svc, row) for row in rows]
        svc.sparsify()  # as SubAnswerModel.compact does: then turned column-major in place
        for row, before in zip(rows, dense, strict=True):
            sparse_scores = linear_scores(svc, row)
            slow = np.atleast_2d(svc.decision_function(row))
            np.testing.assert_allclose(sparse_scores, before, atol=1e-12)
            if slow.shape[1] == 1:
                np.testing.assert_allclose(sparse_scores[:, 1] - sparse_scores[:, 0], slow[:, 0])
            else:
                np.testing.assert_allclose(sparse_scores, slow, atol=1e-12)


def test_new_weights_are_scored_as_they_are():
    union = lexical_features().fit(TEXTS)
    X = union.transform(TEXTS)
    svc = LinearSVC().fit(X, LABELS)
    svc.sparsify()
    row = transform_one(union, "hvad koster et pas")
    first = linear_scores(svc, row)
    assert svc.coef_.format == "csc"  # converted, not copied
    svc.coef_ = (svc.coef_ * 2.0).tocsr()  # retrained or changed weights
    again = linear_scores(svc, row) - svc.intercept_
    np.testing.assert_allclose(again, 2 * (first - svc.intercept_))
    np.testing.assert_allclose(svc.decision_function(row), linear_scores(svc, row), atol=1e-12)
