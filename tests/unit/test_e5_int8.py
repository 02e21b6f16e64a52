"""The int8 e5 graph: close to the 4-bit graph's vectors, independent of what is embedded
beside a text, calibrated from the shipped texts, and built once per installation."""

import numpy as np
import onnx
import pytest

from muni.nlu import e5_graph, e5_int8, e5_weights
from muni.nlu.e5_onnx import E5Onnx, graph_file_in
from tests.unit.e5_texts import TEXTS as SHARED

# and two more a citizen might write
TEXTS = [
    *SHARED,
    "kan jeg få tilskud til briller når jeg er på kontanthjælp",
    "genbrugspladsen åbningstider søndag",
]


@pytest.fixture(scope="module")
def engines():
    return E5Onnx(threads=1), E5Onnx(threads=1, precision="int8")


def test_int8_vectors_agree_with_the_4_bit_graph(engines):
    q4, int8 = engines
    ours, theirs = int8.query(TEXTS), q4.query(TEXTS)
    cosine = (ours * theirs).sum(axis=1)
    assert cosine.min() > 0.995, cosine
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    # each text is nearest its own 4-bit vector, and similar questions stay similar
    assert (np.argmax(ours @ theirs.T, axis=1) == np.arange(len(TEXTS))).all()
    passage = int8.passage("Et pas til voksne koster 893 kr. og er gyldigt i 10 år.")
    assert float(passage @ ours[0]) > float(passage @ ours[3])


def test_a_text_gets_the_same_vector_alone_and_in_a_batch(engines):
    _, int8 = engines
    batch = int8.query(TEXTS)
    for text, vector in zip(TEXTS, batch, strict=True):
        assert np.array_equal(int8.query(text), vector)  # one text per call: bit for bit
    long_text = " ".join(f"Afsnit {i}: pas koster {800 + i} kr." for i in range(120))
    assert np.array_equal(int8.passage([long_text, "kort"])[0], int8.passage(long_text))


def test_the_calibration_covers_every_matrix_and_both_sides():
    texts = e5_int8.calibration_texts()
    assert sum(t.startswith("query: ") for t in texts) >= 100
    assert sum(t.startswith("passage: ") for t in texts) >= 30
    weights = e5_weights.load()
    ranges = e5_int8.input_ranges(weights, texts[:5])
    scales = e5_int8.smoothing(weights, ranges)
    assert len(scales) == 4 * weights.layers  # Q/K/V together, attention out, FFN in and out
    assert {len(s) for name, s in scales.items() if name.endswith(".fo")} == {weights.ffn}
    assert all(np.isfinite(s).all() and (s > 0).all() for s in scales.values())


def test_the_shipped_ranges_are_the_calibration_measured_once(monkeypatch):
    weights = e5_weights.load()
    shipped = e5_int8.shipped_ranges()
    measured = e5_int8.input_ranges(weights, e5_int8.calibration_texts())
    assert shipped.keys() == measured.keys() and len(shipped) == 4 * weights.layers
    for name, ranges in shipped.items():
        assert ranges.shape == measured[name].shape, name
        # the 4-bit graph's roundings move a few channels; the bulk agrees
        change = np.abs(ranges - measured[name]) / measured[name]
        assert np.median(change) < 0.02 and change.max() < 0.5, (name, change.max())

    def measure_again(*_args):
        raise AssertionError("building the graph must not measure the ranges again")

    monkeypatch.setattr(e5_int8, "input_ranges", measure_again)
    assert e5_int8.build(weights)  # from the shipped ranges alone


def test_smoothing_moves_scale_into_the_matrix_without_changing_the_product():
    weights = e5_weights.load()
    matrix = e5_weights.dequantize(weights.tensors["l0.fo.w"]).T  # [in, out]
    rng = np.random.default_rng(1)
    x = rng.normal(size=(4, matrix.shape[0])).astype(np.float32)
    x[:, 7] *= 40  # one large channel, as after GELU
    scale = e5_int8.smoothing(weights, {"l0.fo": np.abs(x).max(axis=0)})["l0.fo"]
    assert scale[7] > 10 * np.median(scale)
    assert np.allclose((x / scale) @ (matrix * scale[:, None]), x @ matrix, rtol=1e-3, atol=1e-3)


def test_the_int8_graph_uses_integer_kernels_only(tmp_path):
    built = graph_file_in(tmp_path, "int8")
    E5Onnx(graph_file=built, precision="int8")
    kinds = [node.op_type for node in onnx.load(built).graph.node]
    layers = e5_weights.load().layers
    assert kinds.count("DynamicQuantizeMatMul") == 4 * layers and "MatMulNBits" not in kinds
    assert built.name.startswith("e5-small-int8-") and list(tmp_path.iterdir()) == [built]
    stamp = built.stat().st_mtime_ns
    E5Onnx(graph_file=built, precision="int8")
    assert built.stat().st_mtime_ns == stamp  # read, not built again


def test_the_graph_builder_exposes_each_product_input_for_calibration():
    model = onnx.load_from_string(e5_graph.build(e5_weights.load(), expose=True))
    outputs = [o.name for o in model.graph.output]
    assert outputs[0] == "pooled" and "l11.fo.in" in outputs and len(outputs) == 1 + 48


def test_an_unknown_precision_is_refused():
    with pytest.raises(ValueError, match="unknown e5 precision"):
        E5Onnx(precision="fp8")
