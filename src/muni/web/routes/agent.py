"""The agent console: log in, see the queue, take over a conversation, chat, hand back, close;
and the callback requests. Server-rendered pages that poll small JSON endpoints, so any number
of server workers serve them (all state is in the database)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from muni.staff.roles import Permission, StaffMember
from muni.store.conversations import ConversationRepository
from muni.store.handoffs import (
    CallbackRepository,
    HandoffRepository,
    purge_expired_callbacks,
)
from muni.web.console_pages import render
from muni.web.deps import RuntimeDep, SessionDep
from muni.web.errors import ApiError
from muni.web.schemas import turn_out
from muni.web.staff_auth import csrf_protect, require

router = APIRouter(prefix="/agent", include_in_schema=False, dependencies=[Depends(csrf_protect)])
RETURNED = {
    "da": "Medarbejderen har sendt dig tilbage til chatbotten. Du kan skrive igen.",
    "en": "The member of staff has handed you back to the chatbot.",
}
CLOSED = {
    "da": "Medarbejderen har afsluttet samtalen. Tak for nu.",
    "en": "The member of staff has ended the conversation. Thank you.",
}


def live_chat_member(member: Annotated[StaffMember, require(Permission.LIVE_CHAT)]) -> StaffMember:
    """A member of staff who may take live chats (they always belong to a municipality)."""
    if member.tenant is None:
        raise ApiError(
            403, "forbidden", "Kun for kommunernes medarbejdere. / Municipal staff only."
        )
    return member


AgentDep = Annotated[StaffMember, Depends(live_chat_member)]


class AgentMessage(BaseModel):
    text: str = Field(min_length=1, max_length=4000)


@router.get("", response_class=HTMLResponse)
def queue_page(request: Request, agent: AgentDep) -> HTMLResponse:
    return render(request, "agent_queue.html", agent, agent=agent, tenant=agent.tenant)


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
            "mine": h.agent_id == agent.id,
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
    return render(
        request,
        "agent_handoff.html",
        agent,
        agent=agent,
        handoff=handoff,
        turns=[turn_out(t) for t in turns],
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
    agent: StaffMember,
    handoff_id: int,
    status: str,  # type: ignore[no-untyped-def]
    notice: dict[str, str] | None = None,
) -> dict[str, str]:
    repo = HandoffRepository(session, agent.tenant)
    handoff = repo.get(handoff_id)
    if handoff is None or handoff.status not in ("queued", "active"):
        raise ApiError(409, "not_open", "Samtalen er ikke åben. / Not open.")
    repo.set_status(handoff, status, agent.id)
    if status == "active":
        repo.add_message(
            handoff,
            "system",
            f"{agent.display_name} fra {agent.tenant.name} er nu med i samtalen.",
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
    return render(
        request,
        "agent_callbacks.html",
        agent,
        agent=agent,
        callbacks=CallbackRepository(session, agent.tenant).pending(),
    )


@router.post("/api/callbacks/{callback_id}/done")
def callback_done(session: SessionDep, agent: AgentDep, callback_id: int) -> dict[str, bool]:
    done = CallbackRepository(session, agent.tenant).mark_done(callback_id)
    session.commit()
    return {"done": done}
