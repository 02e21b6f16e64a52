"""Handoff to a person and callback requests, over HTTP with the real runtime."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import inspect, select, text

from muni.store.handoffs import purge_expired_callbacks
from muni.store.staff import StaffRepository
from muni.store.tables import TenantRow
from muni.store.tenants import TenantRepository
from muni.web.app import create_app
from tests.conftest import LiveServer, muni_server

OPEN = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)     # a Wednesday, 10:30 in Denmark
CLOSED = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)   # a Sunday


@contextmanager
def served(runtime, now):
    clocked = replace(runtime, clock=lambda: now)
    with LiveServer(create_app(runtime=clocked)) as server, \
            httpx.Client(base_url=server.url, timeout=30) as http:
        yield http, clocked


@pytest.fixture(scope="module")
def agents(runtime):
    with runtime.db.session() as session:
        repo = TenantRepository(session)
        for slug, user in (("aarhus", "lise"), ("odense", "ole")):
            StaffRepository(session, repo.by_slug(slug)).add(user, user.title(),
                                                             "en-god-adgangskode")
    return {"aarhus": "lise", "odense": "ole"}


def own_origin(http):
    """The Origin a browser sends from the agent console's own pages."""
    return {"Origin": str(http.base_url).rstrip("/")}


def csrf(http):
    """The logged-in session's CSRF token, as the console pages get it."""
    return {"X-CSRF-Token": http.get("/console/api/me").json()["csrf_token"]}


def agent_post(http, path, **kwargs):
    """A POST from the agent console: this site's Origin and, once logged in, the session's
    CSRF token (every state-changing staff route checks both)."""
    headers = own_origin(http)
    if "muni_staff" in http.cookies and not path.endswith("/login"):
        headers |= csrf(http)
    return http.post(path, headers=headers, **kwargs)


def login(http, tenant, username, password="en-god-adgangskode"):
    response = agent_post(http, "/agent/login", data={"tenant": tenant, "username": username,
                                                      "password": password})
    assert response.status_code == 303 and response.headers["location"] == "/agent"
    return response


def start(http, tenant="aarhus"):
    return http.post(f"/api/tenants/{tenant}/conversations", json={}).json()["id"]


def say(http, conversation, text, tenant="aarhus"):
    return http.post(f"/api/tenants/{tenant}/conversations/{conversation}/messages",
                     json={"text": text})


def test_asking_for_a_person_queues_and_an_agent_takes_over(runtime, agents):
    with served(runtime, OPEN) as (http, _):
        conversation = start(http)
        answer = say(http, conversation, "jeg vil gerne tale med et menneske").json()["answer"]
        assert answer["topic"] == "menneske" and answer["handoff"] == {"open": True}
        queued = http.post(f"/api/tenants/aarhus/conversations/{conversation}/handoff").json()
        assert queued["status"] == "queued"
        assert say(http, conversation, "hallo").json()["error"]["code"] == "in_handoff"
        sent = http.post(f"/api/tenants/aarhus/conversations/{conversation}/live",
                         json={"text": "mit cpr er 010190-1234"}).json()
        assert sent["text"] == "mit cpr er [CPR]"

        assert http.get("/agent/api/queue").status_code == 401
        assert http.get("/agent", follow_redirects=False).headers["location"] == "/agent/login"
        login(http, "aarhus", agents["aarhus"])
        queue = http.get("/agent/api/queue").json()
        handoff = next(h for h in queue if h["id"] == queued["handoff_id"])
        assert handoff["status"] == "queued"
        page = http.get(f"/agent/handoffs/{handoff['id']}").text
        assert "jeg vil gerne tale med et menneske" in page
        assert agent_post(http, f"/agent/api/handoffs/{handoff['id']}/accept").json()[
            "status"] == "active"
        agent_post(http, f"/agent/api/handoffs/{handoff['id']}/messages",
                   json={"text": "Hej, det er Lise. Hvad kan jeg hjælpe med?"})
        live = http.get(f"/api/tenants/aarhus/conversations/{conversation}/live").json()
        assert live["status"] == "active"
        assert [m["sender"] for m in live["messages"]] == ["system", "citizen", "system",
                                                           "agent"]
        assert live["messages"][-1]["text"].startswith("Hej, det er Lise")
        assert agent_post(http, f"/agent/api/handoffs/{handoff['id']}/return").json()[
            "status"] == "returned"
        back = say(http, conversation, "hvornår kommer skraldebilen")
        assert back.status_code == 200 and back.json()["answer"]["topic"] == "affald"


def test_two_failures_in_a_row_offer_a_person(runtime):
    with served(runtime, OPEN) as (http, _):
        conversation = start(http)
        first = say(http, conversation, "hvad bliver vejret i morgen").json()["answer"]
        second = say(http, conversation, "hvem vinder superligaen").json()["answer"]
        assert first["origin"] == second["origin"] == "fallback"
        assert first["handoff"] is None and second["handoff"] == {"open": True}


