"""Transcript retention per municipality: conversations whose last activity is older than the
tenant's limit are deleted with everything that hangs on them (turns, guard events, handoffs
and their live messages, callbacks, inbox questions: the foreign keys cascade), after the
statistics for those days have been rolled up (`analytics.rollup.ensure_rolled_up`), so the
aggregates stay. The limit is `retention: {transcripts_days: N}` in the tenant's YAML, else
MUNI_TRANSCRIPT_RETENTION_DAYS (90)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select

from muni.identity.citizen_login import purge_citizen_sessions
from muni.store.booking_contacts import purge_expired_contacts
from muni.store.database import Database
from muni.store.tables import ConversationRow, TenantRow

BATCH = 1000


@dataclass(frozen=True)
class TenantRetention:
    """What a run did (or, dry, would do) for one municipality."""

    tenant: str
    days: int
    cutoff: datetime
    conversations: int


def transcript_days(config: dict[str, Any] | None, default: int) -> int:
    """The tenant's limit in days (at least 1), from its configuration or the default."""
    raw = ((config or {}).get("retention") or {}).get("transcripts_days")
    try:
        days = int(raw) if raw is not None else default
    except (TypeError, ValueError):
        days = default
    return max(1, days)


def _old(tenant_id: int, cutoff: datetime):  # type: ignore[no-untyped-def]
    """Last message before the cutoff (so it also started before it)."""
    return (
        (ConversationRow.tenant_id == tenant_id)
        & (ConversationRow.updated_at < cutoff)
        & (ConversationRow.created_at < cutoff)
    )


def run_retention(
    db: Database,
    now: datetime,
    default_days: int,
    dry_run: bool = False,
    tenant_slug: str | None = None,
) -> list[TenantRetention]:
    """Delete (or with `dry_run` count) every tenant's conversations past its limit."""
    with db.read() as session:
        query = select(TenantRow.id, TenantRow.slug, TenantRow.config).order_by(TenantRow.slug)
        if tenant_slug:
            query = query.where(TenantRow.slug == tenant_slug)
        tenants = session.execute(query).all()
    results = []
    for tenant_id, slug, config in tenants:
        days = transcript_days(config, default_days)
        cutoff = now - timedelta(days=days)
        if dry_run:
            with db.read() as session:
                count = session.scalar(
                    select(func.count()).select_from(ConversationRow).where(_old(tenant_id, cutoff))
                )
            results.append(TenantRetention(slug, days, cutoff, int(count or 0)))
            continue
        results.append(
            TenantRetention(
                slug, days, cutoff, _delete_old(db, tenant_id, _rolled(db, tenant_id, cutoff))
            )
        )
    if not dry_run:  # name and phone of bookings: the appointment plus their own retention
        purge_expired_contacts(db, now, [tenant_id for tenant_id, _, _ in tenants])
        purge_citizen_sessions(db, now)  # login sessions past their use (pseudonym, expiry)
    return results


def _rolled(db: Database, tenant_id: int, cutoff: datetime) -> datetime:
    """Roll up the statistics up to `cutoff`, and return the moment before which every day
    is final (its counts will never be recomputed from transcripts): `cutoff`, or the start
    of the first day still open (a day not yet over plus the rollup's grace period)."""
    from muni.analytics.calendar import day_start
    from muni.analytics.rollup import ensure_rolled_up, pending_days

    ensure_rolled_up(db, tenant_id, cutoff)
    pending = pending_days(db, tenant_id, cutoff)
    return min(cutoff, day_start(pending[0])) if pending else cutoff


def _delete_old(db: Database, tenant_id: int, cutoff: datetime) -> int:
    """Delete in batches (short transactions on a large installation)."""
    deleted = 0
    while True:
        with db.session() as session:
            ids = list(
                session.scalars(
                    select(ConversationRow.id).where(_old(tenant_id, cutoff)).limit(BATCH)
                )
            )
            if not ids:
                return deleted
            session.execute(
                delete(ConversationRow).where(
                    ConversationRow.tenant_id == tenant_id, ConversationRow.id.in_(ids)
                )
            )
        deleted += len(ids)
