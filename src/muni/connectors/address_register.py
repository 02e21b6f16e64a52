"""The embedded address register: each tenant's addresses from tenants/addresses/<slug>.csv
(columns id, vejnavn, husnr, etage, dør, postnr, postnrnavn, kommunekode, the names the
national address register uses). The demo tenants ship a few dozen invented addresses; a
municipality can export its own addresses in the same columns, or use the national API
(connectors/dawa_addresses.py).

Matching forgives case, æ/ø/å spelled ae/oe/aa and small typos (addresses/match.py). When
nothing matches in the tenant's municipality, the other registers in the folder are tried,
so the citizen can be told that the address belongs to another municipality (the
addresses' municipality_code says which)."""

from __future__ import annotations

import csv
from pathlib import Path

from muni.addresses.match import best_matches
from muni.connectors.values import Address, AddressQuery
from muni.domain import Tenant

COLUMNS = ("id", "vejnavn", "husnr", "etage", "dør", "postnr", "postnrnavn", "kommunekode")


def read_register(path: Path) -> list[Address]:
    """The addresses in one register CSV (comma- or semicolon-separated, UTF-8)."""
    text = path.read_text(encoding="utf-8-sig")
    dialect = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    rows = csv.DictReader(text.splitlines(), delimiter=dialect)
    missing = [c for c in ("id", "vejnavn", "husnr", "postnr") if c not in (rows.fieldnames or ())]
    if missing:
        raise ValueError(f"{path.name}: mangler kolonnerne {', '.join(missing)}")
    return [
        Address(
            id=row["id"].strip(),
            street=row["vejnavn"].strip(),
            number=row["husnr"].strip(),
            postcode=row["postnr"].strip(),
            city=(row.get("postnrnavn") or "").strip(),
            municipality_code=(row.get("kommunekode") or "").strip().zfill(4),
            floor=(row.get("etage") or "").strip(),
            door=(row.get("dør") or row.get("doer") or "").strip(),
        )
        for row in rows
        if (row.get("id") or "").strip()
    ]


class AddressRegister:
    """Addresses from the CSV files in `folder` (one per tenant slug), read once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._loaded: dict[str, list[Address]] | None = None

    def _registers(self) -> dict[str, list[Address]]:
        if self._loaded is None:
            self._loaded = {
                path.stem: read_register(path) for path in sorted(self.folder.glob("*.csv"))
            }
        return self._loaded

    def has(self, tenant: Tenant) -> bool:
        return tenant.slug in self._registers()

    def find(self, tenant: Tenant, query: AddressQuery, limit: int = 8) -> list[Address]:
        registers = self._registers()
        own = [
            a
            for a in registers.get(tenant.slug, [])
            if a.municipality_code in ("", "0000", tenant.municipality_code)
        ]
        found = best_matches(query, own, limit)
        if found:
            return found
        elsewhere = [
            a
            for slug, addresses in registers.items()
            if slug != tenant.slug
            for a in addresses
            if a.municipality_code != tenant.municipality_code
        ]
        return best_matches(query, elsewhere, limit) if query.number else []
