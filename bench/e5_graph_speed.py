"""Time e5 graph files against each other on the same questions, one thread, interleaved.

    python -m muni.nlu.e5_graph /tmp/new-int8.onnx int8          # the graph this checkout builds
    PYTHONPATH=<older worktree>/src python -m muni.nlu.e5_graph /tmp/old-int8.onnx int8
    python bench/e5_graph_speed.py /tmp/old-int8.onnx /tmp/new-int8.onnx [--precision int8]

Each round embeds the first 100 questions of `dev/facts_pages.jsonl` one by one with every
graph in turn, so a machine that slows down for a while slows all of them alike; the median
over the rounds is printed per graph, with the smallest cosine between the first graph's
vectors and each other's (the same weights should give the same vectors).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from muni.nlu.e5_onnx import E5Onnx  # noqa: E402

QUESTIONS = Path(__file__).parent / "dev" / "facts_pages.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("graphs", type=Path, nargs="+")
    parser.add_argument("--precision", default="int8", choices=["int8", "q4"])
    parser.add_argument("--rounds", type=int, default=12)
    args = parser.parse_args()
    lines = QUESTIONS.read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines if line.strip()][:100]
    engines = {g: E5Onnx(threads=1, graph_file=g, precision=args.precision) for g in args.graphs}
    reference = engines[args.graphs[0]].query(texts)
    times: dict[Path, list[float]] = {g: [] for g in engines}
    for _ in range(args.rounds):
        for graph, engine in engines.items():
            started = time.perf_counter()
            for text in texts:
                engine.query(text)
            times[graph].append((time.perf_counter() - started) * 1000 / len(texts))
    result = {
        str(graph): {
            "median_ms_per_question": round(float(np.median(times[graph])), 2),
            "rounds_ms": [round(t, 2) for t in times[graph]],
            "min_cosine_to_first": round(
                float((engine.query(texts) * reference).sum(axis=1).min()), 7
            ),
        }
        for graph, engine in engines.items()
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
