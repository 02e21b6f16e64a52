"""In-process latency of the answer pipeline (no HTTP, no LLM), per message.

    python bench/latency_inprocess.py bench/dev/intents.jsonl --tenant aarhus

Every dev-set message is answered once with an empty embedding cache ("cold": each message is
new to the process) and then again ("warm"). Times are wall-clock per `pipeline.answer` call,
measured with time.perf_counter on one core (OMP_NUM_THREADS=1).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "passive")

import numpy as np  # noqa: E402

from muni.config import Settings  # noqa: E402
from muni.evaluation.runner import read_cases  # noqa: E402
from muni.runtime import Runtime  # noqa: E402
from muni.store.tenants import TenantRepository  # noqa: E402


def stats(ms: list[float]) -> dict[str, float]:
    a = np.array(ms)
    return {"n": len(ms), "p50_ms": round(float(np.percentile(a, 50)), 2),
            "p90_ms": round(float(np.percentile(a, 90)), 2),
            "p99_ms": round(float(np.percentile(a, 99)), 2),
            "mean_ms": round(float(a.mean()), 2),
            "messages_per_second": round(1000 / float(a.mean()), 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dev", type=Path)
    parser.add_argument("--tenant", default="aarhus")
    args = parser.parse_args()
    runtime = Runtime.start(Settings())
    with runtime.db.session() as session:
        tenant = TenantRepository(session).by_slug(args.tenant)
    assert tenant is not None
    texts = [c.text for c in read_cases(args.dev)]
    runtime.pipeline.answer(tenant, "varm op")  # load lemmas, vectorisers
    result = {}
    semantic_used = 0
    for name in ("cold", "warm"):
        times = []
        for text in texts:
            started = time.perf_counter()
            runtime.pipeline.answer(tenant, text)
            times.append((time.perf_counter() - started) * 1000)
        result[name] = stats(times)
    for text in texts:
        semantic_used += runtime.classifier.predict(text, None).confidence < runtime.classifier.gate
    result["share_needing_embeddings"] = round(semantic_used / len(texts), 3)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
