"""Which CitizenRecords each tenant uses, from its `connectors: {citizen_records: ...}`:

    citizen_records: {kind: rest, url: "https://borgerdata.example.dk/api", token_env:
                      MUNI_BORGERDATA_TOKEN, timeout: 5}

Without a setup (or `kind: demo`) the tenant gets the embedded demo records
(tenants/citizens/demo.yaml) and its citizens' chat bookings; `kind: none` switches Mit
overblik off for the tenant."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from muni.config import Settings
from muni.connectors.citizen_records_demo import DemoCitizenRecords, load_demo_records
from muni.connectors.citizen_records_rest import RestCitizenRecords
from muni.connectors.protocols import CitizenRecords
from muni.domain import Tenant
from muni.store.database import Database


def records_for(
    settings: Settings,
    db: Database | None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Callable[[Tenant], CitizenRecords | None]:
    demo = DemoCitizenRecords(
        load_demo_records(settings.tenants_dir / "citizens" / "demo.yaml"), db, clock
    )
    adapters: dict[str, RestCitizenRecords] = {}

    def records(tenant: Tenant) -> CitizenRecords | None:
        setup = (tenant.connectors or {}).get("citizen_records") or {}
        kind = str(setup.get("kind", "demo"))
        if kind == "none":
            return None
        if kind == "rest":
            key = f"{tenant.slug}|{setup.get('url')}"
            if key not in adapters:
                adapters[key] = RestCitizenRecords.from_setup(setup)
            return adapters[key]
        return demo

    return records
