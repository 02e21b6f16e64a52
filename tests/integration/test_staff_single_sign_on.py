"""Staff single sign-on against a real OpenID Connect provider process on 127.0.0.1
(oidc-provider-mock): code flow with PKCE, a verified ID token, the account found by e-mail on
the first login and by subject afterwards, and refusals that open no session."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
import pytest
from sqlalchemy import select

from muni.identity.demo_broker import start_demo_broker
from muni.staff.roles import Role
from muni.store.tables import AuditRow, StaffRow
from muni.web.app import create_app
from tests.conftest import LiveServer
from tests.integration.console_helpers import add_staff

USERS = [
    {"sub": "kirsten-1", "email": "Kirsten@Aarhus.dk", "name": "Kirsten"},
    {"sub": "stranger-9", "email": "stranger@example.org"},
    {"sub": "unverified-3", "email": "carl@aarhus.dk", "email_verified": False},
]


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    started = start_demo_broker(users=tuple(USERS))
    assert started is not None, "the OIDC provider (oidc-provider-mock) did not start"
    try:
        yield started.issuer
    finally:
        started.stop()


@pytest.fixture(scope="module")
def sso_server(runtime, provider):
    add_staff(runtime, "kirsten", Role.SUPERUSER, "aarhus", email="kirsten@aarhus.dk",
              password=None)
    add_staff(runtime, "carl", Role.VIEWER, "aarhus", email="carl@aarhus.dk", password=None)
    settings = runtime.settings.model_copy(update={
        "staff_oidc_issuer": provider, "staff_oidc_client_id": "muni-console",
        "staff_oidc_client_secret": "hemmelig", "staff_oidc_name": "AarhusID"})
    with LiveServer(create_app(runtime=replace(runtime, settings=settings))) as server:
        yield server.url


def sign_in(base: str, sub: str, http: httpx.Client) -> httpx.Response:
    """Click through: muni → the provider's form → choose the user → back to muni."""
    start = http.get(base + "/console/oidc/login?next=/console/stats")
    assert start.status_code == 303
    authorize = start.headers["location"]
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]
    assert "Aarhus" not in authorize  # nothing of ours but the client id and redirect
    form = http.get(authorize)
    assert form.status_code == 200
    chosen = http.post(authorize, data={"sub": sub})
    assert chosen.status_code in (302, 303)
    back = chosen.headers["location"]
    assert back.startswith(base + "/console/oidc/callback")
    return http.get(back)


def test_a_member_of_staff_signs_in_by_email_then_by_subject(runtime, sso_server):
    with httpx.Client(timeout=30) as http:
        page = http.get(sso_server + "/console/login")
        assert "Log ind med AarhusID" in page.text
        done = sign_in(sso_server, "kirsten-1", http)
        assert done.status_code == 303 and done.headers["location"] == "/console/stats"
        me = http.get(sso_server + "/console/api/me").json()
        assert me["username"] == "kirsten" and me["role"] == "superuser"
        assert me["tenant"] == "aarhus"
    with runtime.db.session() as session:
        row = session.scalar(select(StaffRow).where(StaffRow.username == "kirsten"))
        assert row.oidc_subject.endswith("|kirsten-1")
        row.email = "kirsten.ny@aarhus.dk"  # a changed e-mail: the bound subject still works
        session.commit()
        assert session.scalar(select(AuditRow).where(
            AuditRow.action == "login.sso", AuditRow.actor == "kirsten")) is not None
    with httpx.Client(timeout=30) as http:
        assert sign_in(sso_server, "kirsten-1", http).status_code == 303
        assert http.get(sso_server + "/console/api/me").json()["username"] == "kirsten"


def test_unknown_or_unverified_people_get_no_session(sso_server):
    for sub in ("stranger-9", "unverified-3"):
        with httpx.Client(timeout=30) as http:
            refused = sign_in(sso_server, sub, http)
            assert refused.status_code == 403
            assert "ingen aktiv muni-konto" in refused.text
            assert http.get(sso_server + "/console/api/me").status_code == 401


def test_a_forged_state_or_code_is_refused(sso_server):
    with httpx.Client(timeout=30) as http:
        start = http.get(sso_server + "/console/oidc/login")
        authorize = start.headers["location"]
        http.get(authorize)
        back = http.post(authorize, data={"sub": "kirsten-1"}).headers["location"]
        forged_state = re.sub(r"state=[^&]+", "state=someone-elses", back)
        assert http.get(forged_state).status_code == 400
        forged_code = re.sub(r"code=[^&]+", "code=made-up", back)
        assert http.get(forged_code).status_code == 400
        assert http.get(sso_server + "/console/api/me").status_code == 401
    with httpx.Client(timeout=30) as other:  # a callback without this browser's login cookie
        assert other.get(urljoin(sso_server, back)).status_code == 400
        assert other.get(sso_server + "/console/api/me").status_code == 401


def test_without_configuration_there_is_no_single_sign_on(client):
    assert client.get("/console/oidc/login").status_code == 404
    assert "fælles login" not in client.get("/console/login").text.split("<form")[-1]
