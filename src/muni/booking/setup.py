"""A tenant's booking setup, read from the `booking:` section of tenants/<slug>.yaml and
checked with clear errors (BookingSetupError names the field that is wrong).

    booking:
      slot_minutes: 15        # length of one appointment
      horizon_days: 28        # how far ahead citizens can book
      lead_minutes: 60        # the earliest slot is at least this far from now
      closed: ["2026-12-23"]  # extra closed days besides the tenant's `holidays`
      services:
        pas: {name: Pas, name_en: Passport, topic: pas,
              bring: "Dit gamle pas og et pasfoto", bring_en: "Your old passport and a photo"}
      locations:
        dokk1: {name: Borgerservice Dokk1, address: "Hack Kampmanns Plads 2, 8000 Aarhus C",
                capacity: 2, services: [pas],
                hours: {monday: "10:00-15:00", thursday: "10:00-12:00, 13:00-17:30"}}

`topic` is the taxonomy topic an answer about the service counts under; `capacity` is how
many citizens one slot at the location takes. Hours use the 24-hour clock, Danish local time;
a day that is not listed is closed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from muni.domain import Tenant

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_SPAN = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*-\s*(\d{1,2})[:.](\d{2})\s*$")


class BookingSetupError(ValueError):
    """The tenant's `booking:` section is wrong; the message says where and how."""


@dataclass(frozen=True)
class Service:
    slug: str
    name: str
    name_en: str
    topic: str
    bring: str = ""
    bring_en: str = ""

    def title(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name

    def to_bring(self, language: str) -> str:
        return self.bring_en if language == "en" and self.bring_en else self.bring


@dataclass(frozen=True)
class Location:
    slug: str
    name: str
    address: str
    capacity: int
    services: tuple[str, ...]
    # opening spans per weekday (0 = Monday), local time
    hours: tuple[tuple[tuple[time, time], ...], ...]

    @property
    def place(self) -> str:
        return f"{self.name}, {self.address}" if self.address else self.name


@dataclass(frozen=True)
class BookingSetup:
    slot_minutes: int
    horizon_days: int
    lead_minutes: int
    closed: frozenset[date]
    services: dict[str, Service]
    locations: dict[str, Location]

    def locations_for(self, service: str) -> list[Location]:
        return [loc for loc in self.locations.values() if service in loc.services]


def _fail(where: str, problem: str) -> BookingSetupError:
    return BookingSetupError(f"booking.{where}: {problem}")


def _int(raw: Any, where: str, default: int, low: int, high: int) -> int:
    if raw is None:
        return default
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise _fail(where, f"must be a whole number, not {raw!r}")
    if not low <= raw <= high:
        raise _fail(where, f"must be between {low} and {high}, not {raw}")
    return raw


def _text(raw: Any, where: str, required: bool = True) -> str:
    if raw is None or raw == "":
        if required:
            raise _fail(where, "is missing")
        return ""
    if not isinstance(raw, str):
        raise _fail(where, f"must be text, not {raw!r}")
    return raw.strip()


def _day(raw: Any, where: str) -> date:
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        raise _fail(where, f"{raw!r} is not a date like 2026-12-23") from None


def _spans(raw: Any, where: str) -> tuple[tuple[time, time], ...]:
    if raw in (None, "", "closed", "lukket"):
        return ()
    if not isinstance(raw, str):
        raise _fail(where, f'must be text like "10:00-15:00", not {raw!r}')
    spans = []
    for part in raw.split(","):
        found = _SPAN.match(part)
        if not found:
            raise _fail(where, f'{part.strip()!r} is not like "10:00-15:00"')
        h1, m1, h2, m2 = (int(g) for g in found.groups())
        if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
            raise _fail(where, f"{part.strip()!r} is not a time of day")
        start, end = time(h1, m1), time(h2, m2)
        if end <= start:
            raise _fail(where, f"{part.strip()!r} ends before it starts")
        spans.append((start, end))
    return tuple(sorted(spans))


def _service(slug: str, raw: Any) -> Service:
    where = f"services.{slug}"
    if not _SLUG.match(slug):
        raise _fail(where, "the key must be lower-case letters, digits, - or _")
    if not isinstance(raw, dict):
        raise _fail(where, "must be a mapping with name, topic, bring")
    name = _text(raw.get("name"), f"{where}.name")
    return Service(
        slug=slug,
        name=name,
        name_en=_text(raw.get("name_en"), f"{where}.name_en", required=False) or name,
        topic=_text(raw.get("topic"), f"{where}.topic", required=False) or "tidsbestilling",
        bring=_text(raw.get("bring"), f"{where}.bring", required=False),
        bring_en=_text(raw.get("bring_en"), f"{where}.bring_en", required=False),
    )


def _location(slug: str, raw: Any, services: dict[str, Service]) -> Location:
    where = f"locations.{slug}"
    if not _SLUG.match(slug):
        raise _fail(where, "the key must be lower-case letters, digits, - or _")
    if not isinstance(raw, dict):
        raise _fail(where, "must be a mapping with name, address, capacity, services, hours")
    offered = raw.get("services")
    if not isinstance(offered, list) or not offered:
        raise _fail(f"{where}.services", "must list at least one service")
    for service in offered:
        if service not in services:
            raise _fail(
                f"{where}.services", f"{service!r} is not one of the services {sorted(services)}"
            )
    hours = raw.get("hours")
    if not isinstance(hours, dict) or not hours:
        raise _fail(f"{where}.hours", 'must give the opening hours, e.g. {monday: "10:00-15:00"}')
    for day in hours:
        if day not in WEEKDAYS:
            raise _fail(f"{where}.hours", f"{day!r} is not a weekday ({', '.join(WEEKDAYS)})")
    return Location(
        slug=slug,
        name=_text(raw.get("name"), f"{where}.name"),
        address=_text(raw.get("address"), f"{where}.address", required=False),
        capacity=_int(raw.get("capacity"), f"{where}.capacity", 1, 1, 100),
        services=tuple(str(s) for s in offered),
        hours=tuple(_spans(hours.get(day), f"{where}.hours.{day}") for day in WEEKDAYS),
    )


def parse_setup(raw: dict[str, Any] | None) -> BookingSetup | None:
    """The setup, or None when the tenant has no `booking:` section (nothing to book)."""
    if not raw:
        return None
    if not isinstance(raw, dict):
        raise BookingSetupError("booking: must be a mapping")
    services_raw = raw.get("services")
    if not isinstance(services_raw, dict) or not services_raw:
        raise _fail("services", "must name at least one service")
    services = {str(k): _service(str(k), v) for k, v in services_raw.items()}
    locations_raw = raw.get("locations")
    if not isinstance(locations_raw, dict) or not locations_raw:
        raise _fail("locations", "must name at least one location")
    locations = {str(k): _location(str(k), v, services) for k, v in locations_raw.items()}
    closed = raw.get("closed") or []
    if not isinstance(closed, list):
        raise _fail("closed", "must be a list of dates")
    return BookingSetup(
        slot_minutes=_int(raw.get("slot_minutes"), "slot_minutes", 15, 5, 240),
        horizon_days=_int(raw.get("horizon_days"), "horizon_days", 28, 1, 366),
        lead_minutes=_int(raw.get("lead_minutes"), "lead_minutes", 60, 0, 7 * 24 * 60),
        closed=frozenset(_day(d, f"closed[{i}]") for i, d in enumerate(closed)),
        services=services,
        locations=locations,
    )


def setup_of(tenant: Tenant) -> BookingSetup | None:
    """The tenant's booking setup (None: the tenant offers no booking in the chat)."""
    return parse_setup(tenant.booking)
