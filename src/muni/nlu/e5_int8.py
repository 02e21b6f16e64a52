"""The int8 e5 graph: calibrated once per installation from texts shipped with muni.

onnxruntime's integer matrix kernels (DynamicQuantizeMatMul) embed ~1.7x faster on this
project's machines (AVX2, no VNNI) than the 4-bit MatMulNBits graph. They round each product's
input to 8 bits with one scale for the whole call, so a few channels with large values (after
GELU some are ~30x the median) would take the other channels' precision. SmoothQuant's remedy:
divide each input channel by s = max|x|^a / max|w|^(1-a) and multiply the matrix's row by it,
which leaves the product unchanged in exact arithmetic. max|x| per channel comes from running
the 4-bit graph over `e5_calibration.txt` (our own phrasings and demo pages, query and passage
sides). Vectors agree with the 4-bit graph's to cosine ~0.999 (0.997 without smoothing).

Those ranges ship with muni (`e5_int8_ranges.npz`, measured once with the 4-bit graph of
2026-11-29) instead of being measured at each installation: the 4-bit graph rounds each
product's input to 8 bits, so a change in how it computes (a fused attention kernel, a bias
added in another order) moved a few post-GELU channels' ranges by up to 19 % and with them
the int8 vectors (cosine 0.9994), which every trained model and cache depends on. With the
shipped ranges the int8 vectors change only when the ranges are measured again
(`python -m muni.nlu.e5_int8 FILE`), and then the embedder's name must change too.

One text per call (`E5Onnx` does so for this graph): the input's 8-bit scale is per call, so a
batch would make a text's vector depend on the texts beside it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from muni.nlu import e5_graph, e5_weights
from muni.nlu.e5_weights import E5Weights, dequantize

CALIBRATION = Path(__file__).with_name("e5_calibration.txt")
RANGES = Path(__file__).with_name("e5_int8_ranges.npz")  # input_ranges over CALIBRATION
ALPHA = 0.7  # how much of a channel's range moves into the matrix (0.65-0.75 measured alike)


def calibration_texts() -> list[str]:
    """The calibration texts, each with its e5 prefix ("query: ", "passage: ")."""
    lines = CALIBRATION.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def input_ranges(weights: E5Weights, texts: list[str]) -> dict[str, np.ndarray]:
    """The largest |value| of each input channel of every matrix product, over `texts`
    (run one by one through the 4-bit graph)."""
    import onnxruntime as ort

    from muni.nlu.e5_tokenizer import E5Tokenizer

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.log_severity_level = 3
    session = ort.InferenceSession(
        e5_graph.build(weights, expose=True), options, providers=["CPUExecutionProvider"]
    )
    names = [o.name for o in session.get_outputs()][1:]
    tokenizer = E5Tokenizer(weights.vocabulary)
    window = weights.max_positions - 2
    ranges: dict[str, np.ndarray] = {}
    for text in texts:
        ids = np.array([[tokenizer.bos, *tokenizer.content_ids(text)[:window], tokenizer.eos]])
        word = dequantize(weights.tensors["emb.word"][ids])
        outputs = session.run(names, {"word": word, "mask": np.ones(ids.shape, np.float32)})
        for name, value in zip(names, outputs, strict=True):
            largest = np.abs(value).reshape(-1, value.shape[-1]).max(axis=0)
            ranges[name] = np.maximum(ranges.get(name, largest), largest)
    return {name.removesuffix(".in"): r for name, r in ranges.items()}


def smoothing(weights: E5Weights, ranges: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Per matrix product, the scale of each input channel (SmoothQuant, `ALPHA`)."""
    scales = {}
    for name, x_range in ranges.items():
        layer, kind = name.rsplit(".", 1)
        kinds = ["q", "k", "v"] if kind == "q" else [kind]  # Q, K and V share one product
        blocks = np.concatenate([weights.tensors[f"{layer}.{k}.w"] for k in kinds], axis=0)
        w_range = np.abs(dequantize(blocks)).max(axis=0)  # per input channel
        scale = np.maximum(x_range, 1e-5) ** ALPHA / np.maximum(w_range, 1e-5) ** (1 - ALPHA)
        scales[name] = scale.astype(np.float32)
    return scales


def shipped_ranges() -> dict[str, np.ndarray]:
    """The input ranges measured once over the calibration texts (`RANGES`)."""
    with np.load(RANGES) as stored:
        return {name: stored[name] for name in stored.files}


def build(weights: E5Weights) -> bytes:
    """The serialised int8 graph (same inputs and output as `e5_graph.build`'s)."""
    scales = smoothing(weights, shipped_ranges())
    return e5_graph.build(weights, int8=e5_graph.Int8Linear(scales))


def write_ranges(path: Path) -> None:
    """Measure the input ranges over the calibration texts and store them at `path`."""
    ranges = input_ranges(e5_weights.load(), calibration_texts())
    np.savez_compressed(path, **{name: r.astype(np.float32) for name, r in ranges.items()})


if __name__ == "__main__":
    import sys

    write_ranges(Path(sys.argv[1]) if len(sys.argv) > 1 else RANGES)
