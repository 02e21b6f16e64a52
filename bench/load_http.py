"""HTTP API under concurrent conversations, against a real `muni serve` on 127.0.0.1.

    python bench/load_http.py bench/dev/intents.jsonl --conversations 50 --messages 10 \
        [--workers 1] [--tenant aarhus]

Starts `muni serve` (one or more worker processes) on a free loopback port, opens N
conversations at once, and in each sends M messages taken from the dev set, one after the
other (a citizen waits for the answer). Reports request latency p50/p99 and messages per
second over the whole run. The run is bounded: N*M messages, then it stops the server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import numpy as np

from muni.evaluation.runner import read_cases


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def citizen(client: httpx.AsyncClient, tenant: str, texts: list[str],
                  latencies: list[float], errors: list[int]) -> None:
    conversation = (await client.post(f"/api/tenants/{tenant}/conversations", json={})).json()
    for text in texts:
        started = time.perf_counter()
        response = await client.post(
            f"/api/tenants/{tenant}/conversations/{conversation['id']}/messages",
            json={"text": text})
        latencies.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            errors.append(response.status_code)


async def run(base: str, tenant: str, texts: list[str], conversations: int,
              messages: int) -> dict[str, float]:
    rng = random.Random(7)
    latencies: list[float] = []
    errors: list[int] = []
    limits = httpx.Limits(max_connections=conversations + 5)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(*(citizen(client, tenant, rng.sample(texts, messages), latencies,
                                       errors) for _ in range(conversations)))
        elapsed = time.perf_counter() - started
    a = np.array(latencies)
    return {"messages": len(latencies), "errors": len(errors),
            "p50_ms": round(float(np.percentile(a, 50)), 1),
            "p99_ms": round(float(np.percentile(a, 99)), 1),
            "messages_per_second": round(len(latencies) / elapsed, 1),
            "seconds": round(elapsed, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dev", type=Path)
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--messages", type=int, default=10)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--tenant", default="aarhus")
    args = parser.parse_args()
    texts = [c.text for c in read_cases(args.dev)]
    port = free_port()
    env = {**os.environ, "MUNI_RATE_LIMIT_PER_MINUTE": "100000"}
    server = subprocess.Popen([sys.executable, "-m", "muni.cli", "serve", "--port", str(port),
                               "--workers", str(args.workers)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        result = asyncio.run(run(base, args.tenant, texts, args.conversations, args.messages))
        result.update({"conversations": args.conversations, "workers": args.workers})
        print(json.dumps(result, indent=2))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
