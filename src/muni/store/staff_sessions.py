"""Server-side staff sessions (table staff_sessions).

Logging in creates a random token that only the cookie holds; the table keeps its SHA-256, the
member of staff, their municipality (none for central staff) and an expiry. Every console or
agent request looks the token up, so logging out, a new password, a changed role or a removed
account ends the session at once. Expired rows are deleted whenever someone logs in.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from muni.store.tables import StaffRow, StaffSessionRow, TenantRow

LIFETIME = timedelta(hours=8)
MAX_TOKEN_CHARS = 100  # token_urlsafe(32) is 43 characters


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class StaffSessions:
    def __init__(self, session: Session) -> None:
        self.session = session

    def create(self, staff: StaffRow, now: datetime) -> str:
        """A new session for `staff`; returns the token for the cookie (not stored)."""
        self.purge_expired(now)
        token = secrets.token_urlsafe(32)
        self.session.add(
            StaffSessionRow(
                token_hash=token_digest(token),
                staff_id=staff.id,
                tenant_id=staff.tenant_id,
                created_at=now,
                expires_at=now + LIFETIME,
            )
        )
        self.session.flush()
        return token

    def find(self, token: str, now: datetime) -> tuple[StaffRow, TenantRow | None] | None:
        """The member of staff and municipality of a live session: not expired, the account
        still exists, is active and still belongs to the session's municipality."""
        if not token or len(token) > MAX_TOKEN_CHARS:
            return None
        found = self.session.execute(
            select(StaffRow, StaffSessionRow.tenant_id)
            .join(StaffSessionRow, StaffSessionRow.staff_id == StaffRow.id)
            .where(
                StaffSessionRow.token_hash == token_digest(token),
                StaffSessionRow.expires_at > now,
                StaffRow.active.is_(True),
            )
        ).first()
        if found is None:
            return None
        row, session_tenant = found
        if row.tenant_id != session_tenant:
            return None
        tenant = self.session.get(TenantRow, row.tenant_id) if row.tenant_id else None
        return row, tenant

    def revoke(self, token: str) -> bool:
        """End the session of this token (logout)."""
        result = self.session.execute(
            delete(StaffSessionRow).where(StaffSessionRow.token_hash == token_digest(token))
        )
        return bool(result.rowcount)

    def revoke_staff(self, staff_id: int) -> int:
        """End every session of one account (new password or role, account removed)."""
        result = self.session.execute(
            delete(StaffSessionRow).where(StaffSessionRow.staff_id == staff_id)
        )
        return int(result.rowcount or 0)

    def purge_expired(self, now: datetime) -> int:
        result = self.session.execute(
            delete(StaffSessionRow).where(StaffSessionRow.expires_at <= now)
        )
        return int(result.rowcount or 0)
