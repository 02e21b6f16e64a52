"""Staff login over real HTTP: throttling per account and per IP, the same password check for
unknown users, server-side sessions that end at logout / new password / removal, the cookie's
flags, the Origin check on every state-changing agent route, and the bounded password hasher."""

from __future__ import annotations

import hashlib
import re
import threading
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import select, text

from muni.staff import passwords
from muni.store.staff import StaffRepository
from muni.store.tables import HandoffRow, StaffSessionRow
from muni.store.tenants import TenantRepository
from muni.web.app import create_app
from muni.web.routes import agent as agent_routes
from muni.web.routes import staff_login
from tests.conftest import LiveServer
from tests.integration.test_handoff import agent_post, own_origin

PASSWORD = "en-god-adgangskode"
EVIL = {"Origin": "https://evil.example"}


def moment(day: int) -> datetime:
    """Each test's own fixed clock: its own 15-minute counting window in the shared database
    (and before today, so logins here never purge the sessions of servers on the real clock).
    10:00 in Denmark; the 14th and 15th are a Wednesday and a Thursday (contact centre open)."""
    return datetime(2026, 1, day, 9, 0, tzinfo=UTC)


@contextmanager
def staff_server(runtime, day, **settings):
    """A live server whose runtime has these settings (low limits) and a fixed clock."""
    own = replace(runtime, settings=runtime.settings.model_copy(update=settings),
                  clock=lambda: moment(day))
    with LiveServer(create_app(runtime=own)) as server, \
            httpx.Client(base_url=server.url, timeout=30) as http:
        yield http


@pytest.fixture(scope="module")
def staff(runtime):
    """Agents of this module only (the database is shared with the other tests)."""
    names = {"aarhus": ["sa-kim", "sa-kaj", "sa-per", "sa-mette", "sa-ib"], "vejle": ["sa-vibe"]}
    with runtime.db.session() as session:
        for slug, users in names.items():
            repo = StaffRepository(session, TenantRepository(session).by_slug(slug))
            for user in users:
                repo.add(user, user.title(), PASSWORD)
    return names


def attempt(http, username, password=PASSWORD, tenant="aarhus", ip=None):
    headers = own_origin(http)
    if ip:
        headers["X-Forwarded-For"] = ip  # believed from 127.0.0.1, as from a local proxy
    return http.post("/agent/login", headers=headers,
                     data={"tenant": tenant, "username": username, "password": password})


@pytest.fixture
def checks(monkeypatch):
    """Every password check the server runs: (password, stored hash)."""
    seen: list[tuple[str, str]] = []
    real = passwords.check_password

    def counting(password: str, stored: str) -> bool:
        seen.append((password, stored))
        return real(password, stored)

    monkeypatch.setattr(passwords, "check_password", counting)
    return seen


def test_failed_logins_are_throttled_per_account(runtime, staff, checks):
    with staff_server(runtime, 2, login_failures_per_account=3, login_failures_per_ip=100) \
            as http:
        for _ in range(3):
            wrong = attempt(http, "sa-kim", "forkert-kode")
            assert wrong.status_code == 401
            assert "Forkert kommune, brugernavn eller adgangskode." in wrong.text
        assert len(checks) == 3
        blocked = attempt(http, "sa-kim")  # the right password, but the 4th attempt
        assert blocked.status_code == 429
        assert blocked.headers["Retry-After"] == "900"  # the clock is at the window's start
        assert "For mange forkerte forsøg på at logge ind. Vent 15 minutter" in blocked.text
        assert "muni_staff" not in blocked.headers.get("set-cookie", "")
        assert attempt(http, "SA-KIM ", "forkert-kode").status_code == 429  # same account
        assert len(checks) == 3  # refused before any password check
        assert attempt(http, "sa-kaj").status_code == 303  # another account is unaffected

        for _ in range(2):
            assert attempt(http, "sa-kaj", "forkert-kode").status_code == 401
        assert attempt(http, "sa-kaj").status_code == 303  # success clears the account's count
        for _ in range(3):
            assert attempt(http, "sa-kaj", "forkert-kode").status_code == 401
        assert attempt(http, "sa-kaj").status_code == 429


