"""Put the content pack and tenant files into the database (first start, import, demo)."""

from __future__ import annotations

from pathlib import Path

from muni.content.loader import load_pack
from muni.domain import Tenant
from muni.store.content import ContentRepository
from muni.store.database import Database
from muni.store.tenants import TenantRepository
from muni.tenancy import TenantConfig, load_tenants


def import_content(db: Database, content_dir: Path) -> None:
    pack = load_pack(content_dir)
    with db.session() as session:
        ContentRepository(session).replace_pack(pack)


def import_tenants(db: Database, configs: list[TenantConfig]) -> list[Tenant]:
    tenants = []
    with db.session() as session:
        for config in configs:
            tenant = TenantRepository(session).upsert(config)
            ContentRepository(session).replace_overrides(tenant, config.overrides)
            tenants.append(tenant)
    return tenants


def ensure_initialised(db: Database, content_dir: Path, tenants_dir: Path) -> None:
    """Migrate, and load content and tenants from files if the database has none yet."""
    db.migrate()
    with db.session() as session:
        has_content = ContentRepository(session).has_content()
        has_tenants = bool(TenantRepository(session).all())
    if not has_content:
        import_content(db, content_dir)
    if not has_tenants:
        import_tenants(db, load_tenants(tenants_dir))
    from muni.waste.demo import ensure_demo_pickups

    ensure_demo_pickups(db, tenants_dir)  # the demo waste calendars, from today
