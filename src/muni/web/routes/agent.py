"""The agent console: log in, see the queue, take over a conversation, chat, hand back, close;
and the callback requests. Server-rendered pages that poll small JSON endpoints, so any number
of server workers serve them (all state is in the database)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Cookie, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from muni.channels.signing import signing_key
from muni.domain import Tenant
from muni.handoff.agent_session import (
    COOKIE,
    LoginThrottle,
    clear_session_cookie,
    cookie_secure,
    set_session_cookie,
)
from muni.handoff.passwords import HASHER, HasherBusy
from muni.runtime import Runtime
from muni.store.agent_sessions import AgentSessions
from muni.store.conversations import ConversationRepository
from muni.store.handoffs import (
    AgentRepository,
    CallbackRepository,
    HandoffRepository,
    purge_expired_callbacks,
)
from muni.store.tables import AgentRow
from muni.store.tenants import TenantRepository, to_tenant
from muni.store.usage_counters import UsageCounters
from muni.web.deps import RuntimeDep, SessionDep
from muni.web.errors import ApiError
from muni.web.schemas import turn_out

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _origin(url: str) -> tuple[str, str, int] | None:
    """scheme, host and port of a URL, with the default port filled in; None if not http(s)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port or (443 if scheme == "https" else 80)


async def same_origin(request: Request) -> None:
    """Refuse a state-changing request that a page of another site could have sent (CSRF).

    The browser's Origin header (or, without one, the Referer's origin) must be this server's
    own origin: the address the request was sent to, or MUNI_PUBLIC_URL. Neither header: refused
    too. A cross-site page cannot choose either header, nor the Host the browser sends."""
    if request.method not in UNSAFE_METHODS:
        return
    if "origin" in request.headers:
        claimed = _origin(request.headers["origin"])
    else:
        claimed = _origin(request.headers.get("referer", ""))
    own = {_origin(str(request.base_url))}
    public_url = request.app.state.runtime.settings.public_url
    if public_url:
        own.add(_origin(public_url))
    if claimed is None or claimed not in own:
        raise ApiError(
            403,
            "bad_origin",
            "Forespørgslen kom ikke fra muni's egen side. / The request did not come from "
            "this site (Origin check).",
        )


router = APIRouter(prefix="/agent", include_in_schema=False, dependencies=[Depends(same_origin)])
templates = Jinja2Templates(directory=str(Path(__file__).parents[1] / "templates"))
RETURNED = {
    "da": "Medarbejderen har sendt dig tilbage til chatbotten. Du kan skrive igen.",
    "en": "The member of staff has handed you back to the chatbot.",
}
CLOSED = {
    "da": "Medarbejderen har afsluttet samtalen. Tak for nu.",
    "en": "The member of staff has ended the conversation. Thank you.",
}
WRONG_LOGIN = "Forkert kommune, brugernavn eller adgangskode."
TOO_MANY = (
    "For mange forkerte forsøg på at logge ind. Vent {minutes}, og prøv igen. "
    "Har du glemt din adgangskode, så kontakt den, der administrerer muni hos jer."
)
BUSY = "Der er travlt lige nu. Prøv igen om et øjeblik."
TENANTS_FOR = 30.0  # seconds the login form's list of municipalities is reused


class Agent:
    def __init__(self, row: AgentRow, tenant) -> None:  # type: ignore[no-untyped-def]
        self.row, self.tenant = row, tenant


def _now(runtime: Runtime) -> datetime:
    return runtime.clock().astimezone(UTC)


SessionCookie = Annotated[str | None, Cookie(alias=COOKIE)]


def current_agent(session: SessionDep, runtime: RuntimeDep, token: SessionCookie = None) -> Agent:
    """The agent of a live server-side session (not expired, not logged out, agent and
    tenant still there), or 401 (pages: a redirect to the login page)."""
    found = AgentSessions(session).find(token or "", _now(runtime))
    if found is None:
        raise ApiError(401, "login_required", "Log ind som medarbejder. / Please log in.")
    row, tenant = found
    return Agent(row, to_tenant(tenant))


AgentDep = Annotated[Agent, Depends(current_agent)]


class AgentMessage(BaseModel):
    text: str = Field(min_length=1, max_length=4000)


def _throttle(request: Request, runtime: Runtime) -> LoginThrottle:
    """The login throttle of this app, made once: its counters purge ended windows every few
    hundred hits and count in the runtime's clock; it remembers who is blocked."""
    throttle = getattr(request.app.state, "agent_login_throttle", None)
    if throttle is None:
        counters = UsageCounters(
            runtime.db, signing_key(runtime.settings), lambda: runtime.clock().timestamp()
        )
        settings = runtime.settings
        throttle = LoginThrottle(
            counters, settings.login_failures_per_account, settings.login_failures_per_ip
        )
        request.app.state.agent_login_throttle = throttle
    return throttle


