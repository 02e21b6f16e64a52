"""A burst of parallel requests against a real `muni serve --workers W` on 127.0.0.1.

    python bench/burst.py [--workers 2] [--sizes 100 300 600] [--json out.json]

Needs a data directory with trained models (MUNI_DATA_DIR, e.g. after `muni demo`). For each
size N it fires N new conversations at once, then N streamed messages at once (each to its own
conversation), while a separate client asks /api/health every 100 ms. Reports per burst: how
many got an answer (201/200), 503 (busy), anything else (500, timeouts: must be 0), latency
p50/p95/max, and the slowest health answer during the burst. Abuse limits are switched off
for the run (one IP sends everything); they are not what is measured here.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter

import httpx
import numpy as np

QUESTIONS = ["hvad koster et pas", "hvornår kommer skraldebilen", "jeg skal flytte",
             "hvordan søger jeg boligstøtte", "mit sygesikringskort er væk"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def one(request) -> tuple[object, float]:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    try:
        status = await asyncio.wait_for(request, 30)
    except TimeoutError:
        status = "timeout"
    except httpx.HTTPError as error:
        status = type(error).__name__
    return status, time.monotonic() - started


async def burst(base: str, size: int, kind: str, conversations: list[str]) -> dict:
    limits = httpx.Limits(max_connections=size + 10, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as http:

        async def start(_i: int) -> int:
            return (await http.post("/api/tenants/aarhus/conversations")).status_code

        async def ask(i: int) -> int:
            url = f"/api/tenants/aarhus/conversations/{conversations[i]}/messages"
            async with http.stream("POST", url, params={"stream": "true"},
                                   json={"text": QUESTIONS[i % len(QUESTIONS)]}) as response:
                body = (await response.aread()).decode()
            if response.status_code == 200 and "event: answer" not in body:
                return -1  # a stream without its answer
            return response.status_code

        make = start if kind == "conversations" else ask
        started = time.monotonic()
        outcomes = await asyncio.gather(*(one(make(i)) for i in range(size)))
        wall = time.monotonic() - started
    statuses = Counter(str(status) for status, _ in outcomes)
    seconds = np.array([s for _, s in outcomes])
    return {"kind": kind, "size": size, "wall_s": round(wall, 2), "statuses": dict(statuses),
            "p50_ms": round(float(np.percentile(seconds, 50)) * 1000),
            "p95_ms": round(float(np.percentile(seconds, 95)) * 1000),
            "max_ms": round(float(seconds.max()) * 1000)}


def watch_health(base: str, stop: threading.Event, worst: list[float]) -> None:
    while not stop.is_set():
        started = time.monotonic()
        try:
            ok = httpx.get(base + "/api/health", timeout=10).status_code == 200
        except httpx.HTTPError:
            ok = False
        worst.append(time.monotonic() - started if ok else float("inf"))
        time.sleep(0.1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 600])
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "MUNI_RATE_LIMIT_PER_MINUTE": "0"}
    env |= {key: "0" for key in (
        "MUNI_LIMIT_CONVERSATIONS_PER_IP", "MUNI_LIMIT_MESSAGES_PER_IP",
        "MUNI_LIMIT_CONVERSATIONS_PER_TENANT")}
    server = subprocess.Popen([sys.executable, "-m", "muni.cli", "serve", "--workers",
                               str(args.workers), "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results = []
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("muni serve did not start")
            time.sleep(0.5)
        time.sleep(3)  # every worker up
        for size in args.sizes:
            conversations = []
            while len(conversations) < size:
                response = httpx.post(base + "/api/tenants/aarhus/conversations")
                if response.status_code == 201:
                    conversations.append(response.json()["id"])
            for kind in ("conversations", "messages"):
                stop, health = threading.Event(), []
                watcher = threading.Thread(target=watch_health, args=(base, stop, health))
                watcher.start()
                result = asyncio.run(burst(base, size, kind, conversations))
                stop.set()
                watcher.join()
                result["health_worst_ms"] = round(max(health) * 1000) if health else None
                after = time.monotonic()
                httpx.get(base + "/api/health", timeout=10)
                result["health_after_ms"] = round((time.monotonic() - after) * 1000)
                results.append(result)
                print(json.dumps(result), flush=True)
                time.sleep(2)
    finally:
        server.terminate()
        server.wait(30)
    if args.json:
        with open(args.json, "w") as handle:
            json.dump({"workers": args.workers, "bursts": results}, handle, indent=1)


if __name__ == "__main__":
    main()
