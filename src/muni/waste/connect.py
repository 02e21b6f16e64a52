"""Which address lookup and pickup schedule a tenant uses, from its `connectors:` setup:

    connectors:
      addresses: {kind: dawa, url: "https://api.dataforsyningen.dk", timeout: 4}
      pickups: {kind: ical, url_template: "https://affald.example.dk/{address_id}.ics"}

Without a setup: the embedded register (tenants/addresses/<slug>.csv, None when the tenant
has no file) and the imported days in muni's database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from muni.connectors.address_register import AddressRegister
from muni.connectors.dawa_addresses import DawaAddresses
from muni.connectors.ical_pickups import IcalPickups
from muni.connectors.pickups_db import PickupsDb
from muni.connectors.protocols import AddressLookup, PickupSchedule
from muni.domain import Tenant
from muni.store.database import Database


def addresses_factory(tenants_dir: Path) -> Callable[[Tenant], AddressLookup | None]:
    register = AddressRegister(tenants_dir / "addresses")

    def addresses(tenant: Tenant) -> AddressLookup | None:
        setup = dict(tenant.connectors.get("addresses") or {})
        kind = setup.get("kind", "embedded")
        if kind == "dawa":
            return DawaAddresses(str(setup["url"]), timeout=float(setup.get("timeout", 4.0)))
        if kind == "embedded":
            return register if register.has(tenant) else None
        return None

    return addresses


def pickups_factory(db: Database) -> Callable[[Tenant], PickupSchedule | None]:
    embedded = PickupsDb(db)

    def pickups(tenant: Tenant) -> PickupSchedule | None:
        setup = dict(tenant.connectors.get("pickups") or {})
        kind = setup.get("kind", "embedded")
        if kind == "ical":
            return IcalPickups(str(setup["url_template"]), timeout=float(setup.get("timeout", 4.0)))
        if kind == "embedded":
            return embedded
        return None

    return pickups