def test_failed_logins_are_throttled_per_client_ip(runtime, staff, checks):
    with staff_server(runtime, 3, login_failures_per_account=100, login_failures_per_ip=3) \
            as http:
        for user in ("sa-ukendt-1", "sa-ukendt-2", "sa-kim"):  # a different account each time
            assert attempt(http, user, "forkert-kode", ip="203.0.113.7").status_code == 401
        assert attempt(http, "sa-kaj", ip="203.0.113.7").status_code == 429
        assert attempt(http, "sa-kaj", ip="203.0.113.8").status_code == 303  # another IP
        for _ in range(5):  # successful logins do not use up an office's shared IP
            assert attempt(http, "sa-kaj", ip="203.0.113.9").status_code == 303
        assert len(checks) == 3 + 1 + 5


def test_unknown_users_and_municipalities_cost_the_same_password_check(runtime, staff, checks):
    with staff_server(runtime, 4, login_failures_per_ip=100) as http:
        known = attempt(http, "sa-kim", "forkert-kode")
        unknown = attempt(http, "sa-findes-ikke", "forkert-kode")
        no_tenant = attempt(http, "sa-kim", "forkert-kode", tenant="atlantis")
    assert known.status_code == unknown.status_code == no_tenant.status_code == 401
    message = "Forkert kommune, brugernavn eller adgangskode."
    assert message in known.text and message in unknown.text and message in no_tenant.text
    assert len(checks) == 3  # one scrypt check each, whether the user exists or not
    real_hash, dummy, dummy_again = (stored for _password, stored in checks)
    assert dummy == dummy_again == passwords.DUMMY_HASH != real_hash
    assert [len(part) for part in dummy.split("$")] == [len(p) for p in real_hash.split("$")]


def test_logout_ends_the_session_at_once(runtime, staff):
    with staff_server(runtime, 5) as http:
        response = attempt(http, "sa-kim")
        assert response.status_code == 303 and response.headers["location"] == "/agent"
        cookie = response.headers["set-cookie"]
        token = http.cookies["muni_staff"]
        assert len(token) == 43 and re.fullmatch(r"[A-Za-z0-9_-]+", token)  # token_urlsafe(32)
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/;" in cookie
        assert "Max-Age=28800" in cookie and "Secure" not in cookie  # plain HTTP here
        with runtime.db.engine.connect() as conn:
            stored = [r[0] for r in conn.execute(text("SELECT token_hash FROM staff_sessions"))]
        assert hashlib.sha256(token.encode()).hexdigest() in stored and token not in stored
        assert http.get("/agent/api/queue").status_code == 200

        out = agent_post(http, "/agent/logout")
        assert out.status_code == 303 and out.headers["location"] == "/console/login"
        assert 'muni_staff=""' in out.headers["set-cookie"]
        with httpx.Client(base_url=str(http.base_url), cookies={"muni_staff": token}) as old:
            assert old.get("/agent/api/queue").status_code == 401
            page = old.get("/agent", follow_redirects=False)
            assert page.status_code == 303 and page.headers["location"] == "/agent/login"


def test_a_forged_or_expired_cookie_is_refused(runtime, staff):
    with staff_server(runtime, 6) as http:
        attempt(http, "sa-kim")
        token = http.cookies["muni_staff"]
        assert http.get("/agent/api/queue").status_code == 200
    with staff_server(runtime, 7) as later:  # a day later: past the 8 hours
        later.cookies.set("muni_staff", token)
        assert later.get("/agent/api/queue").status_code == 401
        later.cookies.set("muni_staff", "x" * 43)
        assert later.get("/agent/api/queue").status_code == 401


def test_the_cookie_is_secure_when_configured_or_over_https(runtime, staff):
    with staff_server(runtime, 8, cookie_secure=True) as http:
        assert "Secure" in attempt(http, "sa-kim").headers["set-cookie"]
    with staff_server(runtime, 8, cookie_secure=False) as http:
        assert "Secure" not in attempt(http, "sa-kim").headers["set-cookie"]
    with staff_server(runtime, 8) as http:  # unset: Secure when the proxy says HTTPS
        port = http.base_url.port
        response = http.post("/agent/login", headers={
            "X-Forwarded-Proto": "https", "Origin": f"https://127.0.0.1:{port}"},
            data={"tenant": "aarhus", "username": "sa-kim", "password": PASSWORD})
        assert response.status_code == 303 and "Secure" in response.headers["set-cookie"]


