"""The boundaries muni talks to outside systems through. Each protocol has an embedded
implementation (works out of the box), an in-memory fake (fakes.py) and an adapter for a
real standard or API; one contract test class runs against all of them
(tests/contracts/test_connector_contracts_*.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Protocol

from muni.connectors.values import (
    Address,
    AddressQuery,
    Booking,
    Citizen,
    CitizenOverview,
    Pickup,
)
from muni.domain import Tenant

Message = dict[str, str]  # {"role": "system" | "user" | "assistant", "content": "..."}


class ChatModelError(RuntimeError):
    """The model could not answer (timeout, refused, unreachable): callers fall back."""


class ConnectorUnavailable(RuntimeError):
    """An outside system did not answer in time or answered with an error: the citizen gets
    an honest answer and a link, never a 5xx."""


class SlotTaken(RuntimeError):
    """Someone else booked the last place in the slot first."""


class ChatModel(Protocol):
    """A chat-completion model. Both calls raise ChatModelError on any failure."""

    name: str

    def complete(self, messages: list[Message], *, max_tokens: int, timeout: float) -> str: ...

    def stream(
        self, messages: list[Message], *, max_tokens: int, timeout: float
    ) -> Iterator[str]: ...


class Calendar(Protocol):
    """Where a tenant's bookings live (muni's database, or the municipality's own CalDAV
    calendar). Slots are computed by muni from the tenant's booking setup; the calendar
    only knows what is booked. Every call may raise ConnectorUnavailable."""

    def booked(
        self, tenant: Tenant, location: str, start: datetime, end: datetime
    ) -> list[Booking]:
        """Bookings at `location` that start in [start, end)."""
        ...

    def book(self, tenant: Tenant, booking: Booking, capacity: int) -> Booking:
        """Book the slot if fewer than `capacity` bookings hold its start time; raises
        SlotTaken otherwise. Safe when many citizens take the same slot at once."""
        ...

    def find(self, tenant: Tenant, code: str) -> Booking | None: ...

    def cancel(self, tenant: Tenant, code: str) -> bool:
        """Free the slot; False when there is no such booking."""
        ...


class CitizenRecords(Protocol):
    """A logged-in citizen's own data: appointments, cases, payments. Only ever called with
    the citizen of the current request."""

    def overview(self, tenant: Tenant, citizen: Citizen) -> CitizenOverview: ...


class AddressLookup(Protocol):
    """Finds addresses in the tenant's municipality (the national address register)."""

    def find(self, tenant: Tenant, query: AddressQuery, limit: int = 8) -> list[Address]: ...


class PickupSchedule(Protocol):
    """When each waste fraction is collected at an address."""

    def next_pickups(self, tenant: Tenant, address: Address, after: date) -> list[Pickup]:
        """The next collection day of each fraction on or after `after`, soonest first."""
        ...
