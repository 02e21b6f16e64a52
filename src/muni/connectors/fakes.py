"""In-memory fakes of the connector protocols, for unit tests (never a paid service)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from muni.connectors.protocols import ChatModelError, ConnectorUnavailable, Message, SlotTaken
from muni.connectors.values import (
    Address,
    AddressQuery,
    Booking,
    Citizen,
    CitizenOverview,
    Pickup,
)
from muni.domain import Tenant


class FakeChatModel:
    """Answers with the given replies in turn; records every request it was sent."""

    name = "fake-chat"

    def __init__(self, *replies: str, fail: bool = False) -> None:
        self.replies = list(replies)
        self.fail = fail
        self.requests: list[list[Message]] = []

    def _next(self, messages: list[Message]) -> str:
        self.requests.append(messages)
        if self.fail or not self.replies:
            raise ChatModelError("fake failure")
        return self.replies.pop(0)

    def complete(self, messages: list[Message], *, max_tokens: int, timeout: float) -> str:
        return self._next(messages)

    def stream(self, messages: list[Message], *, max_tokens: int, timeout: float) -> Iterator[str]:
        reply = self._next(messages)
        for i in range(0, len(reply), 7):
            yield reply[i : i + 7]


class FakeCalendar:
    """Bookings in a dict; `down=True` makes every call fail as an unreachable calendar."""

    def __init__(self, down: bool = False) -> None:
        self.down = down
        self.bookings: dict[tuple[int, str], Booking] = {}

    def _check(self) -> None:
        if self.down:
            raise ConnectorUnavailable("fake calendar is down")

    def booked(
        self, tenant: Tenant, location: str, start: datetime, end: datetime
    ) -> list[Booking]:
        self._check()
        return sorted(
            (
                b
                for (tenant_id, _), b in self.bookings.items()
                if tenant_id == tenant.id and b.location == location and start <= b.starts_at < end
            ),
            key=lambda b: b.starts_at,
        )

    def book(self, tenant: Tenant, booking: Booking, capacity: int) -> Booking:
        self._check()
        taken = self.booked(tenant, booking.location, booking.starts_at, booking.ends_at)
        if sum(b.starts_at == booking.starts_at for b in taken) >= capacity:
            raise SlotTaken(booking.starts_at.isoformat())
        self.bookings[(tenant.id, booking.code)] = booking
        return booking

    def find(self, tenant: Tenant, code: str) -> Booking | None:
        self._check()
        return self.bookings.get((tenant.id, code))

    def cancel(self, tenant: Tenant, code: str) -> bool:
        self._check()
        return self.bookings.pop((tenant.id, code), None) is not None


class FakeCitizenRecords:
    """Overviews by (tenant id, subject); an unknown citizen has an empty overview."""

    def __init__(self, overviews: dict[tuple[int, str], CitizenOverview], down: bool = False):
        self.overviews = overviews
        self.down = down
        self.asked: list[str] = []  # the subjects it was asked about

    def overview(self, tenant: Tenant, citizen: Citizen) -> CitizenOverview:
        if self.down:
            raise ConnectorUnavailable("fake citizen records are down")
        self.asked.append(citizen.subject)
        return self.overviews.get((tenant.id, citizen.subject), CitizenOverview())


class FakeAddressLookup:
    """Matches street (case-insensitive prefix), number and postcode against a list. Like
    the real lookups, when nothing matches in the tenant's municipality it returns the
    matches elsewhere (with their municipality_code), so the citizen can be told."""

    def __init__(self, addresses: list[Address], down: bool = False) -> None:
        self.addresses = addresses
        self.down = down

    def find(self, tenant: Tenant, query: AddressQuery, limit: int = 8) -> list[Address]:
        if self.down:
            raise ConnectorUnavailable("fake address lookup is down")
        street = query.street.casefold()
        matches = [
            a
            for a in self.addresses
            if a.street.casefold().startswith(street)
            and (not query.number or a.number.casefold() == query.number.casefold())
            and (not query.postcode or a.postcode == query.postcode)
        ]
        own = [a for a in matches if a.municipality_code in ("", tenant.municipality_code)]
        return (own or (matches if query.number else []))[:limit]


class FakePickupSchedule:
    """Pickup days by address id."""

    def __init__(self, days: dict[str, list[Pickup]], down: bool = False) -> None:
        self.days = days
        self.down = down

    def next_pickups(self, tenant: Tenant, address: Address, after: date) -> list[Pickup]:
        if self.down:
            raise ConnectorUnavailable("fake pickup schedule is down")
        soonest: dict[str, Pickup] = {}
        for pickup in sorted(self.days.get(address.id, []), key=lambda p: p.day):
            if pickup.day >= after:
                soonest.setdefault(pickup.fraction, pickup)
        return sorted(soonest.values(), key=lambda p: (p.day, p.fraction))