def test_every_state_changing_agent_route_checks_the_origin_and_csrf_token(runtime, staff):
    with staff_server(runtime, 14) as http:
        data = {"tenant": "aarhus", "username": "sa-kim", "password": PASSWORD}
        refused = http.post("/agent/login", data=data, headers=EVIL)
        assert refused.status_code == 403
        assert refused.json()["error"]["code"] == "bad_origin"
        assert http.post("/agent/login", data=data).status_code == 403  # neither header
        assert http.post("/agent/login", data=data,
                         headers={"Origin": "null"}).status_code == 403
        port = http.base_url.port
        assert http.post("/agent/login", data=data, headers={
            "Origin": f"http://127.0.0.1.evil.example:{port}"}).status_code == 403
        assert http.post("/agent/login", data=data, headers={
            "Origin": f"https://127.0.0.1:{port}"}).status_code == 403  # another scheme
        assert http.post("/agent/login", data=data, headers={
            "Referer": "https://evil.example/agent/login"}).status_code == 403
        assert "muni_staff" not in http.cookies
        referer = {"Referer": f"http://127.0.0.1:{port}/agent/login"}  # no Origin: Referer's
        assert http.post("/agent/login", data=data, headers=referer).status_code == 303
        assert http.get("/agent/api/queue").status_code == 200

        conversation = http.post("/api/tenants/aarhus/conversations", json={}).json()["id"]
        handoff = http.post(f"/api/tenants/aarhus/conversations/{conversation}/handoff").json()
        accept = f"/agent/api/handoffs/{handoff['handoff_id']}/accept"
        forged = http.post(accept, headers=EVIL)  # logged in, but sent from another site
        assert forged.status_code == 403 and forged.json()["error"]["code"] == "bad_origin"
        state = http.get(f"/agent/api/handoffs/{handoff['handoff_id']}").json()
        assert state["status"] == "queued"
        assert agent_post(http, accept).json()["status"] == "active"

        no_token = http.post(accept.replace("accept", "close"), headers=own_origin(http))
        assert no_token.status_code == 403 and no_token.json()["error"]["code"] == "bad_csrf_token"
        routes = agent_routes.router.routes + staff_login.router.routes
        posts = [r.path for r in routes if "POST" in r.methods]
        assert {"/agent/login", "/agent/logout"} < set(posts) and len(posts) >= 7
        for path in posts:
            response = http.post(re.sub(r"\{[^}]+\}", "1", path), headers=EVIL, json={})
            assert response.status_code == 403, path
        assert http.get("/agent/api/queue").status_code == 200  # still logged in
        assert agent_post(http, "/agent/logout").status_code == 303


def test_a_new_password_or_removal_ends_the_agents_sessions(runtime, staff):
    with staff_server(runtime, 15) as http, \
            httpx.Client(base_url=str(http.base_url), timeout=30) as other:
        assert attempt(http, "sa-per").status_code == 303
        assert attempt(other, "sa-mette").status_code == 303
        conversation = http.post("/api/tenants/aarhus/conversations", json={}).json()["id"]
        handoff = http.post(f"/api/tenants/aarhus/conversations/{conversation}/handoff").json()
        taken = agent_post(other, f"/agent/api/handoffs/{handoff['handoff_id']}/accept")
        assert taken.json()["status"] == "active"

        with runtime.db.session() as session:  # what `muni agent password` does
            repo = StaffRepository(session, TenantRepository(session).by_slug("aarhus"))
            per = repo.by_username("sa-per")
            assert repo.set_password_hash(per, passwords.hash_password("en-ny-adgangskode")) == 1
        assert http.get("/agent/api/queue").status_code == 401
        assert attempt(http, "sa-per").status_code == 401  # the old password no longer works
        assert attempt(http, "sa-per", "en-ny-adgangskode").status_code == 303
        assert other.get("/agent/api/queue").status_code == 200  # another agent: still in

        with runtime.db.session() as session:  # what `muni agent remove` does
            repo = StaffRepository(session, TenantRepository(session).by_slug("aarhus"))
            mette = repo.by_username("sa-mette")
            repo.remove(mette)
        assert other.get("/agent/api/queue").status_code == 401
        assert attempt(other, "sa-mette").status_code == 401
        with runtime.db.session() as session:
            kept = session.get(HandoffRow, handoff["handoff_id"])
            assert kept.status == "active" and kept.agent_id is None
            assert session.scalar(select(StaffSessionRow).where(
                StaffSessionRow.staff_id == mette.id)) is None


