"""The tenant registry: tenants are the one table that is not itself tenant-scoped."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from sqlalchemy import Text, bindparam, cast, select
from sqlalchemy.orm import Session

from muni.domain import Tenant
from muni.store.tables import TenantRow
from muni.tenancy import TenantConfig


def to_tenant(row: TenantRow) -> Tenant:
    return _tenant(row.id, row.slug, row.name, row.municipality_code, row.config or {})


def _tenant(
    tenant_id: int, slug: str, name: str, municipality_code: str, config: dict[str, Any]
) -> Tenant:
    return Tenant(
        id=tenant_id,
        slug=slug,
        name=name,
        municipality_code=municipality_code,
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


# Every request looks its tenant up: the statement is built once (building it cost more than
# running it), and it reads the config as text. Parsing that text (~40 KB of JSON for a demo
# municipality, ~100 us) is done again only when the text has changed since the last time.
_BY_SLUG = select(
    TenantRow.id,
    TenantRow.slug,
    TenantRow.name,
    TenantRow.municipality_code,
    cast(TenantRow.config, Text),
).where(TenantRow.slug == bindparam("slug"))


@lru_cache(maxsize=256)  # ~100 KB each: a version per tenant, and some edits
def _parsed(
    tenant_id: int, slug: str, name: str, municipality_code: str, config: str | None
) -> Tenant:
    """The tenant of one version of its row (shared by the requests that read that version:
    nothing changes a Tenant's fields in place; `dataclasses.replace` makes a new one)."""
    return _tenant(tenant_id, slug, name, municipality_code, json.loads(config) if config else {})


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
        found = self.session.execute(_BY_SLUG, {"slug": slug}).first()
        return None if found is None else _parsed(*found)

    def by_id(self, tenant_id: int | None) -> Tenant | None:
        row = self.session.get(TenantRow, tenant_id) if tenant_id is not None else None
        return to_tenant(row) if row else None

    def all(self) -> list[Tenant]:
        return [
            to_tenant(r) for r in self.session.scalars(select(TenantRow).order_by(TenantRow.slug))
        ]
