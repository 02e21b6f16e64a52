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
        StaffRepository(session, TenantRepository(session).by_slug("vejle")).add(
            "vera", "Vera", "en-god-adgangskode")
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
                # the citizen listens on one worker; SQLite workers cannot tell each other,
                # so a message posted on the other is found by the stream's own 1-second look
                citizen = Events(f"{base}/api/tenants/vejle/conversations/{cid}/live/events")
                for i in range(3):  # fresh connections: the two workers take turns
                    with httpx.Client(base_url=base, cookies=agent.cookies, timeout=30) as one:
                        agent_post(one, f"/agent/api/handoffs/{handoff['handoff_id']}/messages",
                                   json={"text": f"Hej {i} fra Vera"})
                    message = citizen.next("message", timeout=10)[2]
                    while message["sender"] != "agent":  # first what was said before
                        message = citizen.next("message", timeout=10)[2]
                    assert (message["text"], message["author"]) == (f"Hej {i} fra Vera", "Vera")
            live = httpx.get(f"{base}/api/tenants/vejle/conversations/{cid}/live").json()
            texts = [m["text"] for m in live["messages"] if m["sender"] != "system"]
            assert texts == ["besked 0", "besked 1", "besked 2", "besked 3", "Hej 0 fra Vera",
                             "Hej 1 fra Vera", "Hej 2 fra Vera"]
            assert live["status"] == "active"


# -- live messages pushed (server-sent events), the agent's name, the queue, opening hours ----

class Events:
    """A server-sent-events client in a thread: the events it has read so far."""

    def __init__(self, url, headers=None, cookies=None):
        import queue
        import threading

        self.events: queue.Queue = queue.Queue()
        self.closed = threading.Event()
        self.opened = threading.Event()
        self._url, self._headers, self._cookies = url, headers or {}, cookies
        self.status_code = None
        threading.Thread(target=self._run, daemon=True).start()
        assert self.opened.wait(15), "the stream did not open"

    def _run(self):
        try:
            self._read()
        except httpx.HTTPError:  # the server stopped while the stream was open
            pass
        finally:
            self.opened.set()
            self.closed.set()

    def _read(self):
        import json

        with httpx.Client(timeout=httpx.Timeout(30, read=60), cookies=self._cookies) as client, \
                client.stream("GET", self._url, headers=self._headers) as response:
            self.status_code = response.status_code
            self.content_type = response.headers.get("content-type", "")
            self.opened.set()
            block: dict = {}
            for line in response.iter_lines():
                if line == "":
                    if "data" in block:
                        self.events.put((block.get("event", "message"), block.get("id"),
                                         json.loads(block["data"])))
                    block = {}
                elif not line.startswith(":"):
                    key, _, value = line.partition(": ")
                    block[key] = value

    def next(self, kind, timeout=10):
        """The next event of this kind (others before it are skipped)."""
        import queue
        import time

        deadline = time.monotonic() + timeout
        while True:
            try:
                event = self.events.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no {kind} event within {timeout} s") from None
            if event[0] == kind:
                return event


def queued_conversation(http, language_question="jeg vil gerne tale med et menneske"):
    conversation = start(http)
    say(http, conversation, language_question)
    handoff = http.post(f"/api/tenants/aarhus/conversations/{conversation}/handoff").json()
    return conversation, handoff["handoff_id"]


def test_agent_messages_are_pushed_to_the_citizen_with_the_agents_name_and_role(runtime, agents):
    with served(runtime, OPEN) as (http, _):
        conversation, handoff = queued_conversation(http)
        base = str(http.base_url).rstrip("/")
        stream = Events(f"{base}/api/tenants/aarhus/conversations/{conversation}/live/events")
        assert stream.status_code == 200 and stream.content_type.startswith("text/event-stream")
        queued = stream.next("message")[2]
        assert queued["sender"] == "system" and queued["text"].startswith("Du er nu i kø")
        assert stream.next("status")[2] == {"status": "queued", "agent": None}

        login(http, "aarhus", agents["aarhus"])
        agent_post(http, f"/agent/api/handoffs/{handoff}/accept")
        joined = stream.next("message")[2]
        assert joined["text"] == "Lise fra Borgerservice er nu med i samtalen."
        assert (joined["author"], joined["author_role"]) == ("Lise", "Borgerservice")
        assert stream.next("status")[2] == {"status": "active",
                                            "agent": {"name": "Lise", "role": "Borgerservice"}}
        sent = agent_post(http, f"/agent/api/handoffs/{handoff}/messages",
                          json={"text": "Dit sagsnummer er 2026-0117."}).json()
        kind, event_id, message = stream.next("message", timeout=5)
        assert int(event_id) == sent["id"] == message["id"]
        assert message["sender"] == "agent" and message["author"] == "Lise"

        agent_post(http, f"/agent/api/handoffs/{handoff}/close")
        assert "afsluttet samtalen" in stream.next("message")[2]["text"]
        assert stream.next("end")[2] == {"status": "closed"}
        assert stream.closed.wait(5)  # the server ends the stream with the handoff
        # the JSON view keeps working, with the author now
        live = http.get(f"/api/tenants/aarhus/conversations/{conversation}/live").json()
        assert live["status"] == "closed" and live["messages"][-2]["author"] == "Lise"


