"""The citizen chat API: start a conversation, send messages, read the transcript, rate it."""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterator
from datetime import timedelta

from fastapi import APIRouter, status
from fastapi.responses import StreamingResponse
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from muni.domain import Answer, Question, Tenant
from muni.handoff.offer import handoff_offer
from muni.privacy.redact import redact
from muni.runtime import Runtime
from muni.store.conversations import ConversationRepository
from muni.store.handoffs import HandoffRepository
from muni.store.tables import ConversationRow, TurnRow, utcnow
from muni.web.deps import RuntimeDep, SessionDep, TenantDep
from muni.web.errors import ApiError
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


def conversation_or_404(repo: ConversationRepository, conversation_id: str) -> ConversationRow:
    row = repo.get(conversation_id[:64])
    if row is None:
        raise ApiError(404, "unknown_conversation", "Samtalen findes ikke. / Unknown conversation.")
    return row


@router.post("/conversations", status_code=status.HTTP_201_CREATED, response_model=ConversationOut)
def start_conversation(
    tenant: TenantDep, session: SessionDep, body: NewConversation | None = None
) -> ConversationOut:
    """Start a conversation with the municipality's assistant."""
    row = ConversationRepository(session, tenant).create(
        channel=(body or NewConversation()).channel
    )
    session.commit()
    return conversation_out(row, tenant.slug)


@router.post("/conversations/{conversation_id}/messages", response_model=None)
def post_message(
    tenant: TenantDep,
    session: SessionDep,
    runtime: RuntimeDep,
    conversation_id: str,
    body: NewMessage,
    stream: bool = False,
) -> dict[str, object] | StreamingResponse:
    """Send a citizen message; the answer comes back in the response.

    With `?stream=true` the response is server-sent events: `token` events while an answer is
    being generated (AI phrasing switched on), then one `answer` event with the final, checked
    answer (which replaces the streamed text), or an `error` event."""
    repo = ConversationRepository(session, tenant)
    conversation = conversation_or_404(repo, conversation_id)
    limit = runtime.settings.max_message_chars
    if len(body.text) > limit:
        raise ApiError(
            413,
            "message_too_long",
            f"Beskeden er for lang (højst {limit} tegn). "
            f"/ The message is too long (at most {limit} characters).",
        )
    per_minute = runtime.settings.rate_limit_per_minute
    if repo.turns_since(conversation.id, utcnow() - timedelta(minutes=1)) >= per_minute:
        raise ApiError(
            429,
            "rate_limited",
            "Du har sendt mange beskeder på kort tid. Vent et "
            "øjeblik. / Too many messages; please wait a moment.",
            headers={"Retry-After": "60"},
        )
    if HandoffRepository(session, tenant).open_for(conversation.id) is not None:
        raise ApiError(
            409,
            "in_handoff",
            "Du skriver med en medarbejder nu. / You are chatting with a person now.",
        )
    earlier = repo.turns(conversation.id)
    previous_topic = next((t.topic for t in reversed(earlier) if t.topic), None)
    if stream:
        return _streamed(runtime, tenant, conversation.id, body, previous_topic, earlier)
    question, answer = runtime.pipeline.answer(tenant, body.text, body.topic, previous_topic)
    turn = store_turn(session, repo, conversation.id, question, answer)
    return {
        "conversation_id": conversation.id,
        "seq": turn.seq,
        "question": question.text,
        "answer": {
            **answer_out(answer),
            "handoff": handoff_offer(runtime.clock(), tenant, answer, earlier),
        },
    }


def _sse(event: str, data: dict[str, object]) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _streamed(
    runtime: Runtime,
    tenant: Tenant,
    conversation_id: str,
    body: NewMessage,
    previous_topic: str | None,
    earlier: list[TurnRow],
) -> StreamingResponse:
    """Run the pipeline in a thread; relay generated text as it comes, then the final answer."""
    parts: queue.Queue[str | None] = queue.Queue()
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            question, answer = runtime.pipeline.answer(
                tenant, body.text, body.topic, previous_topic, on_token=parts.put
            )
            with runtime.db.session() as own:
                turn = store_turn(
                    own, ConversationRepository(own, tenant), conversation_id, question, answer
                )
            outcome.update(
                {
                    "conversation_id": conversation_id,
                    "seq": turn.seq,
                    "question": question.text,
                    "answer": {
                        **answer_out(answer),
                        "handoff": handoff_offer(runtime.clock(), tenant, answer, earlier),
                    },
                }
            )
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
        while (part := parts.get()) is not None:
            yield _sse("token", {"text": part})
        if "error" in outcome:
            yield _sse("error", outcome["error"])  # type: ignore[arg-type]
        else:
            yield _sse("answer", outcome)

    return StreamingResponse(
        events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
    )


def store_turn(
    session: Session,
    repo: ConversationRepository,
    conversation_id: str,
    question: Question,
    answer: Answer,
    attempts: int = 3,
) -> TurnRow:
    """Append the turn and commit before answering; a concurrent message to the same
    conversation may take the same sequence number first, so try again with the next one."""
    for attempt in range(attempts):
        try:
            turn = repo.add_turn(conversation_or_404(repo, conversation_id), question, answer)
            session.commit()
            return turn
        except IntegrityError:
            session.rollback()
            if attempt == attempts - 1:
                raise ApiError(
                    409,
                    "conflict",
                    "Beskeden kunne ikke gemmes. Prøv igen. / "
                    "The message could not be saved; please retry.",
                ) from None
    raise AssertionError("unreachable")


@router.get("/conversations/{conversation_id}", response_model=TranscriptOut)
def transcript(tenant: TenantDep, session: SessionDep, conversation_id: str) -> TranscriptOut:
    """The conversation so far (citizen messages as stored: redacted)."""
    repo = ConversationRepository(session, tenant)
    row = conversation_or_404(repo, conversation_id)
    base = conversation_out(row, tenant.slug)
    return TranscriptOut(**base.model_dump(), turns=[turn_out(t) for t in repo.turns(row.id)])


@router.post("/conversations/{conversation_id}/rating", response_model=ConversationOut)
def rate(
    tenant: TenantDep, session: SessionDep, conversation_id: str, body: NewRating
) -> ConversationOut:
    """Rate the conversation 1-3 (1 = not helped, 3 = helped), with an optional comment."""
    repo = ConversationRepository(session, tenant)
    row = conversation_or_404(repo, conversation_id)
    comment = redact(body.comment).text.strip() if body.comment else None
    repo.rate(row, body.rating, comment or None)
    session.commit()
    return conversation_out(row, tenant.slug)
