"""Citizen login with MitID through the municipality's login broker (OpenID Connect):

    GET  /api/tenants/{tenant}/citizen/login?conversation=&return_to=   → the broker
    GET  /api/tenants/{tenant}/citizen/callback                         ← the broker
    GET  /api/tenants/{tenant}/citizen/me                               who is logged in
    POST /api/tenants/{tenant}/citizen/logout

The login opens a citizen session (identity/citizen_login.py): a row with the token's hash and
the citizen's pseudonym, and an HttpOnly cookie for this tenant's API holding the token and
the encrypted claims. `return_to` is followed only to this server, the tenant's own domains
or its widget origins (no open redirect)."""

from __future__ import annotations

from datetime import UTC
from html import escape
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Cookie, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from muni.channels.signing import signing_key
from muni.domain import Tenant
from muni.identity.citizen_login import (
    SESSION_COOKIE,
    STATE_COOKIE,
    STATE_LIFETIME,
    BrokerClaims,
    CitizenBroker,
    CitizenLoginState,
    CitizenSessions,
    LoginError,
    broker_setup,
    cookie_path,
    open_cookie,
    pseudonym,
    seal_cookie,
)
from muni.runtime import Runtime
from muni.staff.login import cookie_secure
from muni.store.conversations import ConversationRepository
from muni.texts import say
from muni.web.citizen_auth import CitizenDep
from muni.web.deps import RuntimeDep, TenantDep
from muni.web.edge.cors import origin_allowed, own_origins
from muni.web.errors import ApiError

router = APIRouter(prefix="/api/tenants/{tenant}/citizen", tags=["citizen login"])


def broker(request: Request, runtime: Runtime, tenant: Tenant) -> CitizenBroker:
    """The tenant's login broker (its own, or the installation's); 404 when it has none."""
    setup = broker_setup(runtime.settings, tenant)
    if setup is None:
        raise ApiError(
            404,
            "no_citizen_login",
            "Login med MitID er ikke sat op her. / Citizen login is not set up.",
        )
    clients = getattr(request.app.state, "citizen_brokers", None)
    if clients is None:
        clients = request.app.state.citizen_brokers = {}
    key = (setup.issuer.rstrip("/"), setup.client_id)
    if key not in clients:  # one per broker: its metadata and keys are cached
        clients[key] = CitizenBroker(setup.issuer, setup.client_id, setup.client_secret)
    return clients[key]


def redirect_uri(request: Request, runtime: Runtime, tenant: Tenant) -> str:
    base = runtime.settings.public_url or str(request.base_url)
    return base.rstrip("/") + f"/api/tenants/{tenant.slug}/citizen/callback"


def safe_return(request: Request, runtime: Runtime, tenant: Tenant, target: str) -> str:
    """`target` when it is a path on this server or a page on the tenant's own sites, else ''."""
    target = target.strip()[:2000]
    if not target or "\\" in target or any(ord(c) < 32 for c in target):
        return ""
    parts = urlsplit(target)
    if not parts.scheme and not parts.netloc:
        return target if target.startswith("/") and not target.startswith("//") else ""
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username:
        return ""
    origin = f"{parts.scheme}://{parts.netloc}".lower()
    own = own_origins(request.scope, runtime.settings.public_url)
    return target if origin_allowed(origin, tenant, own) else ""


def page(title: str, text: str, back: str, status: int = 200) -> HTMLResponse:
    link = f'<p><a href="{escape(back)}">{escape(say("citizen_login_back", "da"))}</a></p>'
    return HTMLResponse(
        f'<!doctype html><html lang="da"><head><meta charset="utf-8"><meta name="viewport" '
        f'content="width=device-width, initial-scale=1"><title>{escape(title)}</title></head>'
        f"<body><main><h1>{escape(title)}</h1><p>{escape(text)}</p>"
        f"{link if back else ''}</main></body></html>",
        status_code=status,
    )


@router.get("/login", response_class=RedirectResponse, status_code=303)
async def login(
    request: Request,
    tenant: TenantDep,
    runtime: RuntimeDep,
    conversation: Annotated[str, Query(max_length=64)] = "",
    return_to: Annotated[str, Query(max_length=2000)] = "",
) -> Response:
    """Log in with MitID: sends the browser to the municipality's login broker. Afterwards
    the browser comes back to `return_to` (only this server or the municipality's own
    sites), and the conversation is linked to the citizen."""
    client = broker(request, runtime, tenant)
    back = safe_return(request, runtime, tenant, return_to)
    state = CitizenLoginState.new(tenant.slug, conversation, back, runtime.clock().timestamp())
    try:
        url = await run_in_threadpool(
            client.authorization_url, redirect_uri(request, runtime, tenant), state
        )
    except LoginError:
        return page(
            say("citizen_login_failed_title", "da"), say("citizen_login_down", "da"), back, 502
        )
    response = RedirectResponse(url, status_code=303)
    response.set_cookie(
        STATE_COOKIE,
        state.seal(signing_key(runtime.settings)),
        max_age=STATE_LIFETIME,
        path=cookie_path(tenant.slug) + "/citizen",
        httponly=True,
        samesite="lax",  # sent on the broker's top-level redirect back to us
        secure=cookie_secure(runtime.settings, request),
    )
    return response