def test_a_reconnect_with_last_event_id_gets_only_what_is_newer(runtime, agents):
    with served(runtime, OPEN) as (http, _):
        conversation, handoff = queued_conversation(http)
        for text_ in ("en", "to", "tre"):
            http.post(f"/api/tenants/aarhus/conversations/{conversation}/live",
                      json={"text": text_})
        ids = [m["id"] for m in http.get(
            f"/api/tenants/aarhus/conversations/{conversation}/live").json()["messages"]]
        base = str(http.base_url).rstrip("/")
        url = f"{base}/api/tenants/aarhus/conversations/{conversation}/live/events"
        again = Events(url, headers={"Last-Event-ID": str(ids[2])})
        assert again.next("message")[2]["text"] == "tre"
        by_query = Events(url + f"?after={ids[1]}")
        assert by_query.next("message")[2]["text"] == "to"


def test_the_event_stream_has_the_same_access_rules_as_the_live_chat(runtime, agents):
    from muni.store.tables import ConversationRow

    with served(runtime, OPEN) as (http, _):
        conversation, handoff = queued_conversation(http)
        with runtime.db.session() as session:  # as if a citizen had logged in to it
            session.get(ConversationRow, conversation).citizen_subject = "someone-else"
        base = str(http.base_url).rstrip("/")
        for path in ("/live", "/live/events"):
            url = f"{base}/api/tenants/aarhus/conversations/{conversation}{path}"
            assert httpx.get(url, timeout=10).status_code == 404, path
        assert httpx.get(f"{base}/api/tenants/odense/conversations/{conversation}/live/events",
                         timeout=10).status_code == 404  # another tenant's
        assert http.get(f"/agent/api/handoffs/{handoff}/events").status_code == 401


def test_the_agent_console_stream_and_a_message_sent_before_taking_takes_it(runtime, agents):
    with served(runtime, OPEN) as (http, _):
        conversation, handoff = queued_conversation(http)
        login(http, "aarhus", agents["aarhus"])
        base = str(http.base_url).rstrip("/")
        console = Events(f"{base}/agent/api/handoffs/{handoff}/events", cookies=http.cookies)
        status = console.next("status")[2]
        assert status["status"] == "queued" and status["status_text"] == "Venter"
        # typed before "Tag samtalen": sending takes the conversation, nothing is dropped
        sent = agent_post(http, f"/agent/api/handoffs/{handoff}/messages",
                          json={"text": "Hej, jeg kigger på det nu."})
        assert sent.status_code == 200 and sent.json()["took"] is True
        assert console.next("status")[2]["status_text"] == "I gang"
        live = http.get(f"/api/tenants/aarhus/conversations/{conversation}/live").json()
        assert [m["sender"] for m in live["messages"]][-2:] == ["system", "agent"]
        assert live["messages"][-1]["text"] == "Hej, jeg kigger på det nu."
        citizen = http.post(f"/api/tenants/aarhus/conversations/{conversation}/live",
                            json={"text": "tak"}).json()
        assert console.next("message")[2] == {"id": citizen["id"], "sender": "citizen",
                                              "text": "tak", "author": None}
        agent_post(http, f"/agent/api/handoffs/{handoff}/return")
        assert console.next("status")[2]["status_text"] == "Sendt tilbage"
        refused = agent_post(http, f"/agent/api/handoffs/{handoff}/messages",
                             json={"text": "en sidste ting"})
        assert refused.status_code == 409 and "ikke sendt" in refused.json()["error"]["message"]
        page = http.get(f"/agent/handoffs/{handoff}").text
        assert "Sendt tilbage" in page and "returned" not in page


def test_the_queue_shows_topic_waiting_time_language_and_danish_status(runtime, agents):
    with served(runtime, OPEN) as (http, _):
        conversation = start(http)
        say(http, conversation, "hvad koster et pas")
        say(http, conversation, "jeg vil gerne tale med et menneske")
        handoff = http.post(f"/api/tenants/aarhus/conversations/{conversation}/handoff").json()
        english = start(http)
        say(http, english, "I want to speak to someone")
        other = http.post(f"/api/tenants/aarhus/conversations/{english}/handoff").json()
        login(http, "aarhus", agents["aarhus"])
        queue = {h["id"]: h for h in http.get("/agent/api/queue").json()}
        row = queue[handoff["handoff_id"]]
        assert row["topic"] == "pas" and row["topic_text"] == "Pas"  # not "menneske"
        assert row["status_text"] == "Venter" and row["language_text"] == "Dansk"
        assert row["waiting_text"] == "venter under 1 min"
        assert queue[other["handoff_id"]]["language_text"] == "Engelsk"
        assert queue[other["handoff_id"]]["topic_text"] == "Emne ikke kendt"
        agent_post(http, f"/agent/api/handoffs/{handoff['handoff_id']}/accept")
        row = {h["id"]: h for h in http.get("/agent/api/queue").json()}[handoff["handoff_id"]]
        assert row["status_text"] == "I gang" and row["mine"]
        # the English citizen hears the agent join in English
        agent_post(http, f"/agent/api/handoffs/{other['handoff_id']}/accept")
        live = http.get(f"/api/tenants/aarhus/conversations/{english}/live").json()
        assert live["messages"][0]["text"].startswith("You are now waiting")
        assert live["messages"][-1]["text"] == (
            "Lise from Borgerservice has joined the conversation.")


