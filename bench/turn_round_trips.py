"""Database work per chat message, counted: SQL statements, connection checkouts (on
PostgreSQL each is a ping round trip), transactions and commits, for one message sent
through the whole HTTP app (edge layers, tenant lookup, abuse limits, Turns, pipeline); and
the CPU time of the process per message, with the part spent inside the pipeline apart.

    MUNI_DATA_DIR=/tmp/h4data python bench/turn_round_trips.py [--messages 20]
    MUNI_DATABASE_URL=postgresql+psycopg://... MUNI_DATA_DIR=... python bench/turn_round_trips.py

Counts do not depend on the machine's load, so they show what a change of the write path
did even when timings on the shared machine are noise. The app runs in process
(Starlette's TestClient); every engine of the process is counted (class-wide listeners).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

from muni.config import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=40)
    parser.add_argument("--tenant", default="aarhus")
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from muni.runtime import Runtime
    from muni.web.app import create_app

    settings = Settings(rate_limit_per_minute=100_000, limit_messages_per_ip=100_000,
                        limit_conversations_per_ip=100_000)
    runtime = Runtime.start(settings)
    counts: Counter[str] = Counter()
    statements: Counter[str] = Counter()

    def on_execute(_conn, _cursor, statement, _params, _context, _many):  # type: ignore[no-untyped-def]
        counts["statements"] += 1
        statements[" ".join(statement.split())[:70]] += 1

    event.listen(Engine, "before_cursor_execute", on_execute)
    event.listen(Engine, "begin", lambda _c: counts.update(["transactions begun"]))
    event.listen(Engine, "commit", lambda _c: counts.update(["commits"]))
    event.listen(Pool, "checkout", lambda *_a: counts.update(["connection checkouts"]))
    texts = ["hvornår kommer skraldebilen", "hvad koster et pas", "jeg skal flytte",
             "hvor kan jeg parkere", "åbningstider genbrugspladsen"]
    pipeline_cpu = [0.0]
    answer = runtime.pipeline.answer

    def timed_answer(*args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.thread_time()
        try:
            return answer(*args, **kwargs)
        finally:
            pipeline_cpu[0] += time.thread_time() - started

    runtime.pipeline.answer = timed_answer  # type: ignore[method-assign]
    with TestClient(create_app(runtime=runtime)) as client:
        conversation = client.post(f"/api/tenants/{args.tenant}/conversations").json()["id"]
        url = f"/api/tenants/{args.tenant}/conversations/{conversation}/messages"
        client.post(url, json={"text": "hej"})  # warm caches (index version, tenant)
        counts.clear()
        statements.clear()
        pipeline_cpu[0] = 0.0
        cpu = time.process_time()
        for i in range(args.messages):
            response = client.post(url, json={"text": texts[i % len(texts)]})
            assert response.status_code == 200, response.text
        cpu = time.process_time() - cpu
    per_message = {k: round(v / args.messages, 2) for k, v in sorted(counts.items())}
    per_message["process_cpu_ms"] = round(1000 * cpu / args.messages, 2)
    per_message["pipeline_cpu_ms"] = round(1000 * pipeline_cpu[0] / args.messages, 2)
    per_message["cpu_ms_outside_the_pipeline"] = round(
        per_message["process_cpu_ms"] - per_message["pipeline_cpu_ms"], 2)
    print(json.dumps({"backend": runtime.db.engine.dialect.name, "messages": args.messages,
                      "per_message": per_message,
                      "statements_per_message": {k: round(v / args.messages, 2)
                                                 for k, v in statements.most_common()}},
                     indent=2, ensure_ascii=False))
    runtime.close()


if __name__ == "__main__":
    main()