def _open_session(
    runtime: Runtime, tenant: Tenant, claims: BrokerClaims, conversation: str
) -> tuple[str, int]:
    key = signing_key(runtime.settings)
    alias = pseudonym(key, claims.issuer, claims.subject)
    minutes = runtime.settings.citizen_session_minutes
    with runtime.db.session() as session:
        token, _expires = CitizenSessions(session, tenant).open(
            alias, runtime.clock().astimezone(UTC), minutes
        )
        if conversation:
            row = ConversationRepository(session, tenant).get(conversation[:64])
            if row is not None and row.citizen_subject is None:
                row.citizen_subject = alias
        session.commit()
    return seal_cookie(key, tenant.slug, token, claims), minutes * 60


@router.get("/callback", response_class=RedirectResponse, status_code=303)
async def callback(
    request: Request,
    tenant: TenantDep,
    runtime: RuntimeDep,
    code: Annotated[str, Query(max_length=2000)] = "",
    state: Annotated[str, Query(max_length=200)] = "",
    error: Annotated[str, Query(max_length=200)] = "",
    sealed: str | None = Cookie(default=None, alias=STATE_COOKIE),
) -> Response:
    """Where the login broker sends the citizen back: the code is exchanged (with the PKCE
    verifier), the ID token verified, and a citizen session opened."""
    client = broker(request, runtime, tenant)
    key = signing_key(runtime.settings)
    login_state = (
        CitizenLoginState.open(key, sealed, runtime.clock().timestamp()) if sealed else None
    )
    failed = say("citizen_login_failed_title", "da")
    if error or login_state is None or not code or login_state.tenant != tenant.slug:
        back = login_state.return_to if login_state else ""
        return page(failed, say("citizen_login_failed", "da"), back, 400)
    try:
        claims = await run_in_threadpool(
            client.finish, redirect_uri(request, runtime, tenant), login_state, code, state
        )
    except LoginError:
        return page(failed, say("citizen_login_failed", "da"), login_state.return_to, 400)
    cookie, max_age = await run_in_threadpool(
        _open_session, runtime, tenant, claims, login_state.conversation
    )
    if login_state.return_to:
        response: Response = RedirectResponse(login_state.return_to, status_code=303)
    else:
        response = page(say("citizen_logged_in_title", "da"), say("citizen_logged_in", "da"), "")
    response.delete_cookie(STATE_COOKIE, path=cookie_path(tenant.slug) + "/citizen")
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        max_age=max_age,
        path=cookie_path(tenant.slug),
        httponly=True,
        samesite="lax",
        secure=cookie_secure(runtime.settings, request),
    )
    return response


@router.get("/me")
def me(request: Request, citizen: CitizenDep) -> dict[str, object]:
    """Whether a citizen is logged in to this municipality in this browser, their name (as
    the login broker gave it, for the widget's "Logget ind som …") and when the session
    expires."""
    if citizen is None:
        expired = bool(getattr(request.state, "citizen_login_expired", False))
        return {"logged_in": False, "name": None, "expires_at": None, "expired": expired}
    expires = getattr(request.state, "citizen_expires_at", None)
    return {
        "logged_in": True,
        "name": citizen.name or None,
        "expires_at": expires.isoformat() if expires else None,
        "expired": False,
    }


@router.post("/logout")
def logout(request: Request, tenant: TenantDep, runtime: RuntimeDep) -> Response:
    """Log out: the citizen session ends and its cookie is cleared."""
    sealed = request.cookies.get(SESSION_COOKIE)
    content = open_cookie(signing_key(runtime.settings), sealed) if sealed else None
    if content is not None and content.tenant == tenant.slug:
        with runtime.db.session() as session:
            CitizenSessions(session, tenant).end(content.token, runtime.clock().astimezone(UTC))
            session.commit()
    response = Response(
        content=b'{"logged_in": false}', media_type="application/json", status_code=200
    )
    response.delete_cookie(
        SESSION_COOKIE,
        path=cookie_path(tenant.slug),
        httponly=True,
        samesite="lax",
        secure=cookie_secure(runtime.settings, request),
    )
    return response
