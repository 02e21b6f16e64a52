"""The embedding disk cache: vectors survive a new process after flush(), not before."""

import numpy as np
import pytest

from muni.nlu.embedder import DiskCachedEmbedder
from tests.unit.test_classifier import HashEmbedder


class Refusing(HashEmbedder):
    def embed(self, texts):
        raise AssertionError("should have come from the cache")

    embed_passages = embed


def test_flush_writes_once_and_a_new_instance_reads_it(tmp_path):
    first = DiskCachedEmbedder(HashEmbedder(), tmp_path)
    queries = first.embed(["hvad koster et pas", "storskrald"])
    passages = first.embed_passages(["Pas koster 700 kr."])
    assert list(tmp_path.iterdir()) == []  # nothing written per call
    first.flush()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "embeddings-hash-test.npz", "passages-hash-test.npz"]
    again = DiskCachedEmbedder(Refusing(), tmp_path)
    assert np.allclose(again.embed(["storskrald", "hvad koster et pas"]), queries[::-1])
    assert np.allclose(again.embed_passages(["Pas koster 700 kr."]), passages)
    with pytest.raises(AssertionError):
        again.embed(["et nyt spørgsmål"])
