"""`muni serve` takes its address, port, worker count and shutdown grace from the settings
(MUNI_HOST, MUNI_PORT, MUNI_WORKERS, MUNI_SHUTDOWN_GRACE_SECONDS); options on the command line
win."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from tests.conftest import muni_process


class _Recorded(Exception):
    """Raised by the stand-ins for uvicorn.run and the worker processes once they have
    recorded their arguments."""


@pytest.fixture
def uvicorn_calls(monkeypatch, tmp_path):
    """`muni serve` in process, with uvicorn.run (one worker), the worker processes (several),
    Runtime.start and create_app replaced by recorders: what would uvicorn have been asked to
    do?"""
    import uvicorn

    import muni.runtime
    import muni.web.app
    from muni.operations.worker_processes import WorkerProcesses

    calls: list[dict] = []

    def run(app, **kwargs):  # type: ignore[no-untyped-def]
        seen = {k: os.environ.get(k) for k in ("MUNI_HOST", "MUNI_PORT")}
        calls.append({"app": app, "environ": seen, **kwargs})
        raise _Recorded

    def run_workers(self):  # type: ignore[no-untyped-def]
        run(workers=self.count, **self.options)

    monkeypatch.setattr(WorkerProcesses, "run", run_workers)

    class Loaded:
        def close(self) -> None:
            pass

    monkeypatch.setattr(uvicorn, "run", run)
    monkeypatch.setattr(muni.runtime.Runtime, "start", classmethod(lambda cls, s: Loaded()))
    monkeypatch.setattr(muni.web.app, "create_app", lambda **kw: "the app")
    for name in ("MUNI_HOST", "MUNI_PORT", "MUNI_WORKERS", "MUNI_SHUTDOWN_GRACE_SECONDS",
                 "MUNI_DATABASE_URL"):
        monkeypatch.setenv(name, "")  # so that monkeypatch puts back what was there
        monkeypatch.delenv(name)
    monkeypatch.setenv("MUNI_DATA_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)  # no stray .env of the developer's
    return calls


def serve(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    from muni.cli import app

    result = CliRunner().invoke(app, ["serve", *args], env=env)
    assert isinstance(result.exception, _Recorded), result.output
    return result


def test_serve_defaults_without_settings(uvicorn_calls):
    serve()
    (call,) = uvicorn_calls
    assert (call["host"], call["port"]) == ("127.0.0.1", 8000)
    assert "workers" not in call and call["app"] == "the app"
    assert call["timeout_graceful_shutdown"] == 20


def test_serve_reads_host_port_workers_and_grace_from_the_environment(uvicorn_calls):
    serve(env={"MUNI_HOST": "0.0.0.0", "MUNI_PORT": "8123", "MUNI_WORKERS": "3",
               "MUNI_SHUTDOWN_GRACE_SECONDS": "7.5"})
    (call,) = uvicorn_calls
    assert (call["host"], call["port"], call["workers"]) == ("0.0.0.0", 8123, 3)
    assert call["app"] == "muni.web.app:create_app_from_env" and call["factory"] is True
    assert call["timeout_graceful_shutdown"] == 7.5


def test_command_line_wins_over_the_environment(uvicorn_calls):
    serve("--host", "127.0.0.2", "--port", "8200", "--workers", "1",
          env={"MUNI_HOST": "0.0.0.0", "MUNI_PORT": "8123", "MUNI_WORKERS": "3"})
    (call,) = uvicorn_calls
    assert (call["host"], call["port"]) == ("127.0.0.2", 8200)
    assert "workers" not in call  # one worker: the app object itself, no factory


def test_worker_processes_are_told_the_address_given_on_the_command_line(uvicorn_calls):
    """Each worker builds its own Settings (public_base_url) from the environment."""
    serve("--port", "8200", "--workers", "2", env={"MUNI_PORT": "8123"})
    (call,) = uvicorn_calls
    assert (call["port"], call["workers"]) == (8200, 2)
    assert call["environ"] == {"MUNI_HOST": "127.0.0.1", "MUNI_PORT": "8200"}


def _children(pid: int) -> list[str]:
    """Command lines of a process's direct children (Linux /proc)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                found.append(Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
                             .decode())
            except FileNotFoundError:  # it ended meanwhile
                pass
    return found


@pytest.mark.slow
def test_muni_serve_answers_on_muni_port_with_muni_workers(runtime, data_dir):
    """The real command over real HTTP: MUNI_PORT and MUNI_WORKERS set, no options given."""
    env = {"MUNI_HOST": "127.0.0.1", "MUNI_WORKERS": "2"}
    with muni_process(data_dir, "serve", env=env, port_option=False) as server:
        tenants = httpx.get(server.url + "/api/tenants", timeout=10).json()
        assert "aarhus" in {t["slug"] for t in tenants}
        workers = [c for c in _children(server.process.pid) if "spawn_main" in c]
        assert len(workers) == 2, _children(server.process.pid)


@pytest.mark.slow
def test_several_workers_stop_at_once_when_the_port_is_taken(runtime, data_dir):
    """Each worker binds its own socket on the port (operations/worker_processes.py); when
    another program holds it, the workers cannot start and `muni serve` exits with uvicorn's
    startup-failure code instead of starting them again and again."""
    import socket
    import subprocess
    import sys

    from tests.conftest import REPO_ROOT

    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen(1)
        port = other.getsockname()[1]
        env = {**os.environ, "MUNI_DATA_DIR": str(data_dir), "NO_COLOR": "1"}
        done = subprocess.run(
            [sys.executable, "-m", "muni.cli", "serve", "--workers", "2", "--port", str(port)],
            env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 3, done.stdout[-2000:] + done.stderr[-2000:]
    assert "could not start" in done.stdout + done.stderr
