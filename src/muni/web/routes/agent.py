"""The agent console: log in, see the queue, take over a conversation, chat, hand back, close;
and the callback requests. Server-rendered pages that poll small JSON endpoints, so any number
of server workers serve them (all state is in the database)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import HTMLResponse, StreamingResponse
from pydantic import BaseModel, Field

from muni.handoff import live_events
from muni.staff.roles import Permission, StaffMember
from muni.store.conversations import ConversationRepository
from muni.store.handoffs import (
    CallbackRepository,
    HandoffRepository,
    purge_expired_callbacks,
)
from muni.store.tables import HandoffRow
from muni.texts import say
from muni.web.console_pages import render
from muni.web.deps import RuntimeDep, SessionDep
from muni.web.errors import ApiError
from muni.web.schemas import turn_out
from muni.web.staff_auth import csrf_protect, require

router = APIRouter(prefix="/agent", include_in_schema=False, dependencies=[Depends(csrf_protect)])
# plain Danish for the agents, wherever a state is shown
STATUS_WORDS = {
    "queued": "Venter",
    "active": "I gang",
    "returned": "Sendt tilbage",
    "closed": "Afsluttet",
}
LANGUAGES = {"da": "Dansk", "en": "Engelsk"}
TEAMS = {"borgerservice": "Borgerservice"}
NOT_A_TOPIC = ("menneske", "hilsen", "tak", "farvel")  # asking for a person says nothing


def status_word(status: str) -> str:
    return STATUS_WORDS.get(status, status)


def team_label(team: str) -> str:
    return TEAMS.get(team, team.replace("_", " ").capitalize())


def waiting_text(since: datetime, now: datetime) -> str:
    """ "venter 3 min" (under a minute: "venter under 1 min"; an hour on: "venter 1 t 5 min")."""
    minutes = max(0, int((now - since).total_seconds() // 60))
    if minutes < 1:
        return "venter under 1 min"
    if minutes < 60:
        return f"venter {minutes} min"
    return f"venter {minutes // 60} t {minutes % 60} min"


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
    return render(
        request,
        "agent_queue.html",
        agent,
        agent=agent,
        tenant=agent.tenant,
        team_text=team_label(agent.team),
    )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite drops the zone


@router.get("/api/queue")
def queue(
    session: SessionDep, runtime: RuntimeDep, agent: AgentDep, team: str = ""
) -> list[dict[str, object]]:
    """Open handoffs, oldest first: the topic the citizen asked about (Danish label), how long
    they have waited, their language and the state in plain Danish."""
    repo = HandoffRepository(session, agent.tenant)
    rows = repo.queue(team or None)
    conversations = list({h.conversation_id for h in rows})
    topics = repo.latest_topics(conversations, NOT_A_TOPIC)
    languages = repo.languages(conversations)
    now = datetime.now(UTC)  # created_at is the database's time, not the runtime's clock
    out = []
    for h in rows:
        topic = topics.get(h.conversation_id)
        language = languages.get(h.conversation_id, "da")
        out.append(
            {
                "id": h.id,
                "status": h.status,
                "status_text": status_word(h.status),
                "team": h.team,
                "team_text": team_label(h.team),
                "reason": h.reason,
                "created_at": _aware(h.created_at).isoformat(),
                "waiting_seconds": max(0, int((now - _aware(h.created_at)).total_seconds())),
                "waiting_text": waiting_text(_aware(h.created_at), now),
                "topic": topic,
                "topic_text": runtime.book.label(topic, "da") if topic else "Emne ikke kendt",
                "language": language,
                "language_text": LANGUAGES.get(language, language),
                "mine": h.agent_id == agent.id,
            }
        )
    return out


@router.get("/handoffs/{handoff_id}", response_class=HTMLResponse)
def handoff_page(
    request: Request, session: SessionDep, agent: AgentDep, handoff_id: int
) -> HTMLResponse:
    handoff = HandoffRepository(session, agent.tenant).get(handoff_id)
    if handoff is None:
        raise ApiError(404, "unknown_handoff", "Findes ikke. / Not found.")
    conversation = ConversationRepository(session, agent.tenant).get(handoff.conversation_id)
    turns = ConversationRepository(session, agent.tenant).turns(handoff.conversation_id)
    language = conversation.language if conversation else "da"
    return render(
        request,
        "agent_handoff.html",
        agent,
        agent=agent,
        handoff=handoff,
        status_text=status_word(handoff.status),
        language_text=LANGUAGES.get(language, language),
        team_text=team_label(handoff.team),
        turns=[turn_out(t) for t in turns],
    )


def _messages_out(repo: HandoffRepository, handoff: HandoffRow, after: int) -> list[dict]:
    return [
        {"id": m.id, "sender": m.sender, "text": m.text, "author": m.author}
        for m in repo.messages([handoff.id], after)
    ]


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
        "status_text": status_word(handoff.status),
        "mine": handoff.agent_id == agent.id,
        "messages": _messages_out(repo, handoff, after),
    }


@router.get("/api/handoffs/{handoff_id}/events")
def handoff_events(
    runtime: RuntimeDep,
    agent: AgentDep,
    handoff_id: int,
    after: Annotated[int, Query(ge=0)] = 0,
    last_event_id: Annotated[str | None, Header()] = None,
) -> StreamingResponse:
    """The handoff's live chat pushed as server-sent events (see handoff/live_events.py)."""
    with runtime.db.read() as session:
        if HandoffRepository(session, agent.tenant).get(handoff_id) is None:
            raise ApiError(404, "unknown_handoff", "Findes ikke. / Not found.")
    hub = live_events.hub_for(runtime.db)
    if hub.streams >= hub.max_streams:
        raise ApiError(503, "busy", "Prøv igen om lidt. / Please try again shortly.")

    def read(since: int) -> live_events.Snapshot:
        with runtime.db.read() as session:
            repo = HandoffRepository(session, agent.tenant)
            handoff = repo.get(handoff_id)
            assert handoff is not None
            messages = _messages_out(repo, handoff, since)
        return live_events.Snapshot(
            messages,  # type: ignore[arg-type]
            handoff.status,
            {"status_text": status_word(handoff.status), "mine": handoff.agent_id == agent.id},
        )

    start = live_events.resume_point(last_event_id, after)
    return StreamingResponse(
        live_events.stream(hub, lambda: [handoff_id], read, start),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


def _language(session, agent: StaffMember, handoff: HandoffRow) -> str:  # type: ignore[no-untyped-def]
    conversation = ConversationRepository(session, agent.tenant).get(handoff.conversation_id)
    return conversation.language if conversation else "da"


def _join(session, repo: HandoffRepository, agent: StaffMember, handoff: HandoffRow) -> None:  # type: ignore[no-untyped-def]
    """The agent takes the conversation: "Mette fra Borgerservice er nu med i samtalen." in the
    citizen's language, carrying the agent's name and role for the widget's header."""
    repo.set_status(handoff, "active", agent.id)
    team = team_label(agent.team)
    text = say(
        "live_joined", _language(session, agent, handoff), agent=agent.display_name, team=team
    )  # type: ignore[arg-type]
    repo.add_message(handoff, "system", text, author=agent.display_name, author_role=team)


def _change(
    session,  # type: ignore[no-untyped-def]
    runtime,
    agent: StaffMember,
    handoff_id: int,
    status: str,
    notice: str | None = None,
) -> dict[str, str]:
    repo = HandoffRepository(session, agent.tenant)
    handoff = repo.get(handoff_id)
    if handoff is None or handoff.status not in ("queued", "active"):
        raise ApiError(409, "not_open", "Samtalen er ikke åben. / Not open.")
    if status == "active":
        _join(session, repo, agent, handoff)
    else:
        repo.set_status(handoff, status, agent.id)
    if notice:
        repo.add_message(handoff, "system", say(notice, _language(session, agent, handoff)))  # type: ignore[arg-type]
    session.commit()
    live_events.hub_for(runtime.db).posted(handoff.id)
    return {"status": handoff.status, "status_text": status_word(handoff.status)}


@router.post("/api/handoffs/{handoff_id}/accept")
def accept(
    session: SessionDep, runtime: RuntimeDep, agent: AgentDep, handoff_id: int
) -> dict[str, str]:
    return _change(session, runtime, agent, handoff_id, "active")


@router.post("/api/handoffs/{handoff_id}/return")
def return_to_bot(
    session: SessionDep, runtime: RuntimeDep, agent: AgentDep, handoff_id: int
) -> dict[str, str]:
    return _change(session, runtime, agent, handoff_id, "returned", "live_returned")


@router.post("/api/handoffs/{handoff_id}/close")
def close(
    session: SessionDep, runtime: RuntimeDep, agent: AgentDep, handoff_id: int
) -> dict[str, str]:
    return _change(session, runtime, agent, handoff_id, "closed", "live_closed")


@router.post("/api/handoffs/{handoff_id}/messages", responses={409: {}})
def send(
    session: SessionDep, runtime: RuntimeDep, agent: AgentDep, handoff_id: int, body: AgentMessage
) -> dict[str, object]:
    """An agent's message. Sent on a waiting conversation, it takes the conversation first
    (nothing typed before "Tag samtalen" is lost); on a closed one it is refused (409) and the
    console keeps the text in the box."""
    repo = HandoffRepository(session, agent.tenant)
    handoff = repo.get(handoff_id)
    if handoff is None or handoff.status not in ("queued", "active"):
        raise ApiError(
            409,
            "not_open",
            "Samtalen er afsluttet, så beskeden er ikke sendt. / The conversation has ended.",
        )
    took = handoff.status == "queued"
    if took:
        _join(session, repo, agent, handoff)
    message = repo.add_message(
        handoff,
        "agent",
        body.text.strip(),
        author=agent.display_name,
        author_role=team_label(agent.team),
    )
    session.commit()
    live_events.hub_for(runtime.db).posted(handoff.id)
    return {"id": message.id, "status": handoff.status, "took": took}


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
