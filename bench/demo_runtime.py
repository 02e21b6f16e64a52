"""The runtime of the demo data in MUNI_DATA_DIR and one of its tenants, for the bench scripts
that answer messages in process (safety_suite.py, citizen_false_alarms.py,
power_of_attorney.py)."""

from __future__ import annotations

import logging

from muni.config import Settings
from muni.domain import Tenant
from muni.runtime import Runtime
from muni.store.tenants import TenantRepository


def start(slug: str) -> tuple[Runtime, Tenant]:
    """The runtime (quiet: no INFO logs) and the tenant `slug`; exits if there is none."""
    logging.disable(logging.INFO)
    runtime = Runtime.start(Settings())
    with runtime.db.session() as session:
        tenant = TenantRepository(session).by_slug(slug)
    if tenant is None:
        runtime.close()
        raise SystemExit(f"no tenant {slug!r} in this data directory: run ./dev demo first")
    return runtime, tenant
