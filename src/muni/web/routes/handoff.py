"""The citizen's side of a handoff: ask for a person, chat live, or ask to be called back."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field, field_validator

from muni.handoff import live_events
from muni.handoff.hours import closed_text, is_open
from muni.privacy.phone_numbers import phone_number
from muni.privacy.redact import redact
from muni.store.conversations import ConversationRepository
from muni.store.handoffs import CallbackRepository, HandoffRepository
from muni.store.tables import LiveMessageRow
from muni.texts import say
from muni.web.citizen_auth import CitizenDep
from muni.web.conversation_access import conversation_or_404, readable_or_404
from muni.web.deps import RuntimeDep, SessionDep, TenantDep, limited
from muni.web.errors import ApiError
from muni.web.openapi import errors

router = APIRouter(prefix="/api/tenants/{tenant}/conversations/{conversation_id}", tags=["handoff"])

SSE_HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
CALLBACK_OK = {
    "da": "Tak. Vi ringer dig op, så snart vi kan. Dine kontaktoplysninger bliver "
    "slettet igen efter {days} dage.",
    "en": "Thank you. We will call you back as soon as we can. Your contact details "
    "are deleted after {days} days.",
}


class LiveMessage(BaseModel):
    text: str = Field(min_length=1, max_length=2000)


class CallbackRequest(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    phone: str = Field(
        min_length=6,
        max_length=50,
        pattern=r"^[0-9+ ()\-.]+$",
        description="A phone number, e.g. 12 34 56 78",
    )
    preferred_time: str = Field(default="", max_length=200)

    @field_validator("name")
    @classmethod
    def _a_name(cls, value: str) -> str:
        # the name field is for a name: a CPR number, e-mail or phone number typed into it
        # is refused rather than stored next to the phone number
        if sum(c.isdigit() for c in value) >= 6 or "@" in value:
            raise ValueError("skriv kun dit navn her / only your name, please")
        return value

    @field_validator("phone")
    @classmethod
    def _a_phone(cls, value: str) -> str:
        number = phone_number(value)
        if number is None:
            raise ValueError("ikke et telefonnummer / not a phone number")
        return number


@router.post("/handoff", dependencies=[limited("handoffs")], responses=errors(429))
def request_handoff(
    tenant: TenantDep, session: SessionDep, runtime: RuntimeDep, conversation_id: str
) -> dict[str, object]:
    """Ask for a person. Open: the conversation joins the queue. Closed: offer a callback."""
    conversation = conversation_or_404(ConversationRepository(session, tenant), conversation_id)
    if not is_open(tenant, runtime.clock()):
        return {"status": "closed", "callback": True}
    repo = HandoffRepository(session, tenant)
    handoff = repo.open_for(conversation.id)
    if handoff is None:
        handoff = repo.create(conversation.id, team="borgerservice", reason="asked")
        repo.add_message(handoff, "system", say("live_queued", conversation.language))
        session.commit()
        live_events.hub_for(runtime.db).posted(handoff.id)  # the agents' queue
    session.commit()
    return {"status": handoff.status, "handoff_id": handoff.id}


@router.get("/handoff")
def handoff_hours(
    tenant: TenantDep, session: SessionDep, runtime: RuntimeDep, conversation_id: str
) -> dict[str, object]:
    """Is a person there now? Closed: "Vi har lukket nu. ..." with the next opening time, in
    the conversation's language."""
    conversation = conversation_or_404(ConversationRepository(session, tenant), conversation_id)
    now = runtime.clock()
    if is_open(tenant, now):
        return {"open": True, "text": ""}
    return {"open": False, "text": closed_text(tenant, now, conversation.language)}


def message_out(m: LiveMessageRow) -> dict[str, object]:
    return {
        "id": m.id,
        "sender": m.sender,
        "text": m.text,
        "created_at": m.created_at.isoformat(),
        "author": m.author,
        "author_role": m.author_role,
    }


def live_state(repo: HandoffRepository, conversation_id: str, after: int) -> dict[str, object]:
    """The live chat of a conversation after message `after`, its state and who the agent is."""
    latest = repo.latest_for(conversation_id)
    messages = repo.messages(repo.for_conversation(conversation_id), after)
    agent = repo.agent_of(latest) if latest is not None and latest.status == "active" else None
    return {
        "status": latest.status if latest else "none",
        "agent": {"name": agent[0], "role": agent[1]} if agent else None,
        "messages": [message_out(m) for m in messages],
    }


