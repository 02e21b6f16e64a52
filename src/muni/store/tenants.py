"""The tenant registry: tenants are the one table that is not itself tenant-scoped."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from muni.domain import Tenant
from muni.store.tables import TenantRow
from muni.tenancy import TenantConfig


def to_tenant(row: TenantRow) -> Tenant:
    config = row.config or {}
    return Tenant(
        id=row.id,
        slug=row.slug,
        name=row.name,
        municipality_code=row.municipality_code,
        domains=tuple(config.get("domains", ())),
        variables=dict(config.get("variables", {})),
        variables_en=dict(config.get("variables_en", {})),
        opening_hours=dict(config.get("opening_hours", {})),
        nlu=dict(config.get("nlu", {})),
        website=dict(config.get("website", {})),
        generation=dict(config.get("generation", {})),
        theme=dict(config.get("theme", {})),
        holidays=tuple(config.get("holidays", ())),
        booking=dict(config.get("booking", {})),
        connectors=dict(config.get("connectors", {})),
    )


# every request looks its tenant up: the statement is built once (building it cost more
# than running it)
_BY_SLUG = select(TenantRow).where(TenantRow.slug == bindparam("slug"))


class TenantRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def upsert(self, config: TenantConfig) -> Tenant:
        row = self.session.scalar(select(TenantRow).where(TenantRow.slug == config.slug))
        if row is None:
            row = TenantRow(slug=config.slug)
            self.session.add(row)
        row.name = config.name
        row.municipality_code = config.municipality_code
        row.config = config.as_document()
        self.session.flush()
        return to_tenant(row)

    def by_slug(self, slug: str) -> Tenant | None:
        row = self.session.scalar(_BY_SLUG, {"slug": slug})
        return to_tenant(row) if row else None

    def by_id(self, tenant_id: int | None) -> Tenant | None:
        row = self.session.get(TenantRow, tenant_id) if tenant_id is not None else None
        return to_tenant(row) if row else None

    def all(self) -> list[Tenant]:
        return [
            to_tenant(r) for r in self.session.scalars(select(TenantRow).order_by(TenantRow.slug))
        ]
