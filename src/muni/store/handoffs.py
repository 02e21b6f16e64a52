"""Handoffs, live messages, agents and callback requests of one tenant."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from muni.domain import Tenant
from muni.handoff.passwords import check_password, hash_password  # noqa: F401 (re-exported)
from muni.store.agent_sessions import AgentSessions
from muni.store.tables import AgentRow, CallbackRow, HandoffRow, LiveMessageRow, utcnow

OPEN_STATES = ("queued", "active")


class AgentExists(ValueError):
    """An agent with this username already exists in the tenant."""


class AgentRepository:
    def __init__(self, session: Session, tenant: Tenant) -> None:
        self.session = session
        self.tenant = tenant

    def add(self, username: str, display_name: str, team: str, password: str) -> AgentRow:
        if self.by_username(username) is not None:
            raise AgentExists(username)
        row = AgentRow(
            tenant_id=self.tenant.id,
            username=username,
            display_name=display_name,
            team=team,
            password_hash=hash_password(password),
        )
        self.session.add(row)
        self.session.flush()
        return row

    def by_username(self, username: str) -> AgentRow | None:
        return self.session.scalar(
            select(AgentRow).where(
                AgentRow.tenant_id == self.tenant.id, AgentRow.username == username
            )
        )

    def get(self, agent_id: int) -> AgentRow | None:
        return self.session.scalar(
            select(AgentRow).where(AgentRow.tenant_id == self.tenant.id, AgentRow.id == agent_id)
        )

    def set_password_hash(self, row: AgentRow, password_hash: str) -> int:
        """A new password (already hashed); ends every session of the agent. Returns how many."""
        row.password_hash = password_hash
        self.session.flush()
        return AgentSessions(self.session).revoke_agent(row.id)

    def remove(self, row: AgentRow) -> None:
        """Delete the agent and its sessions; its handoffs stay, without an agent."""
        self.session.execute(
            update(HandoffRow)
            .where(HandoffRow.tenant_id == self.tenant.id, HandoffRow.agent_id == row.id)
            .values(agent_id=None)
        )
        AgentSessions(self.session).revoke_agent(row.id)
        self.session.delete(row)
        self.session.flush()


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

    def add_message(self, row: HandoffRow, sender: str, text: str) -> LiveMessageRow:
        message = LiveMessageRow(
            tenant_id=self.tenant.id, handoff_id=row.id, sender=sender, text=text
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
