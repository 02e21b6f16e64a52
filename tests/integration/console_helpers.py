"""Shared by the console tests: staff accounts of every role, logging in over HTTP and in
Chromium, POSTs with the Origin and CSRF token a console page sends, and axe-core.

Import the fixtures you use into the test module (`from tests.integration.console_helpers
import browser, console_browser`) so pytest finds them."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from muni.staff.roles import CENTRAL_ROLES, Role
from muni.store.staff import StaffRepository
from muni.store.tenants import TenantRepository
from tests.integration.test_qr import chromium_or_skip

PASSWORD = "en-god-adgangskode"
AXE = Path(__file__).parents[1] / "fixtures" / "axe-core" / "axe.min.js"
# one account per role: (username, role, municipality or "" for central staff)
ACCOUNTS = (
    ("c-admin", Role.PLATFORM_ADMIN, ""),
    ("c-editor", Role.CENTRAL_EDITOR, ""),
    ("aa-super", Role.SUPERUSER, "aarhus"),
    ("aa-agent", Role.AGENT, "aarhus"),
    ("aa-viewer", Role.VIEWER, "aarhus"),
    ("od-super", Role.SUPERUSER, "odense"),
)


def add_staff(runtime, username: str, role: Role, tenant: str = "", email: str | None = None,
              password: str | None = PASSWORD) -> None:
    """Create the account unless it exists (tenant "": central staff)."""
    with runtime.db.session() as session:
        found = TenantRepository(session).by_slug(tenant) if tenant else None
        repo = StaffRepository(session, found)
        if repo.by_username(username) is None:
            repo.add(username, username.replace("-", " ").title(), password, role, email=email)
        session.commit()


def add_every_role(runtime) -> None:
    for username, role, tenant in ACCOUNTS:
        assert (role in CENTRAL_ROLES) == (tenant == "")
        add_staff(runtime, username, role, tenant)


def origin(http: httpx.Client) -> dict[str, str]:
    return {"Origin": str(http.base_url).rstrip("/")}


def login(http: httpx.Client, username: str, tenant: str = "") -> httpx.Response:
    """Log in over HTTP with a password; the client keeps the session cookie."""
    response = http.post("/console/login", headers=origin(http), follow_redirects=False,
                         data={"tenant": tenant, "username": username, "password": PASSWORD})
    assert response.status_code == 303, response.text[:300]
    return response


def csrf_headers(http: httpx.Client) -> dict[str, str]:
    token = http.get("/console/api/me").json()["csrf_token"]
    return origin(http) | {"X-CSRF-Token": token}


def post(http: httpx.Client, path: str, **kwargs) -> httpx.Response:
    """A POST as a console page sends it: this site's Origin and the session's CSRF token."""
    headers = csrf_headers(http) | kwargs.pop("headers", {})
    return http.post(path, headers=headers, **kwargs)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    executable = chromium_or_skip()
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield launched
        launched.close()


def browser_login(page, base: str, username: str, tenant: str = "") -> None:
    page.goto(base + "/console/login")
    page.select_option("#tenant", tenant)
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def watch_errors(page) -> list[str]:
    """Script errors, CSP refusals and failed responses of a page, collected as they come."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error"
            else None)
    page.on("response", lambda r: errors.append(f"{r.status}: {r.url}") if r.status >= 400
            else None)
    return errors


WCAG22_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")


def axe_violations(page, tags: tuple[str, ...] = ()) -> list[dict]:
    """axe-core's violations on the page (needs a context with bypass_csp=True: the console's
    CSP rightly refuses an injected script). `tags`: only those rules, e.g. WCAG22_AA."""
    page.add_script_tag(content=AXE.read_text())
    options = "{resultTypes: ['violations']" + (", runOnly: {type: 'tag', values: tags}}" if tags
                                                  else "}")
    result = page.evaluate("async (tags) => JSON.stringify((await axe.run(document, "
                           + options + ")).violations)", list(tags))
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in json.loads(result)]