async def _tenant_choices(request: Request, runtime: Runtime) -> list[Tenant]:
    """The municipalities for the login form, read at most every TENANTS_FOR so that showing
    the form (also to a refused guesser) costs no database read."""
    cached = getattr(request.app.state, "agent_login_tenants", None)
    now = time.monotonic()
    if cached is not None and cached[0] > now:
        return cached[1]

    def read() -> list[Tenant]:
        with runtime.db.session() as session:
            return TenantRepository(session).all()

    tenants = await run_in_threadpool(read)
    request.app.state.agent_login_tenants = (now + TENANTS_FOR, tenants)
    return tenants


async def _login_page(
    request: Request,
    runtime: Runtime,
    error: str = "",
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    tenant: str = "",
    username: str = "",
) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        "agent_login.html",
        {
            "tenants": await _tenant_choices(request, runtime),
            "error": error,
            "selected": tenant,
            "username": username,
        },
        status_code=status_code,
        headers=headers,
    )


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request) -> HTMLResponse:
    return await _login_page(request, request.app.state.runtime)


def _admit(
    runtime: Runtime, throttle: LoginThrottle, tenant: str, username: str, ip: str
) -> tuple[bool, tuple[int, str] | None]:
    """Under the limits? Then count the attempt, and find the agent's id and password hash."""
    if throttle.blocked(tenant, username, ip) or not throttle.reserve(tenant, username, ip):
        return False, None
    with runtime.db.session() as session:
        found = TenantRepository(session).by_slug(tenant)
        row = AgentRepository(session, found).by_username(username) if found else None
        return True, ((row.id, row.password_hash) if row else None)


def _open_session(runtime: Runtime, agent_id: int) -> str | None:
    with runtime.db.session() as session:
        row = session.get(AgentRow, agent_id)
        if row is None:  # removed while the password was being checked
            return None
        return AgentSessions(session).create(row, _now(runtime))


@router.post("/login", response_class=HTMLResponse)
async def login(
    request: Request,
    tenant: Annotated[str, Form(max_length=64)],
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1024)],
) -> Response:
    """Async on purpose: the database work runs briefly on the request threads, the password
    check on the password hasher's own thread (muni.handoff.passwords). A guess from an
    account or IP this process already knows to be blocked, or while the hasher is full, is
    answered on the event loop without a database read, a thread or a password check."""
    runtime: Runtime = request.app.state.runtime
    ip = request.client.host if request.client else "unknown"
    throttle = _throttle(request, runtime)

    async def page(error: str, status: int, headers: dict[str, str] | None = None) -> Response:
        return await _login_page(request, runtime, error, status, headers, tenant, username)

    async def too_many() -> Response:
        seconds = throttle.retry_after()
        minutes = -(-seconds // 60)
        wait = "1 minut" if minutes == 1 else f"{minutes} minutter"
        return await page(TOO_MANY.format(minutes=wait), 429, {"Retry-After": str(seconds)})

    if throttle.known_blocked(tenant, username, ip):
        return await too_many()
    if HASHER.full():
        return await page(BUSY, 503, {"Retry-After": "1"})
    admitted, stored = await run_in_threadpool(_admit, runtime, throttle, tenant, username, ip)
    if not admitted:
        return await too_many()
    try:  # an unknown municipality or username is checked against a dummy hash: same cost
        ok = await HASHER.check(password, stored[1] if stored else None)
    except HasherBusy:
        await run_in_threadpool(throttle.release, tenant, username, ip)
        return await page(BUSY, 503, {"Retry-After": "1"})
    token = await run_in_threadpool(_open_session, runtime, stored[0]) if ok and stored else None
    if token is None:
        return await page(WRONG_LOGIN, 401)
    await run_in_threadpool(throttle.succeeded, tenant, username, ip)
    response = RedirectResponse("/agent", status_code=303)
    set_session_cookie(response, token, cookie_secure(runtime.settings, request))
    return response


@router.post("/logout")
def logout(
    request: Request,
    session: SessionDep,
    runtime: RuntimeDep,
    token: SessionCookie = None,
) -> RedirectResponse:
    if token:
        AgentSessions(session).revoke(token)
        session.commit()
    response = RedirectResponse("/agent/login", status_code=303)
    clear_session_cookie(response, cookie_secure(runtime.settings, request))
    return response


@router.get("", response_class=HTMLResponse)
def queue_page(request: Request, agent: AgentDep) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "agent_queue.html", {"agent": agent.row, "tenant": agent.tenant}
    )


