"""Small helpers: embeddings kept with a conversation, and the date a page says it changed."""

import numpy as np

from muni.crawl.extract import extract, parse_date
from muni.nlu.classifier import EMBEDDING_WORDS, embedding_text
from muni.nlu.vectors import pack, together, unpack


def test_vectors_survive_the_round_trip_and_bad_text_is_refused():
    vector = np.random.default_rng(1).normal(size=384).astype(np.float32)
    vector /= np.linalg.norm(vector)
    back = unpack(pack(vector))
    assert back is not None and np.allclose(back, vector, atol=1e-3)
    assert unpack(None) is None and unpack("not base64!") is None
    assert unpack(pack(vector[:10])) is None
    both = together(vector, -vector + 0.1)
    assert both is not None and abs(np.linalg.norm(both) - 1) < 1e-6
    assert together(None, None) is None


def test_long_messages_are_cut_for_the_embedder():
    words = " ".join(f"ord{i}" for i in range(40))
    kept = embedding_text(words).split()
    assert len(kept) == EMBEDDING_WORDS and kept[0] == "ord0" and kept[-1] == "ord39"
    assert embedding_text("  Hvad KOSTER et pas  ") == "hvad koster et pas"


def test_page_dates():
    assert parse_date("3. juni 2019") == "2019-06-03"
    assert parse_date("30.09.2026") == "2026-09-30"
    assert parse_date("31. feb 2020") is None
    html = ("<html><body><main><h1>Pas</h1><p>Et pas koster 893 kr.</p>"
            "<p>Senest opdateret 12. oktober 2026</p></main></body></html>")
    assert extract(html).updated == "2026-10-12"
