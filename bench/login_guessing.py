"""Password guessing on the agent login against citizens' answer times, on a real `muni serve`.

    python bench/login_guessing.py [--guessers 40] [--citizens 2] [--seconds 20] \
        [--tenant aarhus] [--json FILE]

Starts `muni serve` (one worker) on a free loopback port twice, with the data directory of
MUNI_DATA_DIR or var/ (initialised and trained by the first start if needed), and creates the
agent `bench-agent` with `muni agent add` if it is not there:

1. default login limits: citizens alone, then citizens while N guessers send wrong passwords
   for that known username from one IP (they soon get 429), and as a control citizens while N
   clients only load the login page (what any flood of cheap requests costs);
2. login limits switched off (MUNI_LOGIN_FAILURES_PER_ACCOUNT/_IP=0), the worst case: citizens
   alone, then with N guessers on ever new usernames, so every guess reaches the password
   hasher. Also the login time of a known and an unknown username, one at a time.

Citizens are C conversations, each sending dev-set messages one after another for S seconds
(bench/dev/intents.jsonl). The guessers run in a separate process so their client work does
not slow the citizens' client. Reports the citizens' p50/p95 per phase and what the guessers
got back (401 wrong password, 429 throttled, 503 hasher full). The run is bounded: five
phases of S seconds, then the servers are stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import httpx
import numpy as np

from muni.evaluation.runner import read_cases

ROOT = Path(__file__).resolve().parents[1]
USERNAME = "bench-agent"
PASSWORD = "bench-adgangskode-123"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def muni_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "NO_COLOR": "1", "MUNI_RATE_LIMIT_PER_MINUTE": "100000"}
    # the citizens all come from 127.0.0.1: no per-IP abuse limits for them here
    for name in ("CONVERSATIONS", "MESSAGES"):
        env[f"MUNI_LIMIT_{name}_PER_IP"] = "0"
    env.update(extra)
    return env


def ensure_agent(tenant: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "muni.cli", "agent", "add", "--tenant", tenant,
         "--username", USERNAME, "--name", "Bench"],
        input=f"{PASSWORD}\n{PASSWORD}\n", env=muni_env(), text=True, capture_output=True,
        cwd=ROOT, timeout=1800)
    # "findes allerede": there already; muni before 2026-11-28 said so with an IntegrityError
    already = ("findes allerede", "IntegrityError", "UNIQUE constraint")
    if result.returncode != 0 and not any(word in result.stderr for word in already):
        raise SystemExit(f"muni agent add failed:\n{result.stderr[-2000:]}")


@contextmanager
def muni_serve(**env: str):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "muni.cli", "serve", "--port", str(port)], env=muni_env(**env),
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 1800
        while True:
            if server.poll() is not None:
                raise SystemExit("muni serve exited")
            if time.monotonic() > deadline:
                raise SystemExit("muni serve did not start")
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


async def citizen(client: httpx.AsyncClient, tenant: str, texts: list[str], until: float,
                  latencies: list[float], errors: Counter[int], rng: random.Random) -> None:
    conversation = (await client.post(f"/api/tenants/{tenant}/conversations", json={})).json()
    while time.monotonic() < until:
        started = time.perf_counter()
        response = await client.post(
            f"/api/tenants/{tenant}/conversations/{conversation['id']}/messages",
            json={"text": rng.choice(texts)})
        latencies.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            errors[response.status_code] += 1


async def citizens(base: str, tenant: str, texts: list[str], count: int,
                   seconds: float) -> dict[str, object]:
    rng = random.Random(7)
    latencies: list[float] = []
    errors: Counter[int] = Counter()
    until = time.monotonic() + seconds
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        await asyncio.gather(*(citizen(client, tenant, texts, until, latencies, errors, rng)
                               for _ in range(count)))
    a = np.array(latencies)
    return {"messages": len(latencies), "errors": dict(errors),
            "p50_ms": round(float(np.percentile(a, 50)), 1),
            "p95_ms": round(float(np.percentile(a, 95)), 1)}


async def _guess(base: str, tenant: str, guessers: int, seconds: float, new_names: bool | None,
                 ) -> dict[str, object]:
    codes: Counter[int] = Counter()
    until = time.monotonic() + seconds
    counter = iter(range(10**9))
    limits = httpx.Limits(max_connections=guessers + 5)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits,
                                 headers={"Origin": base}) as client:
        async def one() -> None:
            while time.monotonic() < until:
                name = f"guess-{next(counter)}" if new_names else USERNAME
                try:
                    if new_names is None:  # the control: just the login page, no guessing
                        response = await client.get("/agent/login")
                    else:
                        response = await client.post("/agent/login", data={
                            "tenant": tenant, "username": name,
                            "password": f"gæt-{next(counter)}"})
                    codes[response.status_code] += 1
                except httpx.HTTPError:
                    codes[0] += 1

        started = time.monotonic()
        await asyncio.gather(*(one() for _ in range(guessers)))
        elapsed = time.monotonic() - started
    return {"answers": {str(k): v for k, v in sorted(codes.items())},
            "guesses_per_second": round(sum(codes.values()) / elapsed, 1)}


def _guess_process(base: str, tenant: str, guessers: int, seconds: float,
                   new_names: bool | None,
                   out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    out.put(asyncio.run(_guess(base, tenant, guessers, seconds, new_names)))


def with_guessers(base: str, tenant: str, texts: list[str], args: argparse.Namespace,
                  new_names: bool | None) -> dict[str, object]:
    out: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    process = multiprocessing.Process(
        target=_guess_process, args=(base, tenant, args.guessers, args.seconds + 2, new_names,
                                     out))
    process.start()
    time.sleep(2)  # the guessing is under way when the citizens start
    result = asyncio.run(citizens(base, tenant, texts, args.citizens, args.seconds))
    result["guessers"] = out.get(timeout=120)
    process.join(timeout=60)
    return result


def login_times(base: str, tenant: str, rounds: int = 15) -> dict[str, float]:
    """Median time of a wrong login for the known username and for unknown ones."""
    times: dict[str, list[float]] = {"known": [], "unknown": []}
    with httpx.Client(base_url=base, timeout=30, headers={"Origin": base}) as client:
        for i in range(rounds):
            for kind, name in (("known", USERNAME), ("unknown", f"ukendt-{i}")):
                started = time.perf_counter()
                client.post("/agent/login", data={"tenant": tenant, "username": name,
                                                  "password": "forkert-kode"})
                times[kind].append((time.perf_counter() - started) * 1000)
    return {f"{k}_ms": round(statistics.median(v), 1) for k, v in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--guessers", type=int, default=40)
    parser.add_argument("--citizens", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--tenant", default="aarhus")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    texts = [c.text for c in read_cases(ROOT / "bench" / "dev" / "intents.jsonl")]
    report: dict[str, object] = {"guessers": args.guessers, "citizens": args.citizens,
                                 "seconds": args.seconds, "cores": os.cpu_count()}
    with muni_serve() as base:  # initialises and trains the data directory if needed
        ensure_agent(args.tenant)
        report["default_limits"] = {
            "citizens_alone": asyncio.run(citizens(base, args.tenant, texts, args.citizens,
                                                   args.seconds)),
            "with_guessers": with_guessers(base, args.tenant, texts, args, new_names=False),
            # the control: as many clients only loading the login page (no password checks)
            "with_page_loaders": with_guessers(base, args.tenant, texts, args, new_names=None),
        }
    off = {"MUNI_LOGIN_FAILURES_PER_ACCOUNT": "0", "MUNI_LOGIN_FAILURES_PER_IP": "0"}
    with muni_serve(**off) as base:
        report["limits_off"] = {
            "login": login_times(base, args.tenant),
            "citizens_alone": asyncio.run(citizens(base, args.tenant, texts, args.citizens,
                                                   args.seconds)),
            "with_guessers": with_guessers(base, args.tenant, texts, args, new_names=True),
        }
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
