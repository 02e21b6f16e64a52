"""Shared by the booking API and browser tests: the demo tenants' embedded calendar."""

from __future__ import annotations

import pytest

from muni.store.tenants import TenantRepository


@pytest.fixture
def calendar_ready(runtime):  # type: ignore[no-untyped-def]
    """The runtime's calendar for aarhus (the embedded one in muni's database)."""
    with runtime.db.session() as session:
        tenant = TenantRepository(session).by_slug("aarhus")
    assert runtime.connectors.calendar(tenant) is not None, "aarhus has no calendar connector"
    return tenant
