"""`muni demo` as the README runs it: a real server process that answers over HTTP."""

from __future__ import annotations

import re
import shutil
import socket
import time

import httpx
import pytest

from tests.conftest import free_port, muni_process, muni_server


def free_ports_in_a_row(count: int) -> int:
    """A free port whose next `count - 1` ports are free too: `muni demo` serves the demo
    websites on the ports after its own (a random neighbour in use made this test flaky)."""
    while True:
        port = free_port()
        try:
            for offset in range(1, count):
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", port + offset))
        except OSError:
            continue
        return port


@pytest.fixture
def own_data_dir(runtime, data_dir, tmp_path):
    """A data dir of its own (the demo crawls its sites into its database, which must not mix
    with the tests' crawl), with the trained models and embedding cache copied over."""
    shutil.copytree(data_dir / "models", tmp_path / "models")
    return tmp_path


@pytest.mark.slow
def test_demo_serves_several_municipalities(own_data_dir):
    with muni_process(own_data_dir, "demo", port=free_ports_in_a_row(4)) as server:
        base = server.url
        tenants = [t["slug"] for t in httpx.get(base + "/api/tenants").json()]
        assert {"aarhus", "odense", "vejle"} <= set(tenants)
        page = httpx.get(base + "/")
        assert page.status_code == 200 and "Aarhus Kommune" in page.text
        conversation = httpx.post(f"{base}/api/tenants/aarhus/conversations", json={}).json()
        answer = httpx.post(
            f"{base}/api/tenants/aarhus/conversations/{conversation['id']}/messages",
            json={"text": "affald"}, timeout=30).json()["answer"]  # a general question
        assert answer["topic"] == "affald" and answer["origin"] == "curated"
        assert answer["sources"][0]["ref"] == "affald@aarhus"  # Aarhus's local overview
        assert any("aarhus.dk" in link["url"] for link in answer["links"])
        # the console: the demo prints one account per role and this run's password
        printed = server.output()
        password = re.search(r"adgangskode denne gang: (\S+)\)", printed).group(1)
        assert re.search(r"redaktor\s+central_editor", printed)
        assert re.search(r"odense-super\s+superuser\s+odense", printed)
        with httpx.Client(base_url=base, timeout=30) as http:
            login = http.post("/console/login", headers={"Origin": base}, data={
                "tenant": "", "username": "redaktor", "password": password})
            assert login.status_code == 303 and login.headers["location"] == "/console"
            assert http.get("/console/api/me").json()["role"] == "central_editor"
        # the stand-in MitID broker is up, and the citizen page offers the widget
        broker = re.search(r"Demo-MitID \(log ind som borger\): (\S+)", printed).group(1)
        assert httpx.get(broker + "/.well-known/openid-configuration").status_code == 200
        assert 'data-tenant="aarhus"' in httpx.get(base + "/t/aarhus").text
    # ... and ends with the demo
    deadline = time.monotonic() + 10
    while True:
        try:
            httpx.get(broker + "/.well-known/openid-configuration", timeout=2)
        except httpx.TransportError:
            break
        assert time.monotonic() < deadline, "the demo's MitID broker outlived the demo"
        time.sleep(0.2)


@pytest.mark.slow
def test_two_workers_share_one_conversation(runtime, data_dir):
    """Two server processes behind one port: the conversation state lives in the database."""
    with muni_server(data_dir, "serve", "--workers", "2") as base:
        conversation = httpx.post(f"{base}/api/tenants/odense/conversations", json={}).json()
        url = f"{base}/api/tenants/odense/conversations/{conversation['id']}"
        questions = ["hej", "hvad koster et pas", "hvornår er der storskrald", "tak"] * 3
        for text in questions:  # new connections each time, so both workers take turns
            assert httpx.post(url + "/messages", json={"text": text}).status_code == 200
        turns = httpx.get(url).json()["turns"]
        assert [t["seq"] for t in turns] == list(range(1, len(questions) + 1))
        assert [t["question"] for t in turns] == questions
