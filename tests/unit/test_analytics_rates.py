"""The dashboard's rates, filters and chart data from hand-made counts."""

from __future__ import annotations

from datetime import date

import pytest

from muni.analytics import charts, filters
from muni.analytics.dashboard import chart_csv
from muni.analytics.queries import ClockCell, MonthCell
from muni.analytics.rates import Rates, ratings


def test_rates_from_counts():
    counts = {"conversations": 10, "contained": 7, "turns": 50, "guarded": 10, "answered": 30,
              "fallbacks": 5, "clarifications": 4, "handoffs": 2}
    r = Rates.of(counts)
    assert r.containment == pytest.approx(0.7)
    assert r.coverage == pytest.approx(30 / 40)  # guards are not questions muni could answer
    assert r.fallback == pytest.approx(0.1)
    assert r.clarification == pytest.approx(0.08)
    assert r.handoff == pytest.approx(0.2)
    assert Rates.of({}).containment is None  # nothing happened: no rate, not 0 %
    assert ratings({"rating_1": 25, "rating_2": 10, "rating_3": 65}) == (100, pytest.approx(2.4))
    assert ratings({}) == (0, None)


class Source:
    def __init__(self) -> None:
        self.months = [
            MonthCell(2025, 12, "web", {"conversations": 3, "turns": 9, "rating_3": 1}),
            MonthCell(2026, 1, "web", {"conversations": 4, "turns": 10, "rating_1": 1}),
            MonthCell(2026, 1, "qr", {"conversations": 1, "turns": 2, "comments": 1}),
        ]
        self.clock = [ClockCell(0, 9, 5, 12), ClockCell(6, 23, 3, 9)]
        self.topics = [("pas", "pris", 7), ("pas", "", 3), ("affald", "", 5)]
        self.guards = [("=abuse", 2)]


def test_charts_in_danish_with_every_weekday_and_hour():
    made = {c.key: c for c in charts.overview(Source(), lambda t, s: f"{t}/{s or ''}")}
    assert made["month"].rows == [("december 2025", 3, 9), ("januar 2026", 5, 12)]
    assert made["year"].rows == [(2025, 3, 9), (2026, 5, 12)]
    assert made["weekday"].rows[0] == ("mandag", 5, 12) and made["weekday"].rows[6] == (
        "søndag", 3, 9)
    assert len(made["hour"].rows) == 24 and made["hour"].rows[23] == ("23-00", 3, 9)
    assert made["channel"].rows == [("Hjemmeside", 7, 19), ("QR-kode", 1, 2)]
    assert made["ratings"].extra == {"count": 2, "average": 2.0, "comments": 1}
    assert made["topics"].rows == [("pas/", 10), ("affald/", 5)]
    assert made["sub_answers"].rows == [("pas/: pas/pris", 7)]
    assert "Højeste samtaler: januar 2026 med 5" in made["month"].summary()
    # a label a spreadsheet would run as a formula is defused in the CSV
    assert chart_csv(made["guards"]).splitlines()[1] == "'=abuse,2"


def test_number_format_and_filters():
    assert charts.format_value(1234567) == "1.234.567"
    assert charts.format_value(41.5, percent=True) == "41,5 %"
    assert charts.format_value(None) == "-"
    assert filters.period(None, None, date(2026, 3, 1)) == (date(2025, 3, 2), date(2026, 3, 1))
    with pytest.raises(filters.FilterError):
        filters.period("2026-02-01", "2026-01-01", date(2026, 3, 1))
    with pytest.raises(filters.FilterError):
        filters.period("31-01-2026", None, date(2026, 3, 1))
    with pytest.raises(filters.FilterError):
        filters.channel("fax")
