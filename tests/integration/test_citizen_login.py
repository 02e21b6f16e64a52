"""Citizen login with MitID through a real OpenID Connect provider process on 127.0.0.1
(oidc-provider-mock as the login broker): code flow with PKCE and state, the citizen session
and its cookie, /citizen/me, logout, expiry, tampered cookies, no open redirect, one citizen
never seeing another's overview or conversation (nor across tenants), and no CPR number or
name anywhere in the database or the log afterwards."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import select, update

from muni.answering.flows.base import FlowStep
from muni.answering.flows.overview import OverviewFlow
from muni.identity.citizen_login import SESSION_COOKIE, broker_setup
from muni.identity.demo_broker import start_demo_broker
from muni.store.tables import Base, CitizenSessionRow, ConversationRow, TenantRow
from muni.web.app import create_app
from tests.conftest import LiveServer

ANNA = {"sub": "demo-borger-1", "name": "Anna Loginsdottir", "cpr": "0101801234"}
BO = {
    "sub": "demo-borger-2",
    "given_name": "Bo",
    "family_name": "Prøvesen",
    "dk:gov:saml:attribute:CprNumberIdentifier": "0202902345",
}
SECRETS = (
    "0101801234",
    "010180-1234",
    "0202902345",
    "020290-2345",
    "Anna Loginsdottir",
    "Loginsdottir",  # a surname no other test uses: the database is shared
    "Prøvesen",
)


@pytest.fixture(scope="module")
def broker() -> Iterator[str]:
    """A real OIDC provider on 127.0.0.1 playing the MitID broker."""
    started = start_demo_broker(users=(ANNA, BO))
    assert started is not None, "the OIDC provider (oidc-provider-mock) did not start"
    try:
        yield started.issuer
    finally:
        started.stop()


def overview_flows(runtime) -> list[OverviewFlow]:
    steps = [s for s in runtime.pipeline.steps if isinstance(s, FlowStep)]
    return [f for s in steps for f in s.flows if isinstance(f, OverviewFlow)]


@pytest.fixture(scope="module")
def citizen_server(runtime, broker) -> Iterator[str]:
    settings = runtime.settings.model_copy(
        update={
            "citizen_oidc_issuer": broker,
            "citizen_oidc_client_id": "muni-borger",
            "citizen_oidc_client_secret": "hemmelig",
            "citizen_session_minutes": 30,
        }
    )
    flows = overview_flows(runtime)
    assert flows, "the overview flow is registered in build_flows"
    saved = [flow.login_available for flow in flows]
    for flow in flows:  # the shared runtime was built without a broker
        flow.login_available = lambda t: broker_setup(settings, t) is not None
    try:
        with LiveServer(create_app(runtime=replace(runtime, settings=settings))) as server:
            yield server.url
    finally:
        for flow, before in zip(flows, saved, strict=True):
            flow.login_available = before


def log_in(
    base: str,
    user: dict,
    http: httpx.Client,
    tenant: str = "aarhus",
    conversation: str = "",
    return_to: str = "/api/health",
) -> httpx.Response:
    """Click through: muni → the broker's form → choose the citizen → back to muni."""
    start = http.get(
        f"{base}/api/tenants/{tenant}/citizen/login",
        params={"conversation": conversation, "return_to": return_to},
    )
    assert start.status_code == 303, start.text
    authorize = start.headers["location"]
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"]
    assert query["state"] and query["nonce"] and query["client_id"] == ["muni-borger"]
    assert "openid" in query["scope"][0]
    assert http.get(authorize).status_code == 200
    chosen = http.post(authorize, data={"sub": user["sub"]})
    assert chosen.status_code in (302, 303)
    back = chosen.headers["location"]
    assert back.startswith(f"{base}/api/tenants/{tenant}/citizen/callback?")
    return http.get(back)


def conversation(http: httpx.Client, tenant: str = "aarhus") -> str:
    return http.post(f"/api/tenants/{tenant}/conversations").json()["id"]


def ask(http: httpx.Client, conversation_id: str, text: str, tenant: str = "aarhus"):
    return http.post(
        f"/api/tenants/{tenant}/conversations/{conversation_id}/messages", json={"text": text}
    )


