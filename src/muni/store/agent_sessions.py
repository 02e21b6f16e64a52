"""Server-side agent sessions (table agent_sessions).

Logging in creates a random token that only the agent's cookie holds; the table keeps its
SHA-256, the agent, the tenant and an expiry. Every agent request looks the token up, so
logging out, changing the password or removing the agent ends the session at once. Expired
rows are deleted whenever someone logs in.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from muni.store.tables import AgentRow, AgentSessionRow, TenantRow

LIFETIME = timedelta(hours=8)
MAX_TOKEN_CHARS = 100  # token_urlsafe(32) is 43 characters


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AgentSessions:
    def __init__(self, session: Session) -> None:
        self.session = session

    def create(self, agent: AgentRow, now: datetime) -> str:
        """A new session for `agent`; returns the token for the cookie (not stored)."""
        self.purge_expired(now)
        token = secrets.token_urlsafe(32)
        self.session.add(
            AgentSessionRow(
                token_hash=token_digest(token),
                agent_id=agent.id,
                tenant_id=agent.tenant_id,
                created_at=now,
                expires_at=now + LIFETIME,
            )
        )
        self.session.flush()
        return token

    def find(self, token: str, now: datetime) -> tuple[AgentRow, TenantRow] | None:
        """The agent and tenant of a live session: not expired, the agent still exists and
        still belongs to the session's tenant."""
        if not token or len(token) > MAX_TOKEN_CHARS:
            return None
        found = self.session.execute(
            select(AgentRow, TenantRow)
            .join(AgentSessionRow, AgentSessionRow.agent_id == AgentRow.id)
            .join(TenantRow, TenantRow.id == AgentRow.tenant_id)
            .where(
                AgentSessionRow.token_hash == token_digest(token),
                AgentSessionRow.tenant_id == AgentRow.tenant_id,
                AgentSessionRow.expires_at > now,
            )
        ).first()
        return (found[0], found[1]) if found else None

    def revoke(self, token: str) -> bool:
        """End the session of this token (logout)."""
        result = self.session.execute(
            delete(AgentSessionRow).where(AgentSessionRow.token_hash == token_digest(token))
        )
        return bool(result.rowcount)

    def revoke_agent(self, agent_id: int) -> int:
        """End every session of one agent (new password, agent removed)."""
        result = self.session.execute(
            delete(AgentSessionRow).where(AgentSessionRow.agent_id == agent_id)
        )
        return int(result.rowcount or 0)

    def purge_expired(self, now: datetime) -> int:
        result = self.session.execute(
            delete(AgentSessionRow).where(AgentSessionRow.expires_at <= now)
        )
        return int(result.rowcount or 0)
