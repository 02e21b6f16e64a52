"""The audit log: who did what, when, to which municipality (table audit_log)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from muni.staff.roles import StaffMember
from muni.store.tables import AuditRow, utcnow


def record(
    session: Session,
    actor: StaffMember | None,
    action: str,
    target: str = "",
    tenant_id: int | None = None,
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
    actor_name: str = "",
) -> AuditRow:
    """Add one audit row (committed with the caller's transaction). `actor` None: the
    command line or the system (`actor_name` says which)."""
    if tenant_id is None and actor is not None and actor.tenant is not None:
        tenant_id = actor.tenant.id
    row = AuditRow(
        at=at or utcnow(),
        staff_id=actor.id if actor else None,
        actor=actor.username if actor else (actor_name or "system"),
        role=actor.role.value if actor else "system",
        tenant_id=tenant_id,
        action=action,
        target=target[:300],
        details=details or {},
    )
    session.add(row)
    session.flush()
    return row


def recent(session: Session, tenant_id: int | None, limit: int = 200) -> list[AuditRow]:
    """The newest rows: of one municipality, or (None) of all."""
    query = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
    if tenant_id is not None:
        query = query.where(AuditRow.tenant_id == tenant_id)
    return list(session.scalars(query))
