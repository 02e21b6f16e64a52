"""Local facts where a curated answer and the tenant's own page disagree, for editors."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from muni.domain import FactConflict, Tenant
from muni.store.tables import FactDisagreementRow, utcnow


class DisagreementRepository:
    """Reads and writes only the given tenant's rows."""

    def __init__(self, session: Session, tenant: Tenant) -> None:
        self.session = session
        self.tenant = tenant

    def record(self, conflict: FactConflict, seen_at: datetime | None = None) -> None:
        """Add the disagreement, or move its `last_seen` if it is already known."""
        seen_at = seen_at or utcnow()
        page_value = conflict.page_value[:200]
        row = self.session.scalar(
            select(FactDisagreementRow).where(
                FactDisagreementRow.tenant_id == self.tenant.id,
                FactDisagreementRow.variable == conflict.variable,
                FactDisagreementRow.page_value == page_value,
                FactDisagreementRow.url == conflict.url[:2000],
            )
        )
        if row is None:
            self.session.add(
                FactDisagreementRow(
                    tenant_id=self.tenant.id,
                    topic=conflict.topic[:64],
                    variable=conflict.variable[:100],
                    curated_value=conflict.curated_value[:500],
                    page_value=page_value,
                    url=conflict.url[:2000],
                    first_seen=seen_at,
                    last_seen=seen_at,
                    times=1,
                )
            )
        else:
            row.last_seen = seen_at
            row.curated_value = conflict.curated_value[:500]
            row.times += 1
        self.session.flush()

    def all(self) -> list[FactDisagreementRow]:
        return list(
            self.session.scalars(
                select(FactDisagreementRow)
                .where(FactDisagreementRow.tenant_id == self.tenant.id)
                .order_by(FactDisagreementRow.last_seen.desc())
            )
        )