@router.get("/api/queue")
def queue(session: SessionDep, agent: AgentDep, team: str = "") -> list[dict[str, object]]:
    rows = HandoffRepository(session, agent.tenant).queue(team or None)
    return [
        {
            "id": h.id,
            "status": h.status,
            "team": h.team,
            "reason": h.reason,
            "created_at": h.created_at.isoformat(),
            "mine": h.agent_id == agent.row.id,
        }
        for h in rows
    ]


@router.get("/handoffs/{handoff_id}", response_class=HTMLResponse)
def handoff_page(
    request: Request, session: SessionDep, agent: AgentDep, handoff_id: int
) -> HTMLResponse:
    handoff = HandoffRepository(session, agent.tenant).get(handoff_id)
    if handoff is None:
        raise ApiError(404, "unknown_handoff", "Findes ikke. / Not found.")
    turns = ConversationRepository(session, agent.tenant).turns(handoff.conversation_id)
    return templates.TemplateResponse(
        request,
        "agent_handoff.html",
        {"agent": agent.row, "handoff": handoff, "turns": [turn_out(t) for t in turns]},
    )


@router.get("/api/handoffs/{handoff_id}")
def handoff_state(
    session: SessionDep, agent: AgentDep, handoff_id: int, after: int = 0
) -> dict[str, object]:
    repo = HandoffRepository(session, agent.tenant)
    handoff = repo.get(handoff_id)
    if handoff is None:
        raise ApiError(404, "unknown_handoff", "Findes ikke. / Not found.")
    return {
        "status": handoff.status,
        "messages": [
            {"id": m.id, "sender": m.sender, "text": m.text}
            for m in repo.messages([handoff.id], after)
        ],
    }


def _change(
    session,
    agent: Agent,
    handoff_id: int,
    status: str,  # type: ignore[no-untyped-def]
    notice: dict[str, str] | None = None,
) -> dict[str, str]:
    repo = HandoffRepository(session, agent.tenant)
    handoff = repo.get(handoff_id)
    if handoff is None or handoff.status not in ("queued", "active"):
        raise ApiError(409, "not_open", "Samtalen er ikke åben. / Not open.")
    repo.set_status(handoff, status, agent.row.id)
    if status == "active":
        repo.add_message(
            handoff,
            "system",
            f"{agent.row.display_name} fra {agent.tenant.name} er nu med i samtalen.",
        )
    if notice:
        language = (
            ConversationRepository(session, agent.tenant).get(handoff.conversation_id).language
        )  # type: ignore[union-attr]
        repo.add_message(handoff, "system", notice.get(language, notice["da"]))
    session.commit()
    return {"status": handoff.status}


@router.post("/api/handoffs/{handoff_id}/accept")
def accept(session: SessionDep, agent: AgentDep, handoff_id: int) -> dict[str, str]:
    return _change(session, agent, handoff_id, "active")


@router.post("/api/handoffs/{handoff_id}/return")
def return_to_bot(session: SessionDep, agent: AgentDep, handoff_id: int) -> dict[str, str]:
    return _change(session, agent, handoff_id, "returned", RETURNED)


@router.post("/api/handoffs/{handoff_id}/close")
def close(session: SessionDep, agent: AgentDep, handoff_id: int) -> dict[str, str]:
    return _change(session, agent, handoff_id, "closed", CLOSED)


@router.post("/api/handoffs/{handoff_id}/messages")
def send(
    session: SessionDep, agent: AgentDep, handoff_id: int, body: AgentMessage
) -> dict[str, object]:
    repo = HandoffRepository(session, agent.tenant)
    handoff = repo.get(handoff_id)
    if handoff is None or handoff.status != "active":
        raise ApiError(409, "not_active", "Tag samtalen først. / Accept the conversation first.")
    message = repo.add_message(handoff, "agent", body.text.strip())
    session.commit()
    return {"id": message.id}


@router.get("/callbacks", response_class=HTMLResponse)
def callbacks_page(
    request: Request, session: SessionDep, runtime: RuntimeDep, agent: AgentDep
) -> HTMLResponse:
    purge_expired_callbacks(session, runtime.clock())
    session.commit()
    return templates.TemplateResponse(
        request,
        "agent_callbacks.html",
        {"agent": agent.row, "callbacks": CallbackRepository(session, agent.tenant).pending()},
    )


@router.post("/api/callbacks/{callback_id}/done")
def callback_done(session: SessionDep, agent: AgentDep, callback_id: int) -> dict[str, bool]:
    done = CallbackRepository(session, agent.tenant).mark_done(callback_id)
    session.commit()
    return {"done": done}
