"""Two `muni serve` instances on one PostgreSQL, as behind a load balancer: a conversation
goes on on the other instance with its context, a handoff opened through one is seen by the
other, and a crawl announced over LISTEN/NOTIFY reaches the other instance's search index at
once (their own re-check is set to ten minutes, so only the announcement can explain it)."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx
import pytest

from muni.config import REPO_ROOT, Settings
from muni.store.database import Database
from tests.conftest import _fresh_postgres_database, demo_site, muni_process

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
NO_LIMITS = {f"MUNI_{name.upper()}": "0" for name in Settings.model_fields
             if name.startswith("limit_")} | {"MUNI_RATE_LIMIT_PER_MINUTE": "0"}
DOG_PAGE = "/borger/natur-og-miljoe/hundeskove"
DOG_QUESTION = "må min hund løbe uden snor i hundeskoven"


@pytest.fixture(scope="module")
def shared_database(postgres_server) -> str:
    return _fresh_postgres_database(postgres_server)


@pytest.fixture(scope="module")
def instances(runtime, data_dir, shared_database):  # the runtime fixture trained the models
    env = NO_LIMITS | {"MUNI_DATABASE_URL": shared_database,
                       "MUNI_INDEX_RECHECK_SECONDS": "600"}
    with muni_process(data_dir, "serve", env=env) as first:  # migrates the database
        with muni_process(data_dir, "serve", env=env) as second:
            for server in (first, second):
                deadline = time.monotonic() + 120
                while httpx.get(server.url + "/readyz").status_code != 200:
                    assert time.monotonic() < deadline, server.output()[-2000:]
                    time.sleep(0.5)
            yield first, second


@pytest.fixture(scope="module")
def site(runtime):
    with demo_site(runtime, "aarhus") as url:
        yield url


def message(base: str, conversation: str, text: str) -> httpx.Response:
    return httpx.post(f"{base}/api/tenants/aarhus/conversations/{conversation}/messages",
                      json={"text": text}, timeout=30)


def test_a_conversation_goes_on_at_the_other_instance(instances):
    a, b = instances
    conversation = httpx.post(a.url + "/api/tenants/aarhus/conversations").json()["id"]
    first = message(a.url, conversation, "hej jeg skal have nyt pas")
    assert first.status_code == 200 and first.json()["answer"]["topic"] == "pas"
    follow_up = message(b.url, conversation, "og hvad koster det?")
    assert follow_up.status_code == 200
    answer = follow_up.json()["answer"]
    assert answer["topic"] == "pas" and "893 kr" in answer["text"]  # the context came along
    transcript = httpx.get(f"{a.url}/api/tenants/aarhus/conversations/{conversation}").json()
    assert [t["seq"] for t in transcript["turns"]] == [1, 2]


def test_a_handoff_opened_on_one_instance_is_seen_by_the_other(instances, shared_database):
    from muni.store.handoffs import HandoffRepository
    from muni.store.tenants import TenantRepository

    a, b = instances
    conversation = httpx.post(a.url + "/api/tenants/aarhus/conversations").json()["id"]
    assert message(a.url, conversation, "jeg vil gerne tale med en medarbejder").status_code == 200
    db = Database(shared_database)
    try:  # opened as the agent console would (request_handoff depends on opening hours)
        with db.session() as session:
            tenant = TenantRepository(session).by_slug("aarhus")
            repo = HandoffRepository(session, tenant)
            repo.create(conversation, team="borgerservice", reason="asked")
    finally:
        db.dispose()
    sent = httpx.post(f"{a.url}/api/tenants/aarhus/conversations/{conversation}/live",
                      json={"text": "hej, er der nogen?"})
    assert sent.status_code == 200
    live = httpx.get(f"{b.url}/api/tenants/aarhus/conversations/{conversation}/live").json()
    assert live["status"] == "queued"
    assert [m["text"] for m in live["messages"]] == ["hej, er der nogen?"]
    refused = message(b.url, conversation, "hvad koster et pas")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "in_handoff"


def test_a_crawl_is_announced_to_every_instance(instances, data_dir, shared_database, site):
    a, b = instances
    before = message(b.url, httpx.post(b.url + "/api/tenants/aarhus/conversations")
                     .json()["id"], DOG_QUESTION).json()["answer"]
    assert not any(s.get("url", "") and DOG_PAGE in s["url"] for s in before["sources"])
    crawl = subprocess.run(
        [sys.executable, "-m", "muni.cli", "crawl", "aarhus", "--start-url",
         site + DOG_PAGE, "--max-pages", "1"],
        env={**__import__("os").environ, "MUNI_DATA_DIR": str(data_dir),
             "MUNI_DATABASE_URL": shared_database, "NO_COLOR": "1"},
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    assert crawl.returncode == 0, crawl.stdout[-2000:] + crawl.stderr[-2000:]
    for server in (a, b):
        deadline = time.monotonic() + 10  # announced at once; rebuilt on the next question
        while True:
            conversation = httpx.post(server.url + "/api/tenants/aarhus/conversations").json()
            answer = message(server.url, conversation["id"], DOG_QUESTION).json()["answer"]
            if answer["sources"] and answer["sources"][0].get("url") == site + DOG_PAGE:
                break
            assert time.monotonic() < deadline, (answer, server.output()[-2000:])
            time.sleep(0.5)
        assert answer["origin"] == "search" and "snor" in answer["text"]
    assert "changed elsewhere" in b.output()
