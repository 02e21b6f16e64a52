"""A small booking setup and tenant for the booking tests."""

from __future__ import annotations

from typing import Any

from muni.domain import Tenant

SETUP: dict[str, Any] = {
    "slot_minutes": 15,
    "horizon_days": 14,
    "lead_minutes": 60,
    "closed": ["2026-12-04"],
    "services": {
        "pas": {"name": "Pas", "name_en": "Passport", "topic": "pas", "bring": "Dit gamle pas"},
        "koerekort": {"name": "Kørekort", "name_en": "Driving licence", "topic": "koerekort"},
    },
    "locations": {
        "dokk1": {
            "name": "Borgerservice Dokk1",
            "address": "Hack Kampmanns Plads 2, 8000 Aarhus C",
            "capacity": 2,
            "services": ["pas", "koerekort"],
            "hours": {"monday": "10:00-11:00", "tuesday": "10:00-11:00", "friday": "10:00-10:30"},
        },
        "lystrup": {
            "name": "Borgerservice Lystrup",
            "address": "Lystrup Centervej 4, 8520 Lystrup",
            "capacity": 1,
            "services": ["pas"],
            "hours": {"thursday": "12:00-13:00"},
        },
    },
}


def tenant(booking: dict[str, Any] | None = None, tenant_id: int = 1, slug: str = "aarhus"):
    return Tenant(
        id=tenant_id,
        slug=slug,
        name="Aarhus Kommune",
        municipality_code="0751",
        variables={
            "url_tidsbestilling": "https://aarhus.dk/bestil-tid",
            "borgerservice_telefon": "89 40 20 00",
        },
        holidays=("2026-12-24", "2026-12-25"),
        booking=SETUP if booking is None else booking,
    )
