"""Where a message's time goes outside HTTP: one application-level turn, step by step (issue 10).

    MUNI_DATA_DIR=... python bench/turn_cost.py [--messages 300] [--json out.json]

Answers the first N questions of `dev/intents.jsonl` one after another in this process, as
`POST /conversations/{id}/messages` does after the HTTP layers: the tenant lookup, the abuse
limits (per IP and per tenant), `Turns.begin` (the conversation's context and its rate
counter), the pipeline, and storing the turn. 30 conversations take turns, so the rate limit
is lifted as in `load_http.py`. Prints the mean and median milliseconds of each part. One
thread, one core: this is the work per message, without queueing or lock waits.

Needs a trained demo data directory (`./dev demo`).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
for limit in ("RATE_LIMIT_PER_MINUTE", "LIMIT_MESSAGES_PER_IP", "LIMIT_MESSAGES_PER_TENANT"):
    os.environ.setdefault(f"MUNI_{limit}", "1000000000")

import numpy as np  # noqa: E402

from muni.config import Settings  # noqa: E402
from muni.evaluation.runner import read_cases  # noqa: E402
from muni.runtime import Runtime  # noqa: E402
from muni.store.conversations import ConversationRepository  # noqa: E402
from muni.store.tenants import TenantRepository  # noqa: E402

DEV = Path(__file__).parent / "dev" / "intents.jsonl"
PARTS = ("tenant", "limits", "begin", "pipeline", "store", "all")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--tenant", default="aarhus")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    runtime = Runtime.start(Settings())
    texts = [case.text for case in read_cases(DEV)][: args.messages]
    with runtime.db.read() as session:
        tenant = TenantRepository(session).by_slug(args.tenant)
    assert tenant is not None, f"no tenant {args.tenant}"
    conversations = []
    for _ in range(30):
        with runtime.db.session() as session:
            row = ConversationRepository(session, tenant).create(channel="web")
            session.commit()
            conversations.append(row.id)
    turns = runtime.turns
    spent: dict[str, list[float]] = {part: [] for part in PARTS}
    for i, text in enumerate(texts):
        marks = [time.perf_counter()]
        with runtime.db.read() as session:
            TenantRepository(session).by_slug(args.tenant)
        marks.append(time.perf_counter())
        runtime.abuse_limits.check_client("messages", "127.0.0.1", tenant)
        marks.append(time.perf_counter())
        start = turns.begin(tenant, conversations[i % len(conversations)], text)
        marks.append(time.perf_counter())
        outcome = runtime.pipeline.answer(
            tenant, start.text, None, None, start.context, None, start.extras
        )
        marks.append(time.perf_counter())
        turns._store(
            tenant,
            start.conversation_id,
            outcome.question,
            outcome.answer,
            outcome.context,
            outcome.safety_source,
        )
        marks.append(time.perf_counter())
        for part, (a, b) in zip(PARTS, zip(marks, marks[1:], strict=False), strict=False):
            spent[part].append(1000 * (b - a))
        spent["all"].append(1000 * (marks[-1] - marks[0]))
    result = {
        "messages": len(texts),
        "database": runtime.db.engine.dialect.name,
        **{
            part: {
                "mean_ms": round(float(np.mean(v)), 2),
                "p50_ms": round(float(np.median(v)), 2),
            }
            for part, v in spent.items()
        },
        "load": list(os.getloadavg()),
    }
    out = json.dumps(result, indent=2)
    print(out)
    if args.json:
        args.json.write_text(out + "\n")


if __name__ == "__main__":
    main()