@router.get("/live")
def live(
    tenant: TenantDep,
    session: SessionDep,
    citizen: CitizenDep,
    conversation_id: str,
    after: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, object]:
    """The live chat so far (after message id `after`), the handoff's state and the agent
    (name and role) while one is in the conversation. The same pushed: `GET .../live/events`,
    server-sent events `message` (id: the message id; same fields as here), `status`
    ({status, agent}) and `end`; reconnect with Last-Event-ID or ?after=. This JSON view is
    for a resume and for clients without server-sent events."""
    repo = ConversationRepository(session, tenant)
    conversation = readable_or_404(repo, conversation_id, citizen)
    return live_state(HandoffRepository(session, tenant), conversation.id, after)


# not in the OpenAPI document: a stream open for minutes is no request/response to fuzz (GET
# /live describes it)
@router.get("/live/events", include_in_schema=False)
def live_events_stream(
    tenant: TenantDep,
    runtime: RuntimeDep,
    citizen: CitizenDep,
    conversation_id: str,
    after: Annotated[int, Query(ge=0)] = 0,
    last_event_id: Annotated[str | None, Header()] = None,
) -> StreamingResponse:
    """The live chat pushed as server-sent events: `message` (id: the message id), `status`
    ({status, agent}) and `end` when the handoff is over. Reconnect with Last-Event-ID (the
    browser does) or ?after=. Same access as GET /live."""
    with runtime.db.read() as session:
        conversation = readable_or_404(
            ConversationRepository(session, tenant), conversation_id, citizen
        )
    hub = live_events.hub_for(runtime.db)
    if hub.streams >= hub.max_streams:
        raise ApiError(503, "busy", "Prøv igen om lidt. / Please try again shortly.")

    def handoff_ids() -> list[int]:
        with runtime.db.read() as session:
            return HandoffRepository(session, tenant).for_conversation(conversation.id)

    def read(since: int) -> live_events.Snapshot:
        with runtime.db.read() as session:
            state = live_state(HandoffRepository(session, tenant), conversation.id, since)
        return live_events.Snapshot(
            state["messages"],  # type: ignore[arg-type]
            str(state["status"]),
            {"agent": state["agent"]},
        )

    start = live_events.resume_point(last_event_id, after)
    return StreamingResponse(
        live_events.stream(hub, handoff_ids, read, start),
        media_type="text/event-stream",
        headers=SSE_HEADERS,
    )


@router.post("/live", responses=errors(409))
def live_message(
    tenant: TenantDep,
    session: SessionDep,
    citizen: CitizenDep,
    runtime: RuntimeDep,
    conversation_id: str,
    body: LiveMessage,
) -> dict[str, object]:
    """A citizen message to the agent (redacted like every citizen message)."""
    repo = ConversationRepository(session, tenant)
    conversation = readable_or_404(repo, conversation_id, citizen)
    repo = HandoffRepository(session, tenant)
    handoff = repo.open_for(conversation.id)
    if handoff is None:
        raise ApiError(
            409,
            "no_handoff",
            "Du er ikke i kontakt med en medarbejder. / You are not connected to a person.",
        )
    message = repo.add_message(handoff, "citizen", redact(body.text).text)
    session.commit()
    live_events.hub_for(runtime.db).posted(handoff.id)
    return {"id": message.id, "text": message.text, "status": handoff.status}


@router.post("/callback", dependencies=[limited("callbacks")], responses=errors(429))
def request_callback(
    tenant: TenantDep,
    session: SessionDep,
    runtime: RuntimeDep,
    conversation_id: str,
    body: CallbackRequest,
) -> dict[str, object]:
    """Leave a name and phone number to be called back. They are kept apart from the
    conversation, shown only to the municipality's agents, and deleted after retention."""
    conversation = conversation_or_404(ConversationRepository(session, tenant), conversation_id)
    runtime.abuse_limits.check("callbacks", "conversation", conversation.id)
    days = runtime.settings.callback_retention_days
    CallbackRepository(session, tenant).add(
        conversation.id,
        body.name.strip(),
        body.phone,
        redact(body.preferred_time).text.strip(),  # free text like every citizen message
        days,
        runtime.clock(),
    )
    session.commit()
    text = CALLBACK_OK.get(conversation.language, CALLBACK_OK["da"]).format(days=days)
    return {"status": "callback_requested", "text": text}
