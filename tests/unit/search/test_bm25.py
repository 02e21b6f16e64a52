"""BM25 scores: rarer shared words count more, and the fast column sum is scipy's."""

import numpy as np

from muni.nlu.tokens import stems
from muni.search.bm25 import BM25

DOCS = [
    "Et pas til voksne koster 893 kr. Pas bestilles i Borgerservice.",
    "Genbrugspladsen har åbent alle dage 7-19.",
    "Storskrald hentes hver anden uge. Bestil afhentning af storskrald på nettet.",
    "Borgerservice har åbent mandag til fredag.",
    "",
]


def test_scores_favour_documents_with_the_rare_words_of_the_query():
    bm25 = BM25(DOCS)
    scores = bm25.scores("hvad koster et pas")
    assert scores.shape == (len(DOCS),) and int(np.argmax(scores)) == 0
    assert scores[1] == 0 and scores[4] == 0
    assert int(np.argmax(bm25.scores("storskrald afhentning"))) == 2
    assert not bm25.scores("fodbold").any()
    assert BM25([]).scores("pas").shape == (0,)


def test_the_column_sum_equals_scipys_slice_and_sum():
    bm25 = BM25(DOCS)
    vocabulary = bm25.vectorizer.vocabulary_
    for query in ("borgerservice åbent pas", "genbrugspladsen åbent alle dage", "storskrald"):
        columns = sorted({vocabulary[t] for t in stems(query) if t in vocabulary})
        expected = np.asarray(bm25.matrix[:, columns].sum(axis=1)).ravel()
        np.testing.assert_allclose(bm25.scores(query), expected, rtol=1e-12)


def test_a_single_letter_of_the_query_matches_nothing():
    # "a" in "can we make a campfire" met every passage about the a-kasse
    bm25 = BM25([*DOCS, "Meld dig ledig hos din a-kasse første dag."])
    assert not bm25.scores("can we make a campfire").any()
    assert int(np.argmax(bm25.scores("a-kasse ledig"))) == len(DOCS)
