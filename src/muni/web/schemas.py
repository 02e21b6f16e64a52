"""Request and response bodies of the public API."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from muni.domain import Answer
from muni.store.tables import ConversationRow, TurnRow


class NewConversation(BaseModel):
    channel: Literal["web", "qr", "phone", "api"] = "web"


class ContactIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    phone: str = Field(min_length=6, max_length=50)


class NewMessage(BaseModel):
    text: str = Field(max_length=20_000, description="The citizen's message.")
    topic: str | None = Field(
        default=None, max_length=64, description="Topic slug from a pressed quick reply, if any."
    )
    sub: str | None = Field(
        default=None,
        max_length=64,
        description="Sub-answer id from a pressed quick reply, if any (with `topic`).",
    )
    flow: str | None = Field(
        default=None,
        max_length=200,
        description="A pressed flow button's payload (booking, waste pickup), if any.",
    )
    contact: ContactIn | None = Field(
        default=None,
        description="Name and phone from the booking form; kept apart from the transcript.",
    )
    message_id: str | None = Field(
        default=None,
        min_length=16,
        max_length=64,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="The client's own random id for this message (16-64 letters, digits, - "
        "or _). Sent again with the same id (after a timeout, a busy server or a lost "
        "response), the message is answered once: the stored answer comes back, with "
        "`replayed` true, and no second turn is stored.",
    )


class NewRating(BaseModel):
    rating: int = Field(ge=1, le=3, description="1 = not helped, 2 = partly, 3 = helped.")
    comment: str | None = Field(default=None, max_length=2000)


class ConversationOut(BaseModel):
    id: str
    tenant: str
    channel: str
    channel_ref: str | None = None
    created_at: datetime
    rating: int | None = None
    rating_comment: str | None = None


class TurnOut(BaseModel):
    seq: int
    question: str
    answer: dict[str, Any]
    created_at: datetime
    vote: int | None = Field(default=None, description="The citizen's vote: 1 helped, -1 not.")


class TranscriptOut(ConversationOut):
    turns: list[TurnOut]


def answer_out(answer: Answer) -> dict[str, Any]:
    return {
        "text": answer.text,
        "origin": answer.origin,
        "status": answer.status,
        "topic": answer.topic,
        "sub_answer": answer.sub_answer,
        "confidence": answer.confidence,
        "language": answer.language,
        "sources": [asdict(s) for s in answer.sources],
        "quick_replies": [asdict(q) for q in answer.quick_replies],
        "links": [asdict(link) for link in answer.links],
        "action": answer.action,
        "ai_generated": answer.origin == "generated",
        "timings": answer.timings,
    }


def turn_out(row: TurnRow) -> TurnOut:
    details = row.details or {}
    answer = {
        "text": row.answer,
        "origin": row.origin,
        "status": row.status,
        "topic": row.topic,
        "sub_answer": details.get("sub_answer"),
        "confidence": row.confidence,
        "language": details.get("language", "da"),
        "sources": details.get("sources", []),
        "quick_replies": details.get("quick_replies", []),
        "links": details.get("links", []),
        "action": details.get("action"),
        "ai_generated": row.origin == "generated",
    }
    return TurnOut(
        seq=row.seq, question=row.question, answer=answer, created_at=row.created_at, vote=row.vote
    )


def conversation_out(row: ConversationRow, tenant_slug: str) -> ConversationOut:
    return ConversationOut(
        id=row.id,
        tenant=tenant_slug,
        channel=row.channel,
        channel_ref=row.channel_ref,
        created_at=row.created_at,
        rating=row.rating,
        rating_comment=row.rating_comment,
    )
