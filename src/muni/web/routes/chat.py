"""The citizen chat API: start a conversation, send messages, read the transcript, rate it.
Answering a message is `Turns.answer` (conversations/turns.py); these routes only translate."""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterator

from fastapi import APIRouter, Request, status
from fastapi.responses import StreamingResponse

from muni.answering.state import TurnExtras
from muni.connectors.values import Citizen, Contact
from muni.conversations.refusals import TurnRefused
from muni.conversations.turns import TurnResult
from muni.privacy.redact import redact
from muni.runtime import Runtime
from muni.store.conversations import ConversationRepository
from muni.texts import both
from muni.web.citizen_auth import CitizenDep, may_read
from muni.web.conversation_access import conversation_or_404, not_found, readable_or_404
from muni.web.deps import RuntimeDep, SessionDep, TenantDep, client_ip, limited
from muni.web.errors import ApiError
from muni.web.openapi import errors
from muni.web.schemas import (
    ConversationOut,
    NewConversation,
    NewMessage,
    NewRating,
    TranscriptOut,
    answer_out,
    conversation_out,
    turn_out,
)

router = APIRouter(prefix="/api/tenants/{tenant}", tags=["chat"])
HEARTBEAT_SECONDS = 5  # a streamed answer says "still working" this often (the widget waits)


def result_out(result: TurnResult) -> dict[str, object]:
    return {
        "conversation_id": result.conversation_id,
        "seq": result.seq,
        "question": result.question.text,
        "answer": {**answer_out(result.answer), "handoff": result.handoff},
        "replayed": result.replayed,
    }


@router.post(
    "/conversations",
    status_code=status.HTTP_201_CREATED,
    response_model=ConversationOut,
    dependencies=[limited("conversations")],
    responses=errors(429),
)
def start_conversation(
    tenant: TenantDep, session: SessionDep, body: NewConversation | None = None
) -> ConversationOut:
    """Start a conversation with the municipality's assistant."""
    row = ConversationRepository(session, tenant).create(
        channel=(body or NewConversation()).channel
    )
    session.commit()
    return conversation_out(row, tenant.slug)


def extras_of(body: NewMessage, citizen: Citizen | None, expired: bool = False) -> TurnExtras:
    """What came with the message besides its text (held for this turn only)."""
    contact = Contact(body.contact.name, body.contact.phone) if body.contact else None
    return TurnExtras(flow=body.flow, citizen=citizen, contact=contact, login_expired=expired)


def link_citizen(
    runtime: Runtime, tenant: TenantDep, conversation_id: str, citizen: Citizen
) -> None:
    """A logged-in citizen's conversation becomes theirs (conversations.citizen_subject); one
    linked to another citizen is refused as unknown."""
    with runtime.db.session() as session:
        row = ConversationRepository(session, tenant).get(conversation_id[:64])
        if row is None:
            return
        if row.citizen_subject is None:
            row.citizen_subject = citizen.pseudonym
            session.commit()
        elif not may_read(row, citizen):
            raise not_found()


@router.post(
    "/conversations/{conversation_id}/messages",
    response_model=None,  # messages per IP are counted by Turns, with the conversation's
    responses=errors(409, 413, 429),  # in one statement (not by a `limited` dependency)
)
def post_message(
    request: Request,
    tenant: TenantDep,
    runtime: RuntimeDep,
    citizen: CitizenDep,
    conversation_id: str,
    body: NewMessage,
    stream: bool = False,
) -> dict[str, object] | StreamingResponse:
    """Send a citizen message; the answer comes back in the response.

    With a `message_id`, sending the same message again is safe: it is answered once.
    With `?stream=true` the response is server-sent events: `token` events while an answer is
    being generated (AI phrasing switched on), then one `answer` event with the final, checked
    answer (which replaces the streamed text), or an `error` event."""
    if citizen is not None:
        link_citizen(runtime, tenant, conversation_id, citizen)
    expired = bool(getattr(request.state, "citizen_login_expired", False))
    extras = extras_of(body, citizen, expired)
    ip = client_ip(request)
    if stream:
        return _streamed(runtime, tenant, conversation_id, body, extras, ip)
    return result_out(
        runtime.turns.answer(
            tenant,
            conversation_id,
            body.text,
            body.topic,
            body.sub,
            extras=extras,
            client_ip=ip,
            message_id=body.message_id,
        )
    )


def _sse(event: str, data: dict[str, object]) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _streamed(
    runtime: Runtime,
    tenant: TenantDep,
    conversation_id: str,
    body: NewMessage,
    extras: TurnExtras,
    ip: str,
) -> StreamingResponse:
    """Answer in a thread; relay generated text as it comes, then the final answer. A turn
    refused before any work (unknown conversation, too long, too many) is a plain error."""
    parts: queue.Queue[str | None] = queue.Queue()
    outcome: dict[str, object] = {}
    turns = runtime.turns
    start = turns.begin(tenant, conversation_id, body.text, extras, ip, body.message_id)

    def work() -> None:
        try:
            result = turns.finish(start, body.topic, body.sub, on_token=parts.put)
            outcome.update(result_out(result))
        except TurnRefused as refused:
            outcome["error"] = {"code": refused.code, "message": refused.message}
        except Exception:  # noqa: BLE001 - reported to the client as an error event
            outcome["error"] = {
                "code": "internal_error",
                "message": "Der skete en fejl hos "
                "os. Prøv igen om lidt. / Something went wrong on our side.",
            }
        finally:
            parts.put(None)

    threading.Thread(target=work, daemon=True).start()

    def events() -> Iterator[str]:
        while True:
            try:
                part = parts.get(timeout=HEARTBEAT_SECONDS)
            except queue.Empty:  # still working: a comment line, so the widget's timeout
                yield ": working\n\n"  # tells a slow answer from a hung server
                continue
            if part is None:
                break
            yield _sse("token", {"text": part})
        if "error" in outcome:
            yield _sse("error", outcome["error"])  # type: ignore[arg-type]
        else:
            yield _sse("answer", outcome)

    return StreamingResponse(
        events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
    )


@router.get("/conversations/{conversation_id}", response_model=TranscriptOut)
def transcript(
    tenant: TenantDep, session: SessionDep, citizen: CitizenDep, conversation_id: str
) -> TranscriptOut:
    """The conversation so far (citizen messages as stored: redacted). A conversation a
    citizen logged in to is shown only with that citizen's live login session."""
    repo = ConversationRepository(session, tenant)
    row = readable_or_404(repo, conversation_id, citizen)
    base = conversation_out(row, tenant.slug)
    return TranscriptOut(**base.model_dump(), turns=[turn_out(t) for t in repo.turns(row.id)])


@router.post(
    "/conversations/{conversation_id}/rating",
    response_model=ConversationOut,
    dependencies=[limited("ratings")],
    responses=errors(409, 429),
)
def rate(
    tenant: TenantDep,
    session: SessionDep,
    runtime: RuntimeDep,
    conversation_id: str,
    body: NewRating,
) -> ConversationOut:
    """Rate the conversation 1-3 (1 = not helped, 3 = helped), with an optional comment.
    Once: a second rating of the same conversation is refused with 409."""
    repo = ConversationRepository(session, tenant)
    row = conversation_or_404(repo, conversation_id)
    runtime.abuse_limits.check("ratings", "conversation", row.id)
    if row.rating is not None:
        raise ApiError(409, "already_rated", both("rating_already"))
    comment = redact(body.comment).text.strip() if body.comment else None
    repo.rate(row, body.rating, comment or None)
    session.commit()
    return conversation_out(row, tenant.slug)
