"""The demo tenants' waste calendars: rules per street in tenants/waste/<slug>.yaml (which
fraction on which weekday, every how many weeks), expanded into days from today at every
start, so the demo never runs out of dates. Stored with source "demo"; a tenant with its own
imported days keeps them (an import replaces days per address key, the demo only its own)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import delete, func, select

from muni.store.database import Database
from muni.store.tables import PickupDateRow, TenantRow
from muni.waste.fractions import FRACTIONS
from muni.waste.store import PickupRow, street_key

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SOURCE = "demo"
AHEAD_DAYS = 180


def expand(rules: list[dict[str, Any]], start: date, days: int = AHEAD_DAYS) -> list[PickupRow]:
    """The days the rules give from `start` (a rule: street, postcode, numbers "1-99",
    fraction, weekday, every_weeks, and odd_weeks: true to shift the cycle by a week)."""
    rows: list[PickupRow] = []
    for rule in rules:
        fraction = str(rule["fraction"])
        if fraction not in FRACTIONS:
            raise ValueError(f"unknown fraction {fraction!r}")
        first, _, last = str(rule.get("numbers", "1-9999")).partition("-")
        key = street_key(str(rule["street"]), str(rule["postcode"]), int(first), int(last or first))
        weekday = WEEKDAYS.index(str(rule["weekday"]).lower())
        every = int(rule.get("every_weeks", 1))
        parity = 1 if rule.get("odd_weeks") else 0
        day = start + timedelta(days=(weekday - start.weekday()) % 7)
        while day < start + timedelta(days=days):
            week = (day.toordinal() - 1) // 7  # counts on across new year
            if every == 1 or (week % every) == (parity % every):
                rows.append(PickupRow(key, fraction, day))
            day += timedelta(days=7)
    return rows


def ensure_demo_pickups(db: Database, tenants_dir: Path, today: date | None = None) -> int:
    """(Re)write the demo days of every demo tenant (`demo: true`) with a rules file when
    they run out within two months; returns how many days were written."""
    today = today or date.today()
    folder = tenants_dir / "waste"
    if not folder.is_dir():
        return 0
    written = 0
    with db.read() as session:
        tenants = {
            row.slug: row.id
            for row in session.scalars(select(TenantRow))
            if (row.config or {}).get("demo")  # a real municipality imports its own days
        }
    for path in sorted(folder.glob("*.yaml")):
        tenant_id = tenants.get(path.stem)
        if tenant_id is None:
            continue
        with db.read() as session:
            last = session.scalar(
                select(func.max(PickupDateRow.day)).where(
                    PickupDateRow.tenant_id == tenant_id, PickupDateRow.source == SOURCE
                )
            )
        if last is not None and last >= today + timedelta(days=60):
            continue
        rules = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("rules", [])
        with db.read() as session:
            imported = set(
                session.scalars(
                    select(PickupDateRow.address_key).where(
                        PickupDateRow.tenant_id == tenant_id, PickupDateRow.source != SOURCE
                    )
                )
            )
        rows = sorted(
            r
            for r in set(expand(rules, today - timedelta(days=7)))
            if r.address_key not in imported
        )
        with db.session() as session:
            session.execute(
                delete(PickupDateRow).where(
                    PickupDateRow.tenant_id == tenant_id, PickupDateRow.source == SOURCE
                )
            )
            session.add_all(
                PickupDateRow(
                    tenant_id=tenant_id,
                    address_key=r.address_key,
                    fraction=r.fraction,
                    day=r.day,
                    source=SOURCE,
                )
                for r in rows
            )
        written += len(rows)
    return written
