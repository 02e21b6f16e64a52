"""Could the first layers of e5 stand in for all twelve? (issues 7 and 10)

    python bench/truncated_e5.py [--layers 4 6 8] [--json out.json]

A fact question runs e5 once, ~14 ms for its median 30 tokens on one core, which keeps its p50
above issue 7's 10 ms. Cutting the graph after k of the 12 BERT layers (`e5_graph.build(...,
layers=k)`) costs k/12 of that. The cut vectors are not e5's, so the models would be trained on
them; what matters is whether they carry the same meaning. This script measures, for each k:

- the median time of one fact question's query embedding (one thread, the 60 first questions
  of `dev/facts_pages.jsonl`);
- how close a linear map (ridge regression, 384 x 384 plus bias) from the cut vectors brings
  them to e5's own, fitted on 6,000 content phrasings and measured on the dev sets' messages
  (held out): cosine, cosine after removing the mean vector (e5's vectors lie in one narrow
  cone, so the raw cosine flatters), and how often the nearest phrasing is the same.

Needs no data directory; ~3 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import onnxruntime as ort  # noqa: E402
import yaml  # noqa: E402

from muni.nlu import e5_graph, e5_weights  # noqa: E402
from muni.nlu.e5_tokenizer import E5Tokenizer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "bench" / "dev"


def _phrasings(node: object, out: list[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("phrasings", "examples") and isinstance(value, list):
                out.extend(x for x in value if isinstance(x, str))
            else:
                _phrasings(value, out)
    elif isinstance(node, list):
        for value in node:
            _phrasings(value, out)


def _dev_messages() -> list[str]:
    texts: set[str] = set()
    for path in DEV.glob("*.jsonl"):
        for line in path.read_text().splitlines():
            row = json.loads(line)
            if "text" in row:
                texts.add(row["text"])
            for turn in row.get("turns", []):
                texts.add(turn["text"] if isinstance(turn, dict) else turn)
    return sorted(texts)


class _Cut:
    def __init__(self, weights: e5_weights.E5Weights, layers: int | None) -> None:
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            e5_graph.build(weights, layers=layers), options, providers=["CPUExecutionProvider"]
        )
        self.weights = weights
        self.tokenizer = E5Tokenizer(weights.vocabulary)

    def run(self, text: str) -> np.ndarray:
        t = self.tokenizer
        ids = [t.bos, *t.content_ids("query: " + text)[:510], t.eos]
        word = e5_weights.dequantize(self.weights.tensors["emb.word"][np.array([ids])])
        mask = np.ones((1, len(ids)), np.float32)
        (pooled,) = self.session.run(None, {"word": word, "mask": mask})
        return pooled[0] / np.linalg.norm(pooled[0])

    def many(self, texts: list[str]) -> np.ndarray:
        return np.stack([self.run(text) for text in texts])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layers", type=int, nargs="+", default=[4, 6, 8])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    texts: list[str] = []
    for path in sorted((ROOT / "content").rglob("*.yaml")):
        _phrasings(yaml.safe_load(path.read_text()), texts)
    texts = sorted(set(texts))
    random.Random(1).shuffle(texts)
    texts = texts[:6000]
    dev = _dev_messages()
    facts = [json.loads(line)["text"] for line in (DEV / "facts_pages.jsonl").open()][:60]

    weights = e5_weights.load()
    full = _Cut(weights, None)
    target, target_dev = full.many(texts), full.many(dev)
    mean = target.mean(axis=0)

    def timing(model: _Cut) -> float:
        spent = []
        for text in facts:
            start = time.perf_counter()
            model.run(text)
            spent.append(time.perf_counter() - start)
        return round(1000 * float(np.median(spent)), 2)

    results: dict[str, object] = {"phrasings": len(texts), "dev_messages": len(dev)}
    results["12"] = {"query_ms_p50": timing(full)}
    for layers in args.layers:
        cut = _Cut(weights, layers)
        x, x_dev = cut.many(texts), cut.many(dev)
        ones = np.ones((len(x), 1), np.float32)
        xa = np.hstack([x, ones])
        w = np.linalg.solve(xa.T @ xa + 0.1 * np.eye(xa.shape[1]), xa.T @ target)
        mapped = np.hstack([x_dev, np.ones((len(x_dev), 1), np.float32)]) @ w
        mapped /= np.linalg.norm(mapped, axis=1, keepdims=True)
        a, b = mapped - mean, target_dev - mean
        centred = np.sum(a * b, 1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
        nearest_same = np.argmax(mapped @ target.T, 1) == np.argmax(target_dev @ target.T, 1)
        results[str(layers)] = {
            "query_ms_p50": timing(cut),
            "cosine": round(float(np.mean(np.sum(mapped * target_dev, 1))), 4),
            "cosine_centred": round(float(np.mean(centred)), 4),
            "nearest_phrasing_same": round(float(np.mean(nearest_same)), 3),
        }
        print(layers, results[str(layers)], file=sys.stderr)
    out = json.dumps(results, indent=2)
    print(out)
    if args.json:
        args.json.write_text(out + "\n")


if __name__ == "__main__":
    main()