def test_a_full_password_hasher_answers_503_at_once(runtime, staff, checks):
    release = threading.Event()
    with staff_server(runtime, 11, login_failures_per_account=1) as http:
        held = [passwords.HASHER.submit(release.wait, 30)
                for _ in range(passwords.HASHER.max_pending)]
        try:
            with pytest.raises(passwords.HasherBusy):
                passwords.HASHER.submit(release.wait, 30)
            busy = attempt(http, "sa-ib")
            assert busy.status_code == 503 and busy.headers["Retry-After"] == "1"
            assert "travlt" in busy.text
        finally:
            release.set()
            for future in held:
                future.result(timeout=30)
        assert checks == []  # nothing waited for the hasher
        # the busy answer did not use up the account's one attempt
        assert attempt(http, "sa-ib").status_code == 303
    assert passwords.HASHER.pending == 0


def test_many_parallel_guesses_stay_within_the_hasher_bound(runtime, staff):
    from concurrent.futures import ThreadPoolExecutor

    with staff_server(runtime, 12, login_failures_per_ip=1000,
                      login_failures_per_account=1000) as http:
        origin = own_origin(http)

        def guess(i: int) -> int:
            return httpx.post(origin["Origin"] + "/agent/login", headers=origin, timeout=60, data={
                "tenant": "aarhus", "username": f"sa-gæt-{i}", "password": "forkert-kode"},
            ).status_code

        with ThreadPoolExecutor(40) as pool:
            codes = list(pool.map(guess, range(60)))
    assert set(codes) <= {401, 503} and codes.count(401) >= 1
    assert passwords.HASHER.pending == 0


@pytest.mark.slow
def test_login_queue_callbacks_and_logout_in_a_real_browser(runtime, staff):
    """SameSite=Strict keeps the login redirect working, the pages' scripts run (nonce, no
    inline handlers), and fetch() POSTs carry the page's own Origin."""
    from playwright.sync_api import sync_playwright

    from muni.store.handoffs import CallbackRepository
    from tests.integration.test_qr import chromium_or_skip

    executable = chromium_or_skip()
    with staff_server(runtime, 13) as http, sync_playwright() as p:
        base = str(http.base_url).rstrip("/")
        conversation = http.post("/api/tenants/vejle/conversations", json={}).json()["id"]
        with runtime.db.session() as session:
            vejle = TenantRepository(session).by_slug("vejle")
            CallbackRepository(session, vejle).add(conversation, "Tove Ditlevsen", "12345678",
                                                   "formiddag", 14, datetime.now(UTC))
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        page = browser.new_page()
        errors: list[str] = []  # CSP refusals and script errors; failed responses by URL
        page.on("console", lambda m: errors.append(m.text) if m.type == "error"
                and not m.text.startswith("Failed to load resource") else None)
        page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
                if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
        page.goto(f"{base}/agent")
        page.select_option("#tenant", "vejle")
        page.fill("#username", "sa-vibe")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.get_by_text("Kø for Vejle").wait_for(timeout=15000)
        # a function, not an expression: Playwright polls an expression with eval(), which the
        # page's CSP refuses whenever the queue is not drawn yet at the first look
        page.wait_for_function("() => document.getElementById('empty').textContent !== ''"
                               " || document.querySelector('#queue tr') !== null")
        page.goto(f"{base}/agent/callbacks")
        page.get_by_text("Tove Ditlevsen").wait_for()
        page.click("button.done")
        page.get_by_text("Ingen venter.").wait_for(timeout=15000)
        page.goto(f"{base}/agent")
        page.get_by_text("Kø for Vejle").wait_for()
        assert errors == []  # before logging out (a poll cut off by it may fail)
        page.click("text=Log ud")
        page.get_by_role("heading", name="Log ind i muni").wait_for()
        page.goto(f"{base}/agent")
        assert page.url.endswith("/agent/login")
        browser.close()
