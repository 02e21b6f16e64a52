"""Conversations and turns of one tenant. Every query filters on the tenant's id."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from muni.domain import Answer, Question, Tenant
from muni.store.tables import ConversationRow, TurnRow, utcnow


class ConversationRepository:
    """Reads and writes only the given tenant's conversations."""

    def __init__(self, session: Session, tenant: Tenant) -> None:
        self.session = session
        self.tenant = tenant

    def create(
        self, channel: str = "web", language: str = "da", channel_ref: str | None = None
    ) -> ConversationRow:
        row = ConversationRow(
            id=uuid.uuid4().hex,
            tenant_id=self.tenant.id,
            channel=channel,
            language=language,
            channel_ref=channel_ref,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def get(self, conversation_id: str) -> ConversationRow | None:
        return self.session.scalar(
            select(ConversationRow).where(
                ConversationRow.id == conversation_id, ConversationRow.tenant_id == self.tenant.id
            )
        )

    def turns(self, conversation_id: str) -> list[TurnRow]:
        return list(
            self.session.scalars(
                select(TurnRow)
                .where(
                    TurnRow.conversation_id == conversation_id,
                    TurnRow.tenant_id == self.tenant.id,
                )
                .order_by(TurnRow.seq)
            )
        )

    def last_turn(self, conversation_id: str) -> TurnRow | None:
        return self.session.scalar(
            select(TurnRow)
            .where(TurnRow.conversation_id == conversation_id, TurnRow.tenant_id == self.tenant.id)
            .order_by(TurnRow.seq.desc())
            .limit(1)
        )

    def add_turn(
        self, conversation: ConversationRow, question: Question, answer: Answer
    ) -> TurnRow:
        seq = (
            self.session.scalar(
                select(func.max(TurnRow.seq)).where(
                    TurnRow.conversation_id == conversation.id, TurnRow.tenant_id == self.tenant.id
                )
            )
            or 0
        ) + 1
        details = {
            "sources": [asdict(s) for s in answer.sources],
            "quick_replies": [asdict(q) for q in answer.quick_replies],
            "links": [asdict(link) for link in answer.links],
            "timings": answer.timings,
            "language": answer.language,
            "action": answer.action,
            "diagnostics": answer.diagnostics,
            "sub_answer": answer.sub_answer,
        }
        row = TurnRow(
            tenant_id=self.tenant.id,
            conversation_id=conversation.id,
            seq=seq,
            question=question.text,
            redacted_kinds=",".join(question.redacted_kinds),
            answer=answer.text,
            origin=answer.origin,
            status=answer.status,
            topic=answer.topic,
            confidence=answer.confidence,
            details=details,
        )
        conversation.updated_at = utcnow()
        conversation.language = answer.language
        self.session.add(row)
        self.session.flush()
        return row

    def turns_since(self, conversation_id: str, since: datetime) -> int:
        return int(
            self.session.scalar(
                select(func.count(TurnRow.id)).where(
                    TurnRow.conversation_id == conversation_id,
                    TurnRow.tenant_id == self.tenant.id,
                    TurnRow.created_at >= since,
                )
            )
            or 0
        )

    def rate(self, conversation: ConversationRow, rating: int, comment: str | None) -> None:
        conversation.rating = rating
        conversation.rating_comment = comment
        conversation.rated_at = utcnow()
        self.session.flush()