def test_log_in_see_who_and_log_out(runtime, citizen_server):
    with httpx.Client(base_url=citizen_server, timeout=30) as http:
        assert http.get("/api/tenants/aarhus/citizen/me").json()["logged_in"] is False
        done = log_in(citizen_server, ANNA, http, return_to="/api/health?back=1")
        assert done.status_code == 303 and done.headers["location"] == "/api/health?back=1"
        cookie = next(c for c in http.cookies.jar if c.name == SESSION_COOKIE)
        assert cookie.path == "/api/tenants/aarhus" and not cookie.secure
        assert "httponly" in done.headers["set-cookie"].lower()
        assert "samesite=lax" in done.headers["set-cookie"].lower()
        assert "Anna" not in cookie.value and "0101801234" not in cookie.value  # encrypted
        me = http.get("/api/tenants/aarhus/citizen/me").json()
        assert me["logged_in"] is True and me["name"] == "Anna Loginsdottir"
        expires = datetime.fromisoformat(me["expires_at"])
        assert timedelta(minutes=29) < expires - datetime.now(UTC) <= timedelta(minutes=30)
        with runtime.db.session() as session:
            row = session.scalar(select(CitizenSessionRow).order_by(CitizenSessionRow.id.desc()))
            assert re.fullmatch(r"[0-9a-f]{64}", row.subject) and row.ended_at is None
            assert cookie.value not in row.token_hash
        sealed = cookie.value
        assert http.post("/api/tenants/aarhus/citizen/logout").status_code == 200
        assert http.get("/api/tenants/aarhus/citizen/me").json()["logged_in"] is False
        assert SESSION_COOKIE not in {c.name for c in http.cookies.jar}
    with runtime.db.session() as session:
        assert session.get(CitizenSessionRow, row.id).ended_at is not None
    with httpx.Client(base_url=citizen_server, timeout=30) as replay:  # the old cookie
        replay.cookies.set(SESSION_COOKIE, sealed, path="/api/tenants/aarhus")
        assert replay.get("/api/tenants/aarhus/citizen/me").json()["logged_in"] is False


def test_a_tampered_cookie_or_another_tenants_cookie_is_no_login(citizen_server):
    with httpx.Client(base_url=citizen_server, timeout=30) as http:
        log_in(citizen_server, ANNA, http)
        sealed = http.cookies.get(SESSION_COOKIE)
    middle = len(sealed) // 2
    tampered = sealed[:middle] + ("A" if sealed[middle] != "A" else "B") + sealed[middle + 1 :]
    for value, path, tenant in (
        (tampered, "/api/tenants/aarhus", "aarhus"),
        ("not-a-cookie", "/api/tenants/aarhus", "aarhus"),
        (sealed, "/api/tenants/odense", "odense"),
    ):
        with httpx.Client(base_url=citizen_server, timeout=30) as other:
            other.cookies.set(SESSION_COOKIE, value, path=path)
            assert other.get(f"/api/tenants/{tenant}/citizen/me").json()["logged_in"] is False
            asked = ask(other, conversation(other, tenant), "hvornår er min tid?", tenant)
            assert asked.json()["answer"]["action"] == "citizen_login"


def test_state_code_and_pkce_are_checked(citizen_server):
    with httpx.Client(base_url=citizen_server, timeout=30) as http:
        start = http.get("/api/tenants/aarhus/citizen/login")
        authorize = start.headers["location"]
        http.get(authorize)
        back = http.post(authorize, data={"sub": ANNA["sub"]}).headers["location"]
        assert http.get(re.sub(r"state=[^&]+", "state=someone-elses", back)).status_code == 400
        assert http.get(re.sub(r"code=[^&]+", "code=made-up", back)).status_code == 400
        assert http.get("/api/tenants/aarhus/citizen/me").json()["logged_in"] is False
    with httpx.Client(base_url=citizen_server, timeout=30) as other:  # not this browser's login
        assert other.get(back).status_code == 400
        assert other.get("/api/tenants/aarhus/citizen/me").json()["logged_in"] is False
    with httpx.Client(base_url=citizen_server, timeout=30) as http:  # a login begun for odense
        start = http.get("/api/tenants/odense/citizen/login")
        authorize = start.headers["location"]
        back = http.post(authorize, data={"sub": ANNA["sub"]}).headers["location"]
        state_cookie = http.cookies.get("muni_citizen_login")
        http.cookies.set("muni_citizen_login", state_cookie, path="/api/tenants/aarhus/citizen")
        assert http.get(back.replace("/odense/", "/aarhus/")).status_code == 400


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/phish",
        "//evil.example/x",
        "http://aarhus.dk/",
        "javascript:alert(1)",
        "https://aarhus.dk.evil.example/",
        "https://user@evil.example/",
        "/\\evil.example",
    ],
)
def test_return_to_elsewhere_is_ignored(citizen_server, target):
    with httpx.Client(base_url=citizen_server, timeout=30) as http:
        done = log_in(citizen_server, ANNA, http, return_to=target)
        assert done.status_code == 200 and "location" not in done.headers
        assert "Du er logget ind" in done.text


