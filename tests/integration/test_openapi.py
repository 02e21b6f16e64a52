"""The API against its own OpenAPI document, with schemathesis (a short run; CI runs it):
no server errors, and no status code the document does not list."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import IN_CI

pytestmark = pytest.mark.slow


def schemathesis_command() -> list[str]:
    found = shutil.which("schemathesis") or str(Path(sys.executable).parent / "schemathesis")
    if not Path(found).exists():
        if IN_CI:
            raise AssertionError("schemathesis is not installed; ./dev test installs it")
        pytest.skip("schemathesis is not installed; run ./dev test to install it")
    return [found]


def test_no_server_errors_and_every_status_code_documented(live_server, client, tmp_path):
    # real identifiers, so the cases reach the routes instead of stopping at 404
    conversation = client.post("/api/tenants/aarhus/conversations").json()["id"]
    config = tmp_path / "schemathesis.toml"
    config.write_text(f'[parameters]\n"path.tenant" = "aarhus"\n'
                      f'"path.conversation_id" = "{conversation}"\n')
    result = subprocess.run(
        [*schemathesis_command(), "--config-file", str(config), "run",
         f"{live_server.url}/openapi.json",
         "--checks", "not_a_server_error,status_code_conformance",
         "--phases", "examples,coverage,fuzzing", "--max-examples", "25", "--seed", "9",
         "--request-timeout", "30", "--generation-database", "none", "--no-color"],
        capture_output=True, text=True, timeout=900, cwd=tmp_path,
        env={**os.environ, "SCHEMATHESIS_HOOKS": ""},
    )
    report = result.stdout[-6000:] + result.stderr[-2000:]
    print(report[-1500:])
    assert result.returncode == 0, report
