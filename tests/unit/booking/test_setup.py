"""The booking setup from the tenant's YAML, and its clear errors."""

from __future__ import annotations

import copy
from datetime import date, time
from pathlib import Path

import pytest
import yaml

from muni.booking.setup import BookingSetupError, parse_setup
from tests.unit.booking.helpers import SETUP

ROOT = Path(__file__).resolve().parents[3]


def test_a_setup_is_read_with_defaults() -> None:
    setup = parse_setup(SETUP)
    assert setup is not None
    assert setup.slot_minutes == 15 and setup.horizon_days == 14 and setup.lead_minutes == 60
    assert setup.closed == {date(2026, 12, 4)}
    dokk1 = setup.locations["dokk1"]
    assert dokk1.capacity == 2 and dokk1.hours[0] == ((time(10), time(11)),)
    assert dokk1.hours[2] == ()  # wednesday is not listed: closed
    assert setup.services["koerekort"].name_en == "Driving licence"
    assert [loc.slug for loc in setup.locations_for("koerekort")] == ["dokk1"]
    assert dokk1.place == "Borgerservice Dokk1, Hack Kampmanns Plads 2, 8000 Aarhus C"


def test_no_booking_section_is_no_setup() -> None:
    assert parse_setup({}) is None
    assert parse_setup(None) is None


def test_split_hours_are_allowed() -> None:
    raw = copy.deepcopy(SETUP)
    raw["locations"]["dokk1"]["hours"]["monday"] = "13:00-15:00, 09:00-11:30"
    setup = parse_setup(raw)
    assert setup is not None
    assert setup.locations["dokk1"].hours[0] == ((time(9), time(11, 30)), (time(13), time(15)))


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("slot_minutes",), "15", "booking.slot_minutes: must be a whole number"),
        (("horizon_days",), 0, "booking.horizon_days: must be between 1 and 366"),
        (("closed",), ["24-12-2026"], "booking.closed[0]: '24-12-2026' is not a date"),
        (("locations", "dokk1", "hours", "monday"), "10-15", "'10-15' is not like"),
        (("locations", "dokk1", "hours", "monday"), "15:00-10:00", "ends before it starts"),
        (("locations", "dokk1", "hours", "mandag"), "10:00-11:00", "'mandag' is not a weekday"),
        (("locations", "dokk1", "services"), ["pas", "vielse"], "'vielse' is not one of"),
        (("locations", "dokk1", "capacity"), 0, "capacity: must be between 1 and 100"),
        (("services", "pas", "name"), None, "booking.services.pas.name: is missing"),
        (("services",), {}, "booking.services: must name at least one service"),
        (("locations",), None, "booking.locations: must name at least one location"),
    ],
)
def test_a_wrong_setup_says_where(path: tuple[str, ...], value: object, message: str) -> None:
    raw = copy.deepcopy(SETUP)
    target = raw
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(BookingSetupError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_setup(raw)


@pytest.mark.parametrize("slug", ["aarhus", "odense", "vejle"])
def test_the_demo_tenants_have_a_valid_setup(slug: str) -> None:
    data = yaml.safe_load((ROOT / "tenants" / f"{slug}.yaml").read_text(encoding="utf-8"))
    setup = parse_setup(data["booking"])
    assert setup is not None and len(setup.services) >= 2
    for service in setup.services.values():
        assert service.bring and service.bring_en
        assert setup.locations_for(service.slug)