@pytest.mark.parametrize(
    "target",
    [
        "https://aarhus.dk/borger?x=1",
        "https://www.aarhus.dk/",
        "/api/health",
    ],
)
def test_return_to_the_municipalitys_own_pages(citizen_server, target):
    with httpx.Client(base_url=citizen_server, timeout=30) as http:
        done = log_in(citizen_server, ANNA, http, return_to=target)
        assert done.status_code == 303 and done.headers["location"] == target
    with httpx.Client(base_url=citizen_server, timeout=30) as http:
        done = log_in(citizen_server, ANNA, http, return_to=citizen_server + "/demo")
        assert done.headers["location"] == citizen_server + "/demo"


def test_an_expired_session_is_logged_out_and_says_so(runtime, citizen_server):
    with httpx.Client(base_url=citizen_server, timeout=30) as http:
        log_in(citizen_server, ANNA, http)
        with runtime.db.session() as session:
            session.execute(
                update(CitizenSessionRow)
                .where(CitizenSessionRow.ended_at.is_(None))
                .values(expires_at=datetime.now(UTC) - timedelta(minutes=1))
            )
            session.commit()
        me = http.get("/api/tenants/aarhus/citizen/me").json()
        assert me["logged_in"] is False and me["expired"] is True
        answer = ask(http, conversation(http), "hvornår er min tid?").json()["answer"]
        assert answer["action"] == "citizen_login"
        assert answer["text"].startswith("Dit login er udløbet.")
        assert "DEMO-AAR1" not in answer["text"]


def test_one_citizen_never_sees_anothers_overview_or_conversation(runtime, citizen_server):
    with (
        httpx.Client(base_url=citizen_server, timeout=30) as anna,
        httpx.Client(base_url=citizen_server, timeout=30) as bo,
        httpx.Client(base_url=citizen_server, timeout=30) as anonymous,
    ):
        theirs = conversation(anna)
        logged_out = ask(anna, theirs, "hvornår er min tid?").json()["answer"]
        assert logged_out["action"] == "citizen_login" and "DEMO" not in logged_out["text"]
        log_in(citizen_server, ANNA, anna, conversation=theirs)
        with runtime.db.session() as session:
            linked = session.get(ConversationRow, theirs).citizen_subject
            assert re.fullmatch(r"[0-9a-f]{64}", linked)
        own = ask(anna, theirs, "hvornår er min tid?").json()["answer"]
        assert "DEMO-AAR1" in own["text"] and "Pas" in own["text"] and own["action"] is None
        paid = ask(anna, theirs, "hvornår får jeg udbetalt?").json()["answer"]
        assert "3.215,00 kr." in paid["text"]
        case = ask(anna, theirs, "hvad er status på min sag om boligstøtte?").json()["answer"]
        assert "Vi behandler din ansøgning" in case["text"]
        transcript = anna.get(f"/api/tenants/aarhus/conversations/{theirs}")
        assert transcript.status_code == 200
        assert "DEMO-AAR1" not in transcript.text and "3.215" not in transcript.text
        assert "De gemmes ikke i samtalen" in transcript.text

        log_in(citizen_server, BO, bo)
        assert bo.get("/api/tenants/aarhus/citizen/me").json()["name"] == "Bo Prøvesen"
        for client in (bo, anonymous):
            assert client.get(f"/api/tenants/aarhus/conversations/{theirs}").status_code == 404
            live = client.get(f"/api/tenants/aarhus/conversations/{theirs}/live")
            assert live.status_code == 404
        assert ask(bo, theirs, "hvornår er min tid?").status_code == 404
        mine = conversation(bo)
        bos = ask(bo, mine, "hvornår er min tid?").json()["answer"]
        assert "DEMO-AAR1" not in bos["text"] and "ikke se, at du har en tid" in bos["text"]
        bos_case = ask(bo, mine, "hvad er status på min sag?").json()["answer"]
        assert "handicapparkering" in bos_case["text"] and "boligstøtte" not in bos_case["text"]

        # the same person at another municipality: a session there is not one here
        assert anna.get("/api/tenants/odense/citizen/me").json()["logged_in"] is False
        odense = conversation(anna, "odense")
        assert (
            ask(anna, odense, "hvornår er min tid?", "odense").json()["answer"]["action"]
            == "citizen_login"
        )
        log_in(citizen_server, ANNA, anna, tenant="odense")
        there = ask(anna, odense, "hvornår er min tid?", "odense").json()["answer"]
        assert "DEMO-ODE1" in there["text"] and "DEMO-AAR1" not in there["text"]
        assert anna.get(f"/api/tenants/odense/conversations/{theirs}").status_code == 404

        anna.post("/api/tenants/aarhus/citizen/logout")
        assert anna.get(f"/api/tenants/aarhus/conversations/{theirs}").status_code == 404


