"""`muni demo` as the README runs it: a real server process that answers over HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest

from muni.config import REPO_ROOT
from tests.conftest import free_port


@pytest.mark.slow
def test_demo_serves_several_municipalities(runtime, data_dir):
    port = free_port()
    env = {**os.environ, "MUNI_DATA_DIR": str(data_dir), "NO_COLOR": "1"}
    process = subprocess.Popen([sys.executable, "-m", "muni.cli", "demo", "--port", str(port)],
                               env=env, cwd=REPO_ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        tenants = [t["slug"] for t in httpx.get(base + "/api/tenants").json()]
        assert {"aarhus", "odense", "vejle"} <= set(tenants)
        page = httpx.get(base + "/")
        assert page.status_code == 200 and "Aarhus Kommune" in page.text
        conversation = httpx.post(f"{base}/api/tenants/aarhus/conversations", json={}).json()
        answer = httpx.post(
            f"{base}/api/tenants/aarhus/conversations/{conversation['id']}/messages",
            json={"text": "hvornår kommer skraldebilen"}, timeout=30).json()["answer"]
        assert answer["topic"] == "affald" and answer["origin"] == "curated"
        assert answer["sources"][0]["ref"] == "affald@aarhus"  # Aarhus's local answer
        assert any("aarhus.dk" in link["url"] for link in answer["links"])
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.slow
def test_two_workers_share_one_conversation(runtime, data_dir):
    """Two server processes behind one port: the conversation state lives in the database."""
    port = free_port()
    env = {**os.environ, "MUNI_DATA_DIR": str(data_dir), "NO_COLOR": "1"}
    process = subprocess.Popen([sys.executable, "-m", "muni.cli", "serve", "--port", str(port),
                                "--workers", "2"], env=env, cwd=REPO_ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            assert process.poll() is None
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        conversation = httpx.post(f"{base}/api/tenants/odense/conversations", json={}).json()
        url = f"{base}/api/tenants/odense/conversations/{conversation['id']}"
        questions = ["hej", "hvad koster et pas", "hvornår er der storskrald", "tak"] * 3
        for text in questions:  # new connections each time, so both workers take turns
            assert httpx.post(url + "/messages", json={"text": text}).status_code == 200
        turns = httpx.get(url).json()["turns"]
        assert [t["seq"] for t in turns] == list(range(1, len(questions) + 1))
        assert [t["question"] for t in turns] == questions
    finally:
        process.terminate()
        process.wait(timeout=30)
