"""Every console and agent route × every role × another municipality.

The routes are read from the app itself, so a route added later is checked too: each must
declare exactly one permission (`require(...)`) unless it is one of the few pages every logged-in
member of staff may open; a role without the permission gets 403, one with it never gets 401,
403 or a server error; nobody logged in gets 401 (pages: a redirect to the login page); a
municipal role asking for another municipality gets 403; every state-changing route refuses a
request without this site's Origin or without the session's CSRF token; and the audit log
records logins and account changes."""

from __future__ import annotations

import re

import httpx
import pytest
from fastapi.routing import APIRoute
from sqlalchemy import select

from muni.staff.roles import PERMISSIONS, Role
from muni.store.staff import StaffRepository
from muni.store.tables import AuditRow
from muni.store.tenants import TenantRepository
from tests.integration.console_helpers import (
    ACCOUNTS,
    add_every_role,
    add_staff,
    csrf_headers,
    login,
    origin,
    post,
)

PUBLIC = {  # the way in and out: no session needed
    "/console/login", "/agent/login", "/console/logout", "/agent/logout",
    "/console/oidc/login", "/console/oidc/callback",
}
ANY_STAFF = {"/console", "/console/api/me"}  # every logged-in role
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def permission_of(route: APIRoute):
    """The permissions the route's dependencies require (require(...) marks its check)."""
    found = []

    def walk(dependant):  # type: ignore[no-untyped-def]
        for dependency in dependant.dependencies:
            permission = getattr(dependency.call, "permission", None)
            if permission is not None:
                found.append(permission)
            walk(dependency)

    walk(route.dependant)
    return found


def api_routes(routes) -> list[APIRoute]:
    """Every APIRoute, also inside included routers (FastAPI includes them lazily)."""
    found = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            assert route.include_context.prefix == ""  # the routers carry their own prefix
            found.extend(api_routes(route.original_router.routes))
    return found


def staff_routes(app) -> list[tuple[APIRoute, str]]:
    routes = []
    for route in api_routes(app.routes):
        if route.path in PUBLIC:
            continue
        if route.path.startswith(("/console", "/agent")):
            routes.extend((route, method) for method in sorted(route.methods))
    return routes


def concrete(path: str) -> str:
    """A path with every parameter filled in (a number no row has)."""
    return re.sub(r"\{[^}]+\}", "987654", path)


@pytest.fixture(scope="module")
def app(runtime):
    """The routes of the app the live server runs (built the same way)."""
    from muni.web.app import create_app

    return create_app(runtime=runtime)


@pytest.fixture(scope="module")
def accounts(runtime):
    add_every_role(runtime)
    return ACCOUNTS


@pytest.fixture(scope="module")
def sessions(live_server, accounts):
    clients = {}
    for username, role, tenant in accounts:
        http = httpx.Client(base_url=live_server.url, timeout=60)
        login(http, username, tenant)
        clients[username] = (http, role, tenant)
    yield clients
    for http, _role, _tenant in clients.values():
        http.close()


def call(http: httpx.Client, method: str, path: str, **kwargs) -> httpx.Response:
    if method in UNSAFE:
        headers = csrf_headers(http) | {"Accept": "application/json"}
        return http.request(method, path, headers=headers, **kwargs)
    return http.request(method, path, headers={"Accept": "application/json"}, **kwargs)


def test_every_route_declares_one_permission(app):
    routes = staff_routes(app)
    assert len(routes) >= 15
    for route, method in routes:
        permissions = permission_of(route)
        if route.path in ANY_STAFF:
            assert permissions == [], route.path
        else:
            assert len(permissions) == 1, f"{method} {route.path}: {permissions}"


def test_every_route_refuses_nobody_logged_in(app, client):
    for route, method in staff_routes(app):
        response = client.request(method, concrete(route.path), headers=origin(client),
                                  follow_redirects=False)
        if method == "GET" and "/api/" not in route.path and response.status_code == 303:
            assert "/login" in response.headers["location"], route.path
        else:
            assert response.status_code in (401, 403), f"{method} {route.path}"


def test_every_route_by_every_role(app, sessions):
    checked = 0
    for route, method in staff_routes(app):
        permissions = permission_of(route)
        for username, (http, role, _tenant) in sessions.items():
            allowed = not permissions or permissions[0] in PERMISSIONS[role]
            if route.path.startswith("/agent") and role in (Role.PLATFORM_ADMIN,
                                                           Role.CENTRAL_EDITOR):
                allowed = False  # live chat needs a municipality
            response = call(http, method, concrete(route.path), follow_redirects=False)
            where = f"{method} {route.path} as {username} ({role})"
            assert response.status_code < 500, where
            if allowed:
                assert response.status_code not in (401, 403), where
            else:
                assert response.status_code == 403, where
            checked += 1
    assert checked >= 15 * len(sessions)


