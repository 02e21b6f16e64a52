"""The citizen's side of a handoff: ask for a person, chat live, or ask to be called back."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field, field_validator

from muni.handoff.hours import is_open
from muni.privacy.phone_numbers import phone_number
from muni.privacy.redact import redact
from muni.store.conversations import ConversationRepository
from muni.store.handoffs import CallbackRepository, HandoffRepository
from muni.web.citizen_auth import CitizenDep
from muni.web.deps import RuntimeDep, SessionDep, TenantDep, limited
from muni.web.errors import ApiError
from muni.web.openapi import errors
from muni.web.routes.chat import conversation_or_404, readable_or_404

router = APIRouter(prefix="/api/tenants/{tenant}/conversations/{conversation_id}", tags=["handoff"])

QUEUED = {
    "da": "Du er nu i kø til en medarbejder. Du kan skrive her, mens du venter.",
    "en": "You are now waiting for a member of staff. You can write here while you wait.",
}
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
        repo.add_message(handoff, "system", QUEUED.get(conversation.language, QUEUED["da"]))
    session.commit()
    return {"status": handoff.status, "handoff_id": handoff.id}


@router.get("/live")
def live(
    tenant: TenantDep,
    session: SessionDep,
    citizen: CitizenDep,
    conversation_id: str,
    after: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, object]:
    """The live chat so far (after message id `after`) and the handoff's state."""
    repo = ConversationRepository(session, tenant)
    conversation = readable_or_404(repo, conversation_id, citizen)
    repo = HandoffRepository(session, tenant)
    latest = repo.latest_for(conversation.id)
    messages = repo.messages(repo.for_conversation(conversation.id), after)
    return {
        "status": latest.status if latest else "none",
        "messages": [
            {"id": m.id, "sender": m.sender, "text": m.text, "created_at": m.created_at.isoformat()}
            for m in messages
        ],
    }


@router.post("/live", responses=errors(409))
def live_message(
    tenant: TenantDep,
    session: SessionDep,
    citizen: CitizenDep,
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