def dump(runtime) -> str:
    """Every text in every table of the database."""
    parts = []
    with runtime.db.session() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)):
                parts.extend(str(value) for value in row if value is not None)
    return "\n".join(parts)


def test_no_cpr_number_or_name_is_stored_or_logged(runtime, citizen_server, caplog):
    caplog.set_level(logging.DEBUG)
    with (
        httpx.Client(base_url=citizen_server, timeout=30) as anna,
        httpx.Client(base_url=citizen_server, timeout=30) as bo,
    ):
        first = conversation(anna)
        ask(anna, first, "hvornår er min tid?")
        log_in(citizen_server, ANNA, anna, conversation=first)
        log_in(citizen_server, BO, bo)
        second = conversation(bo)
        for text in (
            "hvornår er min tid?",
            "hvornår får jeg udbetalt?",
            "hvad er status på min sag om boligstøtte?",
            "har jeg en sag hos jer",
        ):
            assert ask(anna, first, text).status_code == 200
            assert ask(bo, second, text).status_code == 200
        anna.get("/api/tenants/aarhus/citizen/me")
        anna.post("/api/tenants/aarhus/citizen/logout")
    stored = dump(runtime)
    logged = caplog.text
    for secret in SECRETS:
        assert secret not in stored, f"{secret!r} is in the database"
        assert secret not in logged, f"{secret!r} is in the log"


@contextmanager
def tenant_connectors(runtime, slug: str, connectors: dict):
    """The tenant's `connectors:` setup replaced for the duration."""
    with runtime.db.session() as session:
        row = session.scalar(select(TenantRow).where(TenantRow.slug == slug))
        saved = dict(row.config)
        row.config = {**saved, "connectors": {**saved.get("connectors", {}), **connectors}}
    try:
        yield
    finally:
        with runtime.db.session() as session:
            session.scalar(select(TenantRow).where(TenantRow.slug == slug)).config = saved


def test_a_municipality_may_have_its_own_broker_or_none(
    runtime, citizen_server, broker, monkeypatch
):
    monkeypatch.setenv("MUNI_TEST_VEJLE_BROKER_SECRET", "vejles-hemmelighed")
    own = {
        "citizen_login": {
            "issuer": broker,
            "client_id": "vejle-borger",
            "client_secret_env": "MUNI_TEST_VEJLE_BROKER_SECRET",
        }
    }
    with (
        tenant_connectors(runtime, "vejle", own),
        httpx.Client(base_url=citizen_server, timeout=30) as http,
    ):
        start = http.get("/api/tenants/vejle/citizen/login")
        assert parse_qs(urlsplit(start.headers["location"]).query)["client_id"] == ["vejle-borger"]
        authorize = start.headers["location"]
        back = http.post(authorize, data={"sub": ANNA["sub"]}).headers["location"]
        assert http.get(back).status_code == 200  # no return_to: muni's own "logged in" page
        assert http.get("/api/tenants/vejle/citizen/me").json()["logged_in"] is True
    with (
        tenant_connectors(runtime, "vejle", {"citizen_login": {"kind": "none"}}),
        httpx.Client(base_url=citizen_server, timeout=30) as http,
    ):
        assert http.get("/api/tenants/vejle/citizen/login").status_code == 404
        answer = ask(http, conversation(http, "vejle"), "hvornår er min tid?", "vejle").json()
        assert answer["answer"]["action"] is None and "borger.dk" in answer["answer"]["text"]
