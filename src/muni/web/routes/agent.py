"""The agent console: log in, see the queue, take over a conversation, chat, hand back, close;
and the callback requests. Server-rendered pages that poll small JSON endpoints, so any number
of server workers serve them (all state is in the database)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Cookie, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field

from muni.channels.signing import signing_key
from muni.handoff.agent_session import COOKIE, LIFETIME, make_token, read_token
from muni.store.conversations import ConversationRepository
from muni.store.handoffs import (
    AgentRepository,
    CallbackRepository,
    HandoffRepository,
    purge_expired_callbacks,
)
from muni.store.tables import AgentRow
from muni.store.tenants import TenantRepository
from muni.web.deps import RuntimeDep, SessionDep
from muni.web.errors import ApiError
from muni.web.schemas import turn_out

router = APIRouter(prefix="/agent", include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parents[1] / "templates"))
RETURNED = {
    "da": "Medarbejderen har sendt dig tilbage til chatbotten. Du kan skrive igen.",
    "en": "The member of staff has handed you back to the chatbot.",
}
CLOSED = {
    "da": "Medarbejderen har afsluttet samtalen. Tak for nu.",
    "en": "The member of staff has ended the conversation. Thank you.",
}


class Agent:
    def __init__(self, row: AgentRow, tenant) -> None:  # type: ignore[no-untyped-def]
        self.row, self.tenant = row, tenant


def current_agent(
    session: SessionDep, runtime: RuntimeDep, muni_agent: Annotated[str | None, Cookie()] = None
) -> Agent:
    found = read_token(signing_key(runtime.settings), muni_agent or "")
    if found is None:
        raise ApiError(401, "login_required", "Log ind som medarbejder. / Please log in.")
    agent_id, slug = found
    tenant = TenantRepository(session).by_slug(slug)
    row = AgentRepository(session, tenant).get(agent_id) if tenant else None
    if row is None:
        raise ApiError(401, "login_required", "Log ind som medarbejder. / Please log in.")
    return Agent(row, tenant)


AgentDep = Annotated[Agent, Depends(current_agent)]


class AgentMessage(BaseModel):
    text: str = Field(min_length=1, max_length=4000)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, session: SessionDep, error: str = "") -> HTMLResponse:
    return templates.TemplateResponse(
        request, "agent_login.html", {"tenants": TenantRepository(session).all(), "error": error}
    )


@router.post("/login")
def login(
    session: SessionDep,
    runtime: RuntimeDep,
    tenant: Annotated[str, Form()],
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
) -> RedirectResponse:
    found = TenantRepository(session).by_slug(tenant)
    row = AgentRepository(session, found).authenticate(username, password) if found else None
    if row is None or found is None:
        return RedirectResponse("/agent/login?error=1", status_code=303)
    response = RedirectResponse("/agent", status_code=303)
    response.set_cookie(
        COOKIE,
        make_token(signing_key(runtime.settings), row.id, found.slug),
        max_age=LIFETIME,
        httponly=True,
        samesite="lax",
    )
    return response


@router.post("/logout")
def logout() -> RedirectResponse:
    response = RedirectResponse("/agent/login", status_code=303)
    response.delete_cookie(COOKIE)
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
