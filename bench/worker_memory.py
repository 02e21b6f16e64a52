"""Resident memory of one muni worker after start, and after answering the dev questions.

    MUNI_DATA_DIR=/tmp/final python bench/worker_memory.py bench/dev/intents.jsonl

Prints JSON: RSS (MB) after imports, after `Runtime.start` (models, embedder, content), after
warming every tenant's search index, and after answering the given dev questions once.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "passive")


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError("no VmRSS")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dev", type=Path, nargs="*")
    parser.add_argument("--tenant", default="aarhus")
    args = parser.parse_args()
    from muni.config import Settings
    from muni.evaluation.runner import evaluate, read_cases
    from muni.runtime import Runtime
    from muni.store.tenants import TenantRepository

    found = {"after_imports": rss_mb()}
    runtime = Runtime.start(Settings())
    found["after_start"] = rss_mb()
    with runtime.db.session() as session:
        tenants = TenantRepository(session).all()
    for tenant in tenants:
        runtime.search_index.size(tenant)
    found["after_indexes"] = rss_mb()
    tenant = next(t for t in tenants if t.slug == args.tenant)
    for path in args.dev:
        evaluate(runtime.pipeline, tenant, read_cases(path))
    found["after_answering"] = rss_mb()
    found["peak"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    found["load_1min"] = round(os.getloadavg()[0], 2)
    print(json.dumps(found))


if __name__ == "__main__":
    main()
