"""Every dev-set answer as one JSON line, to check that a speed-up changes no answer.

    python bench/answers_snapshot.py bench/dev/intents.jsonl bench/dev/facts_pages.jsonl \
        --tenant aarhus > before.jsonl
    # change the code, then the same command > after.jsonl, and compare:
    python bench/answers_snapshot.py --compare before.jsonl after.jsonl

Each line: the set, the item's position, topic, origin, status, sub-answer, the answer text,
its sources and the confidence (6 decimals). `--compare` prints the items that differ and how
many, and exits 1 when any does. Dialogues are answered turn by turn with their context, as in
`muni eval`. Timings are left out of the comparison: they differ on every run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "passive")


def snapshot(paths: list[Path], tenant_slug: str) -> None:
    from muni.config import Settings
    from muni.evaluation.runner import evaluate, read_cases
    from muni.runtime import Runtime
    from muni.store.tenants import TenantRepository

    runtime = Runtime.start(Settings())
    with runtime.db.session() as session:
        tenant = TenantRepository(session).by_slug(tenant_slug)
    assert tenant is not None, f"unknown tenant {tenant_slug}"
    for path in paths:
        report = evaluate(runtime.pipeline, tenant, read_cases(path))
        for i, item in enumerate(report.items):
            row = {
                "set": path.stem,
                "i": i,
                "topic": item.topic,
                "origin": item.origin,
                "status": item.status,
                "sub_answer": item.sub_answer,
                "answer": item.answer,
                "sources": item.sources,
                "confidence": round(item.confidence, 6) if item.confidence is not None else None,
            }
            print(json.dumps(row, ensure_ascii=False))
        print(json.dumps({"set": path.stem, "totals": report.totals()}, ensure_ascii=False))


def _without_timings(row: dict) -> dict:  # type: ignore[type-arg]
    return {
        k: _without_timings(v) if isinstance(v, dict) else v
        for k, v in row.items()
        if not k.startswith("latency")
    }


def compare(before: Path, after: Path) -> int:
    a = [_without_timings(json.loads(line)) for line in before.read_text("utf-8").splitlines()]
    b = [_without_timings(json.loads(line)) for line in after.read_text("utf-8").splitlines()]
    if len(a) != len(b):
        print(f"different number of lines: {len(a)} / {len(b)}")
        return 1
    differ = 0
    for x, y in zip(a, b, strict=True):
        if x != y:
            differ += 1
            keys = sorted(k for k in x.keys() | y.keys() if x.get(k) != y.get(k))
            print(
                f"{x.get('set')}#{x.get('i', 'totals')}: "
                + "; ".join(f"{k}: {x.get(k)!r} -> {y.get(k)!r}" for k in keys)
            )
    print(f"{differ} of {len(a)} lines differ")
    return 1 if differ else 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", type=Path, nargs="+")
    parser.add_argument("--tenant", default="aarhus")
    parser.add_argument("--compare", action="store_true", help="compare two snapshot files")
    args = parser.parse_args()
    if args.compare:
        sys.exit(compare(*args.paths))
    snapshot(args.paths, args.tenant)


if __name__ == "__main__":
    main()
