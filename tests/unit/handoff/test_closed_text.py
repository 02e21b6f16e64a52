"""The words a citizen gets outside opening hours, with the next opening time."""

from datetime import UTC, datetime

from muni.domain import Tenant
from muni.handoff.hours import closed_text, next_opening

TENANT = Tenant(
    1,
    "t",
    "T Kommune",
    "0001",
    opening_hours={"monday": "08:00-15:00", "wednesday": "08:00-15:00", "friday": "08:30-12:00"},
    holidays=("2026-12-07",),
)


def at(text: str) -> datetime:  # UTC; Denmark is UTC+1 in winter
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_the_next_opening_skips_closed_days_and_holidays():
    assert next_opening(TENANT, at("2026-12-02T06:00")).isoformat() == "2026-12-02T08:00:00+01:00"
    # Wednesday after closing: Friday 08:30
    assert next_opening(TENANT, at("2026-12-02T15:00")).isoformat() == "2026-12-04T08:30:00+01:00"
    # Friday afternoon: Monday 7 December is a holiday, so Wednesday the 9th
    assert next_opening(TENANT, at("2026-12-04T13:00")).isoformat() == "2026-12-09T08:00:00+01:00"
    assert (
        next_opening(Tenant(1, "t", "T", "0001", opening_hours={}), at("2026-12-02T06:00")) is None
    )


def test_closed_text_says_today_tomorrow_or_the_weekday_in_the_citizens_language():
    assert closed_text(TENANT, at("2026-12-02T06:00"), "da") == (
        "Vi har lukket nu. Du kan bede om at blive ringet op. Vi åbner igen i dag kl. 08.00."
    )
    assert closed_text(TENANT, at("2026-12-03T10:00"), "da").endswith(
        "Vi åbner igen i morgen kl. 08.30."
    )
    assert closed_text(TENANT, at("2026-12-04T13:00"), "da").endswith(
        "Vi åbner igen onsdag kl. 08.00."
    )
    assert closed_text(TENANT, at("2026-12-04T13:00"), "en") == (
        "We are closed now. You can ask to be called back. We open again on Wednesday at 08:00."
    )
    never = Tenant(1, "t", "T", "0001", opening_hours={})
    assert closed_text(never, at("2026-12-02T06:00"), "da") == (
        "Vi har lukket nu. Du kan bede om at blive ringet op."
    )
