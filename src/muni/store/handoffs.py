"""Handoffs, live messages and callback requests of one tenant."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from muni.domain import Tenant
from muni.store.tables import (
    CallbackRow,
    ConversationRow,
    HandoffRow,
    LiveMessageRow,
    TurnRow,
    utcnow,
)

OPEN_STATES = ("queued", "active")


class HandoffRepository:
    def __init__(self, session: Session, tenant: Tenant) -> None:
        self.session = session
        self.tenant = tenant

    def open_for(self, conversation_id: str) -> HandoffRow | None:
        return self.session.scalar(
            select(HandoffRow)
            .where(
                HandoffRow.tenant_id == self.tenant.id,
                HandoffRow.conversation_id == conversation_id,
                HandoffRow.status.in_(OPEN_STATES),
            )
            .order_by(HandoffRow.id.desc())
        )

    def latest_for(self, conversation_id: str) -> HandoffRow | None:
        return self.session.scalar(
            select(HandoffRow)
            .where(
                HandoffRow.tenant_id == self.tenant.id,
                HandoffRow.conversation_id == conversation_id,
            )
            .order_by(HandoffRow.id.desc())
        )

    def create(self, conversation_id: str, team: str, reason: str) -> HandoffRow:
        row = HandoffRow(
            tenant_id=self.tenant.id,
            conversation_id=conversation_id,
            team=team,
            reason=reason,
            status="queued",
        )
        self.session.add(row)
        self.session.flush()
        return row

    def get(self, handoff_id: int) -> HandoffRow | None:
        return self.session.scalar(
            select(HandoffRow).where(
                HandoffRow.tenant_id == self.tenant.id, HandoffRow.id == handoff_id
            )
        )

    def queue(self, team: str | None = None) -> list[HandoffRow]:
        query = select(HandoffRow).where(
            HandoffRow.tenant_id == self.tenant.id, HandoffRow.status.in_(OPEN_STATES)
        )
        if team:
            query = query.where(HandoffRow.team == team)
        return list(self.session.scalars(query.order_by(HandoffRow.created_at)))

    def set_status(self, row: HandoffRow, status: str, agent_id: int | None = None) -> None:
        row.status = status
        if agent_id is not None:
            row.agent_id = agent_id
        row.updated_at = utcnow()
        self.session.flush()

    def add_message(
        self,
        row: HandoffRow,
        sender: str,
        text: str,
        author: str | None = None,
        author_role: str | None = None,
    ) -> LiveMessageRow:
        """A message; an agent's carries their display name and role (team) for the citizen."""
        message = LiveMessageRow(
            tenant_id=self.tenant.id,
            handoff_id=row.id,
            sender=sender,
            text=text,
            author=author,
            author_role=author_role,
        )
        self.session.add(message)
        row.updated_at = utcnow()
        self.session.flush()
        return message

    def messages(self, handoff_ids: list[int], after: int = 0) -> list[LiveMessageRow]:
        if not handoff_ids:
            return []
        return list(
            self.session.scalars(
                select(LiveMessageRow)
                .where(
                    LiveMessageRow.tenant_id == self.tenant.id,
                    LiveMessageRow.handoff_id.in_(handoff_ids),
                    LiveMessageRow.id > after,
                )
                .order_by(LiveMessageRow.id)
            )
        )

    def agent_of(self, row: HandoffRow) -> tuple[str, str] | None:
        """The name and role of the agent who last wrote in or joined the handoff."""
        found = self.session.execute(
            select(LiveMessageRow.author, LiveMessageRow.author_role)
            .where(
                LiveMessageRow.tenant_id == self.tenant.id,
                LiveMessageRow.handoff_id == row.id,
                LiveMessageRow.author.is_not(None),
            )
            .order_by(LiveMessageRow.id.desc())
            .limit(1)
        ).first()
        return (found[0], found[1] or "") if found else None

    def latest_topics(self, conversation_ids: list[str], skip: tuple[str, ...]) -> dict[str, str]:
        """Each conversation's latest answered topic (leaving out e.g. the ask for a person)."""
        if not conversation_ids:
            return {}
        rows = self.session.execute(
            select(TurnRow.conversation_id, TurnRow.topic)
            .where(
                TurnRow.tenant_id == self.tenant.id,
                TurnRow.conversation_id.in_(conversation_ids),
                TurnRow.topic.is_not(None),
                TurnRow.topic.not_in(skip),
            )
            .order_by(TurnRow.seq)
        ).all()
        return {conversation: topic for conversation, topic in rows}  # the last one wins

    def languages(self, conversation_ids: list[str]) -> dict[str, str]:
        if not conversation_ids:
            return {}
        rows = self.session.execute(
            select(ConversationRow.id, ConversationRow.language).where(
                ConversationRow.tenant_id == self.tenant.id,
                ConversationRow.id.in_(conversation_ids),
            )
        ).all()
        return {conversation: language for conversation, language in rows}

    def for_conversation(self, conversation_id: str) -> list[int]:
        return list(
            self.session.scalars(
                select(HandoffRow.id).where(
                    HandoffRow.tenant_id == self.tenant.id,
                    HandoffRow.conversation_id == conversation_id,
                )
            )
        )


class CallbackRepository:
    def __init__(self, session: Session, tenant: Tenant) -> None:
        self.session = session
        self.tenant = tenant

    def add(
        self,
        conversation_id: str,
        name: str,
        phone: str,
        preferred_time: str,
        retention_days: int,
        now: datetime,
    ) -> CallbackRow:
        row = CallbackRow(
            tenant_id=self.tenant.id,
            conversation_id=conversation_id,
            name=name,
            phone=phone,
            preferred_time=preferred_time,
            created_at=now,
            delete_after=now + timedelta(days=retention_days),
        )
        self.session.add(row)
        self.session.flush()
        return row

    def pending(self) -> list[CallbackRow]:
        return list(
            self.session.scalars(
                select(CallbackRow)
                .where(
                    CallbackRow.tenant_id == self.tenant.id,
                    CallbackRow.done.is_(False),
                )
                .order_by(CallbackRow.created_at)
            )
        )

    def mark_done(self, callback_id: int) -> bool:
        row = self.session.scalar(
            select(CallbackRow).where(
                CallbackRow.tenant_id == self.tenant.id, CallbackRow.id == callback_id
            )
        )
        if row is None:
            return False
        row.done = True
        self.session.flush()
        return True


def purge_expired_callbacks(session: Session, now: datetime) -> int:
    """Delete every callback request past its retention (all tenants)."""
    result = session.execute(delete(CallbackRow).where(CallbackRow.delete_after < now))
    return int(result.rowcount or 0)
