"""A stand-in MitID broker for `muni demo`: the OpenID Connect provider from the
`oidc-provider-mock` package (installed with the development extras, as `./dev demo` does),
run as a process on 127.0.0.1, knowing the demo citizens of tenants/citizens/demo.yaml.
Its login page asks for a subject: type `demo-borger-1`. Never for production."""

from __future__ import annotations

import importlib.util
import json
import socket
import subprocess
import sys
import time

import httpx

DEMO_CITIZENS = (
    {"sub": "demo-borger-1", "name": "Karen Demo Jensen"},
    {"sub": "demo-borger-2", "name": "Ole Demo Hansen"},
)
CLIENT_ID, CLIENT_SECRET = "muni-demo", "muni-demo-secret"


class DemoBroker:
    def __init__(self, process: subprocess.Popen[bytes], issuer: str) -> None:
        self.process, self.issuer = process, issuer

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _die_with_parent() -> None:
    """In the broker's process before it starts (Linux): end it when the demo ends, however
    the demo ends (SIGTERM, SIGKILL, a crash), so no broker is left behind."""
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def start_demo_broker(
    host: str = "127.0.0.1",
    timeout: float = 20.0,
    users: tuple[dict[str, object], ...] = DEMO_CITIZENS,
) -> DemoBroker | None:
    """The running stand-in broker knowing `users` (their claims), or None when
    oidc-provider-mock is not installed or does not come up (the demo then runs without
    citizen login). The tests start their providers with it too."""
    if importlib.util.find_spec("oidc_provider_mock") is None:
        return None
    port = _free_port(host)
    args = [sys.executable, "-m", "oidc_provider_mock", "--host", host, "--port", str(port)]
    for user in users:
        args += ["--user-claims", json.dumps(user)]
    process = subprocess.Popen(
        args,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,  # noqa: PLW1509
    )
    issuer = f"http://{host}:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{issuer}/.well-known/openid-configuration", timeout=1).is_success:
                return DemoBroker(process, issuer)
        except httpx.TransportError:
            time.sleep(0.2)
    DemoBroker(process, issuer).stop()
    return None
