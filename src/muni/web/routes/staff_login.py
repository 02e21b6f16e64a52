"""Logging staff in and out: one login page for the console and the agent pages
(/console/login; /agent/login is the same form), a password login, and logout."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from muni.channels.signing import signing_key
from muni.runtime import Runtime
from muni.staff.login import (
    LoginThrottle,
    clear_session_cookie,
    cookie_secure,
    set_session_cookie,
)
from muni.staff.passwords import HASHER, HasherBusy
from muni.staff.roles import Permission, has
from muni.store import audit
from muni.store.staff import StaffRepository, member_of
from muni.store.staff_sessions import StaffSessions
from muni.store.tables import StaffRow
from muni.store.tenants import TenantRepository
from muni.store.usage_counters import UsageCounters
from muni.web.login_page import landing, login_page_response, safe_next
from muni.web.staff_auth import SessionCookie, same_origin

router = APIRouter(include_in_schema=False, dependencies=[Depends(same_origin)])
WRONG_LOGIN = "Forkert kommune, brugernavn eller adgangskode."
TOO_MANY = (
    "For mange forkerte forsøg på at logge ind. Vent {minutes}, og prøv igen. "
    "Har du glemt din adgangskode, så kontakt den, der administrerer muni hos jer."
)
BUSY = "Der er travlt lige nu. Prøv igen om et øjeblik."


def _now(runtime: Runtime) -> datetime:
    return runtime.clock().astimezone(UTC)


def _throttle(request: Request, runtime: Runtime) -> LoginThrottle:
    """The login throttle of this app, made once: its counters purge ended windows every few
    hundred hits and count in the runtime's clock; it remembers who is blocked."""
    throttle = getattr(request.app.state, "staff_login_throttle", None)
    if throttle is None:
        counters = UsageCounters(
            runtime.db, signing_key(runtime.settings), lambda: runtime.clock().timestamp()
        )
        settings = runtime.settings
        throttle = LoginThrottle(
            counters, settings.login_failures_per_account, settings.login_failures_per_ip
        )
        request.app.state.staff_login_throttle = throttle
    return throttle


@router.get("/console/login", response_class=HTMLResponse)
@router.get("/agent/login", response_class=HTMLResponse)
async def login_page(request: Request, next: str = "") -> HTMLResponse:  # noqa: A002
    if not next and request.url.path.startswith("/agent"):
        next = "/agent"  # noqa: A001
    return await login_page_response(request, request.app.state.runtime, next_path=next)


def _admit(
    runtime: Runtime, throttle: LoginThrottle, tenant: str, username: str, ip: str
) -> tuple[bool, tuple[int, str | None] | None]:
    """Under the limits? Then count the attempt, and find the account's id and password hash
    (tenant "": central staff)."""
    if throttle.blocked(tenant, username, ip) or not throttle.reserve(tenant, username, ip):
        return False, None
    with runtime.db.session() as session:
        if tenant:
            found = TenantRepository(session).by_slug(tenant)
            if found is None:
                return True, None
            row = StaffRepository(session, found).by_username(username)
        else:
            row = StaffRepository(session, None).by_username(username)
        if row is None or not row.active:
            return True, None
        return True, (row.id, row.password_hash)


def _open_session(runtime: Runtime, staff_id: int) -> tuple[str, str] | None:
    """A session for the account (and an audit row); None if it went away meanwhile."""
    with runtime.db.session() as session:
        row = session.get(StaffRow, staff_id)
        if row is None or not row.active:
            return None
        token = StaffSessions(session).create(row, _now(runtime))
        tenant = TenantRepository(session).by_id(row.tenant_id) if row.tenant_id else None
        audit.record(session, member_of(row, tenant), "login", row.username)
        session.commit()
        return token, row.role


@router.post("/console/login", response_class=HTMLResponse)
@router.post("/agent/login", response_class=HTMLResponse)
async def login(
    request: Request,
    tenant: Annotated[str, Form(max_length=64)] = "",
    username: Annotated[str, Form(max_length=100)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str, Form(max_length=500)] = "",  # noqa: A002
) -> Response:
    """Async on purpose: the database work runs briefly on the request threads, the password
    check on the password hasher's own thread (muni.staff.passwords). A guess from an
    account or IP this process already knows to be blocked, or while the hasher is full, is
    answered on the event loop without a database read, a thread or a password check."""
    runtime: Runtime = request.app.state.runtime
    ip = request.client.host if request.client else "unknown"
    throttle = _throttle(request, runtime)
    if not next and request.url.path.startswith("/agent"):
        next = "/agent"  # noqa: A001

    async def page(error: str, status: int, headers: dict[str, str] | None = None) -> Response:
        return await login_page_response(
            request, runtime, error, status, headers, tenant, username, next
        )

    async def too_many() -> Response:
        seconds = throttle.retry_after()
        minutes = -(-seconds // 60)
        wait = "1 minut" if minutes == 1 else f"{minutes} minutter"
        return await page(TOO_MANY.format(minutes=wait), 429, {"Retry-After": str(seconds)})

    if not username or not password:
        return await page(WRONG_LOGIN, 401)
    if throttle.known_blocked(tenant, username, ip):
        return await too_many()
    if HASHER.full():
        return await page(BUSY, 503, {"Retry-After": "1"})
    admitted, stored = await run_in_threadpool(_admit, runtime, throttle, tenant, username, ip)
    if not admitted:
        return await too_many()
    try:  # an unknown account is checked against a dummy hash: same cost
        ok = await HASHER.check(password, stored[1] if stored else None)
    except HasherBusy:
        await run_in_threadpool(throttle.release, tenant, username, ip)
        return await page(BUSY, 503, {"Retry-After": "1"})
    opened = await run_in_threadpool(_open_session, runtime, stored[0]) if ok and stored else None
    if opened is None:
        return await page(WRONG_LOGIN, 401)
    token, role = opened
    await run_in_threadpool(throttle.succeeded, tenant, username, ip)
    target = safe_next(next)
    if target.startswith("/agent") and not has(role, Permission.LIVE_CHAT):
        target = ""
    response = RedirectResponse(target or landing(role), status_code=303)
    set_session_cookie(response, token, cookie_secure(runtime.settings, request))
    return response


@router.post("/console/logout")
@router.post("/agent/logout")
def logout(request: Request, token: SessionCookie = None) -> RedirectResponse:
    """Ends the session (no CSRF token needed: logging someone out is harmless, and a stale
    page must still be able to log out)."""
    runtime: Runtime = request.app.state.runtime
    if token:
        with runtime.db.session() as session:
            StaffSessions(session).revoke(token)
            session.commit()
    response = RedirectResponse("/console/login", status_code=303)
    clear_session_cookie(response, cookie_secure(runtime.settings, request))
    return response
