"""A citizen's request about their own conversation: find it (by its id, or by the reference
of the letter whose QR code started it), export it as JSON, or erase it with everything that
hangs on it. Every lookup is limited to one municipality (or, for central staff, says which
municipality a conversation belongs to). Texts are as stored: redacted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from muni.store.tables import (
    ConversationRow,
    HandoffRow,
    LiveMessageRow,
    TenantRow,
    TurnRow,
)

MAX_FOUND = 50


@dataclass(frozen=True)
class FoundConversation:
    id: str
    tenant_id: int
    tenant: str
    channel: str
    channel_ref: str | None
    created_at: datetime
    turns: int


def find(
    session: Session,
    tenant_id: int | None,
    conversation_id: str = "",
    ref: str = "",
) -> list[FoundConversation]:
    """Conversations with this id, or started from a letter with this reference, in the
    tenant (None: any tenant, for central staff). Empty input finds nothing."""
    conversation_id, ref = conversation_id.strip()[:64], ref.strip()[:64]
    if not conversation_id and not ref:
        return []
    query = select(ConversationRow, TenantRow.slug).join(
        TenantRow, TenantRow.id == ConversationRow.tenant_id
    )
    if conversation_id:
        query = query.where(ConversationRow.id == conversation_id)
    else:
        query = query.where(ConversationRow.channel_ref == ref)
    if tenant_id is not None:
        query = query.where(ConversationRow.tenant_id == tenant_id)
    found = []
    for row, slug in session.execute(query.order_by(ConversationRow.created_at).limit(MAX_FOUND)):
        count = session.scalar(
            select(func.count()).select_from(TurnRow).where(TurnRow.conversation_id == row.id)
        )
        found.append(
            FoundConversation(
                row.id,
                row.tenant_id,
                slug,
                row.channel,
                row.channel_ref,
                row.created_at,
                int(count or 0),
            )
        )
    return found


def conversation(
    session: Session, tenant_id: int | None, conversation_id: str
) -> ConversationRow | None:
    """The conversation, if it belongs to the tenant (None: any tenant)."""
    query = select(ConversationRow).where(ConversationRow.id == conversation_id[:64])
    if tenant_id is not None:
        query = query.where(ConversationRow.tenant_id == tenant_id)
    return session.scalar(query)


def transcript(session: Session, row: ConversationRow) -> dict[str, Any]:
    """Everything muni keeps about the conversation, as JSON-ready data (what a citizen
    gets on an access request). Callback contact details are not here: they are kept apart
    and deleted after MUNI_CALLBACK_RETENTION_DAYS."""
    slug = session.scalar(select(TenantRow.slug).where(TenantRow.id == row.tenant_id))
    turns = session.scalars(
        select(TurnRow)
        .where(TurnRow.conversation_id == row.id, TurnRow.tenant_id == row.tenant_id)
        .order_by(TurnRow.seq)
    )
    live = session.execute(
        select(LiveMessageRow.sender, LiveMessageRow.text, LiveMessageRow.created_at)
        .join(HandoffRow, HandoffRow.id == LiveMessageRow.handoff_id)
        .where(HandoffRow.conversation_id == row.id, HandoffRow.tenant_id == row.tenant_id)
        .order_by(LiveMessageRow.created_at, LiveMessageRow.id)
    )
    return {
        "conversation": row.id,
        "tenant": slug,
        "channel": row.channel,
        "reference": row.channel_ref,
        "language": row.language,
        "started": row.created_at.isoformat(),
        "last_activity": row.updated_at.isoformat(),
        "rating": row.rating,
        "rating_comment": row.rating_comment,
        "corpus_consent": row.corpus_consent,
        "turns": [
            {
                "seq": t.seq,
                "at": t.created_at.isoformat(),
                "question": t.question,
                "answer": t.answer,
                "topic": t.topic,
                "origin": t.origin,
                "vote": t.vote,  # the citizen's thumbs up (1) or down (-1) on the answer
                "vote_comment": t.vote_comment,
            }
            for t in turns
        ],
        "live_chat": [
            {"sender": sender, "text": text, "at": at.isoformat()} for sender, text, at in live
        ],
    }


def erase(session: Session, row: ConversationRow) -> None:
    """Delete the conversation; its turns, guard events, handoffs, live messages, callbacks
    and inbox questions go with it (ON DELETE CASCADE)."""
    session.execute(
        delete(ConversationRow).where(
            ConversationRow.id == row.id, ConversationRow.tenant_id == row.tenant_id
        )
    )
    session.flush()
