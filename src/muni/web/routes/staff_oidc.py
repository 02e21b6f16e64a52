"""Staff single sign-on: /console/oidc/login sends the browser to the provider,
/console/oidc/callback comes back, finds the staff account and opens a session."""

from __future__ import annotations

from datetime import UTC

from fastapi import APIRouter, Cookie, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from muni.channels.signing import signing_key
from muni.runtime import Runtime
from muni.staff.login import cookie_secure, set_session_cookie
from muni.staff.oidc import (
    STATE_COOKIE,
    STATE_LIFETIME,
    LoginState,
    SingleSignOnError,
    StaffSingleSignOn,
)
from muni.store import audit
from muni.store.staff import by_single_sign_on, member_of
from muni.store.staff_sessions import StaffSessions
from muni.store.tenants import TenantRepository
from muni.web.errors import ApiError
from muni.web.login_page import landing, login_page_response, safe_next

router = APIRouter(prefix="/console/oidc", include_in_schema=False)
NO_ACCOUNT = (
    "Du er logget ind hos {name}, men der er ingen aktiv muni-konto til dig. Bed den, der "
    "administrerer muni hos jer, om at oprette dig med din e-mail."
)
FAILED = "Login hos {name} lykkedes ikke. Prøv igen."


def single_sign_on(request: Request, runtime: Runtime) -> StaffSingleSignOn:
    settings = runtime.settings
    if not settings.staff_oidc_issuer:
        raise ApiError(404, "no_single_sign_on", "Fælles login er ikke sat op. / Not configured.")
    client = getattr(request.app.state, "staff_sso", None)
    if client is None or client.issuer != settings.staff_oidc_issuer.rstrip("/"):
        client = StaffSingleSignOn(
            settings.staff_oidc_issuer,
            settings.staff_oidc_client_id,
            settings.staff_oidc_client_secret,
        )
        request.app.state.staff_sso = client
    return client


def redirect_uri(request: Request, runtime: Runtime) -> str:
    base = runtime.settings.public_url or str(request.base_url)
    return base.rstrip("/") + "/console/oidc/callback"


@router.get("/login")
async def start(request: Request, next: str = "") -> Response:  # noqa: A002
    runtime: Runtime = request.app.state.runtime
    client = single_sign_on(request, runtime)
    login = LoginState.new(safe_next(next), runtime.clock().timestamp())
    try:
        url = await run_in_threadpool(
            client.authorization_url, redirect_uri(request, runtime), login
        )
    except SingleSignOnError:
        name = runtime.settings.staff_oidc_name
        return await login_page_response(request, runtime, FAILED.format(name=name), 502)
    response = RedirectResponse(url, status_code=303)
    response.set_cookie(
        STATE_COOKIE,
        login.seal(signing_key(runtime.settings)),
        max_age=STATE_LIFETIME,
        path="/console/oidc",
        httponly=True,
        samesite="lax",  # sent on the provider's top-level redirect back to us
        secure=cookie_secure(runtime.settings, request),
    )
    return response


def _open_session(runtime: Runtime, identity) -> tuple[str, str] | None:  # type: ignore[no-untyped-def]
    with runtime.db.session() as session:
        row = by_single_sign_on(session, identity.subject, identity.email)
        if row is None:
            session.commit()
            return None
        token = StaffSessions(session).create(row, runtime.clock().astimezone(UTC))
        tenant = TenantRepository(session).by_id(row.tenant_id) if row.tenant_id else None
        audit.record(session, member_of(row, tenant), "login.sso", row.username)
        session.commit()
        return token, row.role


@router.get("/callback")
async def callback(
    request: Request,
    code: str = "",
    state: str = "",
    error: str = "",
    sealed: str | None = Cookie(default=None, alias=STATE_COOKIE),
) -> Response:
    runtime: Runtime = request.app.state.runtime
    client = single_sign_on(request, runtime)
    name = runtime.settings.staff_oidc_name
    login = (
        LoginState.open(signing_key(runtime.settings), sealed, runtime.clock().timestamp())
        if sealed
        else None
    )
    if error or login is None or not code:
        return await login_page_response(request, runtime, FAILED.format(name=name), 400)
    try:
        identity = await run_in_threadpool(
            client.finish, redirect_uri(request, runtime), login, code[:2000], state[:200]
        )
    except SingleSignOnError:
        return await login_page_response(request, runtime, FAILED.format(name=name), 400)
    opened = await run_in_threadpool(_open_session, runtime, identity)
    if opened is None:
        return await login_page_response(request, runtime, NO_ACCOUNT.format(name=name), 403)
    token, role = opened
    response = RedirectResponse(login.next or landing(role), status_code=303)
    response.delete_cookie(STATE_COOKIE, path="/console/oidc")
    set_session_cookie(response, token, cookie_secure(runtime.settings, request))
    return response
