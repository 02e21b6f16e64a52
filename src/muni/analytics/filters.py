"""What a dashboard view is asked for: a period of Danish days, the tenants (None: all) and a
channel (None: every channel). Parsed from the query string with clear errors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

CHANNELS = ("web", "qr", "phone", "api")
MAX_DAYS = 366 * 10


class FilterError(ValueError):
    """A filter that cannot be used (bad date, period backwards, unknown channel)."""


@dataclass(frozen=True)
class StatsFilter:
    first: date
    last: date
    tenant_ids: tuple[int, ...] | None = None  # None: every tenant (central staff only)
    channel: str | None = None

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def parse_day(text: str | None, default: date, what: str) -> date:
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise FilterError(f"{what} skal være en dato som 2026-01-31, ikke {text[:20]!r}") from None


def period(first: str | None, last: str | None, today: date) -> tuple[date, date]:
    """The period asked for; by default the last 365 days up to today."""
    end = parse_day(last, today, "Til")
    start = parse_day(first, end - timedelta(days=364), "Fra")
    if start > end:
        raise FilterError("Fra-datoen ligger efter til-datoen.")
    if (end - start).days > MAX_DAYS:
        raise FilterError("Perioden må højst være ti år.")
    return start, end


def channel(text: str | None) -> str | None:
    if not text:
        return None
    if text not in CHANNELS:
        raise FilterError(f"Ukendt kanal: {text[:20]!r}")
    return text