def test_closed_contact_centre_offers_a_callback_kept_apart_and_deleted(runtime, agents):
    with served(runtime, CLOSED) as (http, clocked):
        conversation = start(http)
        answer = say(http, conversation, "kan jeg tale med en medarbejder").json()["answer"]
        assert answer["handoff"] == {"open": False}
        assert http.post(f"/api/tenants/aarhus/conversations/{conversation}/handoff").json() \
            == {"status": "closed", "callback": True}
        made = http.post(f"/api/tenants/aarhus/conversations/{conversation}/callback",
                         json={"name": "Karen Blixen", "phone": "+45 31 41 59 26",
                               "preferred_time": "efter kl. 16"})
        assert made.status_code == 200 and "slettet igen efter 14 dage" in made.json()["text"]
        login(http, "odense", agents["odense"])
        assert "Karen Blixen" not in http.get("/agent/callbacks").text  # another tenant's
        login(http, "aarhus", agents["aarhus"])
        assert "Karen Blixen" in http.get("/agent/callbacks").text
    with runtime.db.engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            if table == "callbacks":
                continue
            dump = " ".join(str(v) for row in conn.execute(text(f'SELECT * FROM "{table}"'))
                            for v in row)
            assert "Karen" not in dump and "31 41 59 26" not in dump, table
    with runtime.db.session() as session:  # other tests' older callbacks may go; not this one
        purge_expired_callbacks(session, CLOSED + timedelta(days=13))
    with runtime.db.engine.connect() as conn:
        assert "Karen Blixen" in [r.name for r in conn.execute(text("SELECT name FROM callbacks"))]
    with runtime.db.session() as session:
        assert purge_expired_callbacks(session, CLOSED + timedelta(days=15)) >= 1
    with runtime.db.engine.connect() as conn:
        rows = conn.execute(text("SELECT name FROM callbacks")).all()
        assert all(r.name != "Karen Blixen" for r in rows)


def test_an_agent_cannot_touch_another_tenants_handoff(runtime, agents):
    with served(runtime, OPEN) as (http, _):
        conversation = start(http, "aarhus")
        handoff = http.post(f"/api/tenants/aarhus/conversations/{conversation}/handoff").json()
        login(http, "odense", agents["odense"])
        assert all(h["id"] != handoff["handoff_id"] for h in http.get("/agent/api/queue").json())
        assert agent_post(http, f"/agent/api/handoffs/{handoff['handoff_id']}/accept"
                          ).status_code == 409
        assert http.get(f"/agent/api/handoffs/{handoff['handoff_id']}").status_code == 404
        wrong = agent_post(http, "/agent/login", data={"tenant": "aarhus", "username": "lise",
                                                       "password": "forkert"})
        assert wrong.status_code == 401 and "Forkert kommune, brugernavn eller adgangskode" \
            in wrong.text


@contextmanager
def always_open(runtime, slug):
    """Open around the clock for the duration (for tests across processes and real time)."""
    with runtime.db.session() as session:
        row = session.scalar(select(TenantRow).where(TenantRow.slug == slug))
        saved = dict(row.config)
        days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        row.config = {**saved, "opening_hours": {d: "00:00-24:00" for d in days},
                      "holidays": []}
    try:
        yield
    finally:
        with runtime.db.session() as session:
            session.scalar(select(TenantRow).where(TenantRow.slug == slug)).config = saved




@pytest.mark.slow
def test_handoff_survives_a_restart_with_two_workers(runtime, data_dir):
    from muni.background_server import free_port

    with runtime.db.session() as session:
        StaffRepository(session, TenantRepository(session).by_slug("vejle")).add("vera", "Vera", "en-god-adgangskode")
    port = free_port()
    with always_open(runtime, "vejle"):
        with muni_server(data_dir, "serve", "--workers", "2", port=port) as base:
            conversation = httpx.post(f"{base}/api/tenants/vejle/conversations", json={}).json()
            cid = conversation["id"]
            handoff = httpx.post(f"{base}/api/tenants/vejle/conversations/{cid}/handoff").json()
            for i in range(4):  # fresh connections: the two workers take turns
                httpx.post(f"{base}/api/tenants/vejle/conversations/{cid}/live",
                           json={"text": f"besked {i}"})
        with muni_server(data_dir, "serve", "--workers", "2", port=port) as base:  # restart
            with httpx.Client(base_url=base, timeout=30) as agent:
                login(agent, "vejle", "vera")
                assert any(h["id"] == handoff["handoff_id"]
                           for h in agent.get("/agent/api/queue").json())
                agent_post(agent, f"/agent/api/handoffs/{handoff['handoff_id']}/accept")
                agent_post(agent, f"/agent/api/handoffs/{handoff['handoff_id']}/messages",
                           json={"text": "Hej fra Vera"})
            live = httpx.get(f"{base}/api/tenants/vejle/conversations/{cid}/live").json()
            texts = [m["text"] for m in live["messages"] if m["sender"] != "system"]
            assert texts == ["besked 0", "besked 1", "besked 2", "besked 3", "Hej fra Vera"]
            assert live["status"] == "active"