def test_municipal_roles_cannot_ask_for_another_municipality(app, sessions):
    checked = 0
    for route, method in staff_routes(app):
        names = {p.name for p in route.dependant.query_params}
        if method != "GET" or "tenant" not in names:
            continue
        permissions = permission_of(route)
        for username, (http, role, tenant) in sessions.items():
            if not tenant or (permissions and permissions[0] not in PERMISSIONS[role]):
                continue
            other = "vejle" if tenant != "vejle" else "aarhus"
            response = call(http, "GET", concrete(route.path) + f"?tenant={other}")
            assert response.status_code in (403, 404), f"{route.path} as {username}"
            checked += 1
    assert checked >= 2


def test_state_changing_routes_need_origin_and_csrf_token(app, sessions):
    http, _role, _tenant = sessions["c-admin"]
    unsafe = [(r, m) for r, m in staff_routes(app) if m in UNSAFE]
    assert len(unsafe) >= 8
    for route, method in unsafe:
        path = concrete(route.path)
        no_token = http.request(method, path, headers=origin(http))
        assert no_token.status_code == 403, path
        assert no_token.json()["error"]["code"] == "bad_csrf_token", path
        wrong = http.request(method, path, headers=origin(http) | {"X-CSRF-Token": "0" * 64})
        assert wrong.json()["error"]["code"] == "bad_csrf_token", path
        token = csrf_headers(http)["X-CSRF-Token"]
        elsewhere = http.request(method, path, headers={"Origin": "https://evil.example",
                                                        "X-CSRF-Token": token})
        assert elsewhere.json()["error"]["code"] == "bad_origin", path
    # another session's token is not this session's
    other_token = csrf_headers(sessions["aa-super"][0])["X-CSRF-Token"]
    refused = http.post("/console/staff", headers=origin(http) | {"X-CSRF-Token": other_token},
                        data={"username": "x", "display_name": "x", "role": "viewer"})
    assert refused.json()["error"]["code"] == "bad_csrf_token"


def test_superusers_manage_only_their_own_municipality(runtime, sessions):
    add_staff(runtime, "od-viewer", Role.VIEWER, "odense")
    with runtime.db.session() as session:
        odense = TenantRepository(session).by_slug("odense")
        target = StaffRepository(session, odense).by_username("od-viewer").id
    http = sessions["aa-super"][0]
    changed = post(http, f"/console/staff/{target}/role", data={"role": "superuser"})
    assert changed.status_code == 404
    assert post(http, "/console/staff", data={"username": "ny", "display_name": "Ny",
                                             "role": "superuser", "tenant": "odense",
                                             "password": "en-god-adgangskode"}).status_code == 403
    assert post(http, "/console/staff", data={"username": "boss", "display_name": "Boss",
                                             "role": "platform_admin", "tenant": "aarhus",
                                             "password": "en-god-adgangskode"}).status_code == 403
    made = post(http, "/console/staff", data={"username": "aa-ny", "display_name": "Ny",
                                             "role": "viewer", "tenant": "aarhus",
                                             "password": "en-god-adgangskode"})
    assert made.status_code == 200 and "aa-ny er oprettet" in made.text
    with runtime.db.session() as session:
        odense_role = StaffRepository(session, odense).by_username("od-viewer").role
        assert odense_role == "viewer"
        rows = list(session.scalars(select(AuditRow).where(AuditRow.action == "staff.add",
                                                           AuditRow.target == "aa-ny")))
        assert len(rows) == 1 and rows[0].actor == "aa-super" and rows[0].tenant_id is not None


def test_logins_are_audited_and_the_audit_page_is_scoped(runtime, sessions):
    with runtime.db.session() as session:
        actors = set(session.scalars(select(AuditRow.actor).where(AuditRow.action == "login")))
    assert {name for name, _role, _tenant in ACCOUNTS} <= actors
    own = sessions["aa-super"][0].get("/console/audit")
    assert own.status_code == 200 and "aa-super" in own.text and "od-super" not in own.text
    everything = sessions["c-admin"][0].get("/console/audit")
    assert "od-super" in everything.text and "aa-super" in everything.text
