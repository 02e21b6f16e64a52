"""In-process latency of the answer pipeline (no HTTP, no LLM), per message and per step.

    python bench/latency_inprocess.py bench/dev/intents.jsonl bench/dev/facts_pages.jsonl \
        --tenant aarhus

Every dev-set message (dialogues turn by turn, with their context) is answered once with an
empty in-memory embedding cache ("cold": each message is new to the process) and then again
("warm"). Times are wall-clock per `pipeline.answer` call, measured with time.perf_counter on one
core (OMP_NUM_THREADS=1). For the cold run the median and 90th percentile of every pipeline step
and refiner are printed too, with the share of messages on which the step took over 8 ms (it
computed the message's embedding), so it is visible where the time goes. Run it after
`./dev demo` has crawled the demo sites, with the same MUNI_DATA_DIR.

`--without-safety` drops the safety step and the safety-first refiner, to measure what the
safety classifier adds (each run starts its own process, so both start with an empty cache).
`--without-known-vectors` does not look up the training phrasings' vectors (a message that is
exactly a phrasing is then embedded like any other), to show what that cache adds.

`embedded_share` counts the messages for which e5 actually ran (the engine's calls are
counted), which stays true when a loaded machine makes lexical steps slower than SLOW_MS too.
The load average before and after each set is printed with it: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "passive")

import numpy as np  # noqa: E402

from muni.config import Settings  # noqa: E402
from muni.evaluation.runner import evaluate, read_cases  # noqa: E402
from muni.runtime import Runtime  # noqa: E402
from muni.store.tenants import TenantRepository  # noqa: E402

SLOW_MS = 8  # a step slower than this computed an embedding (lexical work is 0.1-4 ms)


def stats(ms: list[float]) -> dict[str, float]:
    a = np.array(ms)
    return {"n": len(ms), "p50_ms": round(float(np.percentile(a, 50)), 2),
            "p90_ms": round(float(np.percentile(a, 90)), 2),
            "p99_ms": round(float(np.percentile(a, 99)), 2),
            "mean_ms": round(float(a.mean()), 2)}


def count_engine_calls(embedder: object) -> list[int]:
    """Counts the texts the e5 engine embeds from now on (one list cell, increased)."""
    count = [0]
    model = getattr(embedder, "_model", None)
    if model is None:
        return count
    query = model.query

    def counted(texts):  # type: ignore[no-untyped-def]
        count[0] += 1 if isinstance(texts, str) else len(texts)
        return query(texts)

    model.query = counted
    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dev", type=Path, nargs="+")
    parser.add_argument("--tenant", default="aarhus")
    parser.add_argument("--without-safety", action="store_true")
    parser.add_argument("--without-known-vectors", action="store_true")
    args = parser.parse_args()
    runtime = Runtime.start(Settings())
    with runtime.db.session() as session:
        tenant = TenantRepository(session).by_slug(args.tenant)
    assert tenant is not None, f"unknown tenant {args.tenant}"
    if args.without_safety:
        pipeline = runtime.pipeline
        pipeline.steps = [s for s in pipeline.steps if s.name != "safety"]
        pipeline.refiners = [r for r in pipeline.refiners if r.name != "safety_first"]
    if args.without_known_vectors:
        runtime.embedder._known = None  # type: ignore[union-attr]
    runtime.pipeline.answer(tenant, "varm op")  # load lemmas, vectorisers
    computed = count_engine_calls(runtime.embedder)
    result: dict[str, object] = {}
    for path in args.dev:
        cases = read_cases(path)
        runs = {}
        for name in ("cold", "warm"):
            load = os.getloadavg()[0]
            before = computed[0]
            report = evaluate(runtime.pipeline, tenant, cases)
            runs[name] = report
            result[f"{path.stem}_{name}"] = {
                **stats([i.ms for i in report.items]),
                "embedded_texts": computed[0] - before,
                "load_1min_before_after": [round(load, 2), round(os.getloadavg()[0], 2)],
            }
        steps: dict[str, list[float]] = defaultdict(list)
        for item in runs["cold"].items:
            for step, ms in item.timings.items():
                steps[step].append(ms)
        result[f"{path.stem}_steps_cold"] = {
            step: {"p50_ms": round(float(np.percentile(v, 50)), 2),
                   "p90_ms": round(float(np.percentile(v, 90)), 2), "ran": len(v),
                   # lexical work takes a few ms at most: a step over SLOW_MS embedded
                   f"share_over_{SLOW_MS}ms": round(float(np.mean(np.array(v) > SLOW_MS)), 3)}
            for step, v in steps.items()
        }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
