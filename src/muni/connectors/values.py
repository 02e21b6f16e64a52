"""The values muni exchanges with outside systems through the connector protocols:
booking slots and bookings, the logged-in citizen and their overview, addresses and waste
pickups. Frozen and small; no connector-specific fields."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Booking:
    """One booked appointment. `code` is what the citizen uses to cancel or move it;
    `subject` is the logged-in citizen's pseudonym, when they were logged in."""

    code: str
    service: str
    location: str
    starts_at: datetime  # timezone-aware
    ends_at: datetime
    subject: str | None = None


@dataclass(frozen=True)
class Citizen:
    """The citizen logged in through the login broker, held only for one request.
    `subject` is the broker's pseudonymous id; `cpr` and `name` come from the claims and are
    passed on to connectors but never stored by muni."""

    subject: str
    pseudonym: str  # muni's keyed hash of issuer and subject: what the database holds
    name: str = ""
    cpr: str | None = None

    def __repr__(self) -> str:  # never print the CPR number or the name in a log or a trace
        return f"Citizen(pseudonym={self.pseudonym!r})"


@dataclass(frozen=True)
class Contact:
    """Name and phone number typed into the booking form: stored apart from transcripts."""

    name: str
    phone: str

    def __repr__(self) -> str:
        return "Contact(…)"


@dataclass(frozen=True)
class Appointment:
    what: str
    starts_at: datetime
    place: str = ""
    code: str = ""


@dataclass(frozen=True)
class Case:
    """A case the citizen has with the municipality (an application, a complaint)."""

    title: str
    topic: str  # the taxonomy topic it belongs to, e.g. "boligstoette"
    status: str  # in plain Danish, as the case system says it
    updated: date | None = None
    next_step: str = ""


@dataclass(frozen=True)
class Payment:
    what: str
    day: date
    amount: str = ""  # as the payment system writes it, e.g. "4.312,00 kr."


@dataclass(frozen=True)
class CitizenOverview:
    """What the municipality knows about one citizen that they may see ("Mit overblik")."""

    appointments: tuple[Appointment, ...] = ()
    cases: tuple[Case, ...] = ()
    payments: tuple[Payment, ...] = ()


@dataclass(frozen=True)
class AddressQuery:
    """An address as the citizen wrote it, taken apart ("vestergade 12, 1. th, 5000")."""

    street: str
    number: str = ""  # house number with letter: "12", "12B"
    floor: str = ""
    door: str = ""
    postcode: str = ""
    city: str = ""

    def __repr__(self) -> str:  # an address is personal data: keep it out of logs
        return "AddressQuery(…)"


@dataclass(frozen=True)
class Address:
    """An address found in a register, with its id there."""

    id: str
    street: str
    number: str
    postcode: str
    city: str
    municipality_code: str = ""
    floor: str = ""
    door: str = ""

    @property
    def label(self) -> str:
        unit = ", ".join(p for p in (f"{self.floor}." if self.floor else "", self.door) if p)
        unit = f", {unit}" if unit else ""
        return f"{self.street} {self.number}{unit}, {self.postcode} {self.city}"

    def __repr__(self) -> str:
        return f"Address(id={self.id!r})"


@dataclass(frozen=True)
class Pickup:
    """One collection day for one waste fraction at an address."""

    fraction: str  # rest_mad, papir, plast, glas_metal, storskrald, haveaffald, ...
    day: date