def test_waiting_text_counts_minutes_and_hours():
    from muni.web.routes.agent import waiting_text

    now = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    assert waiting_text(now - timedelta(seconds=59), now) == "venter under 1 min"
    assert waiting_text(now - timedelta(minutes=3, seconds=10), now) == "venter 3 min"
    assert waiting_text(now - timedelta(minutes=65), now) == "venter 1 t 5 min"


def test_outside_opening_hours_the_citizen_hears_when_we_open_again(runtime):
    with served(runtime, CLOSED) as (http, _):  # a Sunday: Monday 08:00 is tomorrow
        conversation = start(http)
        answer = say(http, conversation, "kan jeg tale med en medarbejder").json()["answer"]
        assert answer["handoff"] == {"open": False}
        assert "sætte dig igennem" not in answer["text"]  # true when closed, too
        assert "bede om at blive ringet op" in answer["text"]
        hours = http.get(f"/api/tenants/aarhus/conversations/{conversation}/handoff").json()
        assert hours == {"open": False, "text": "Vi har lukket nu. Du kan bede om at blive "
                         "ringet op. Vi åbner igen i morgen kl. 08.00."}
    with served(runtime, OPEN) as (http, _):
        conversation = start(http)
        assert http.get(f"/api/tenants/aarhus/conversations/{conversation}/handoff").json() \
            == {"open": True, "text": ""}


@contextmanager
def open_around_the_clock(db, slug):
    """Like always_open, on any database (here: the workers' PostgreSQL)."""
    with db.session() as session:
        row = session.scalar(select(TenantRow).where(TenantRow.slug == slug))
        days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        row.config = {**row.config, "opening_hours": {d: "00:00-24:00" for d in days},
                      "holidays": []}
    yield


@pytest.mark.slow
@pytest.mark.postgres
def test_a_message_posted_on_one_worker_reaches_a_listener_on_the_other(runtime, data_dir,
                                                                        postgres_server):
    """Two muni processes on one PostgreSQL: the agent writes through A, the citizen listens
    on B. B hears of it by LISTEN/NOTIFY: with its listener up, B's own look at the database
    is every 5 s, so a message seen well within that came by the announcement."""
    import time

    from muni.config import Settings
    from muni.store.database import Database
    from tests.conftest import _fresh_postgres_database, muni_process

    url = _fresh_postgres_database(postgres_server)
    env = {f"MUNI_{n.upper()}": "0" for n in Settings.model_fields if n.startswith("limit_")}
    env |= {"MUNI_RATE_LIMIT_PER_MINUTE": "0", "MUNI_DATABASE_URL": url}
    with muni_process(data_dir, "serve", env=env) as a, \
            muni_process(data_dir, "serve", env=env) as b:
        db = Database(url)
        try:
            with db.session() as session:
                StaffRepository(session, TenantRepository(session).by_slug("aarhus")).add(
                    "pia", "Pia", "en-god-adgangskode")
            with open_around_the_clock(db, "aarhus"), \
                    httpx.Client(base_url=a.url, timeout=30) as agent:
                conversation = httpx.post(f"{a.url}/api/tenants/aarhus/conversations",
                                          json={}).json()["id"]
                handoff = httpx.post(f"{a.url}/api/tenants/aarhus/conversations/"
                                     f"{conversation}/handoff").json()["handoff_id"]
                citizen = Events(f"{b.url}/api/tenants/aarhus/conversations/{conversation}"
                                 "/live/events")
                citizen.next("status")
                login(agent, "aarhus", "pia")
                agent_post(agent, f"/agent/api/handoffs/{handoff}/accept")
                joined = citizen.next("message", timeout=15)[2]
                assert joined["text"] == "Pia fra Borgerservice er nu med i samtalen."
                delays = []
                for i in range(3):
                    sent = time.monotonic()
                    agent_post(agent, f"/agent/api/handoffs/{handoff}/messages",
                               json={"text": f"besked {i} fra A"})
                    message = citizen.next("message", timeout=15)[2]
                    delays.append(time.monotonic() - sent)
                    assert (message["text"], message["author"]) == (f"besked {i} fra A", "Pia")
                assert min(delays) < 3, delays  # not B's 5-second look: the announcement
                agent_post(agent, f"/agent/api/handoffs/{handoff}/close")
                assert citizen.next("end", timeout=15)[2] == {"status": "closed"}
        finally:
            db.dispose()
