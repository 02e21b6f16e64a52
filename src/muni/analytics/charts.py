"""The dashboard's charts as plain data: a title, columns, rows (also the accessible table and
the CSV) and which columns are drawn. Cut from the grouped counts of `queries`; Danish labels
(month and weekday names, channels, guard classes)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from muni.analytics.calendar import MONTHS, WEEKDAYS
from muni.analytics.queries import ClockCell, MonthCell, group, totals
from muni.analytics.rates import Rates, ratings, share

Value = str | int | float | None
Labeller = Callable[[str, str | None], str]  # (topic, sub-answer) -> label

CHANNEL_NAMES = {"web": "Hjemmeside", "qr": "QR-kode", "phone": "Telefon", "api": "API"}
GUARD_NAMES = {
    "emergency": "Nødsituation",
    "self_harm": "Selvskade",
    "violence": "Vold",
    "illegal": "Noget ulovligt",
    "manipulation": "Forsøg på manipulation",
    "abuse": "Krænkende sprog",
    "political": "Politik",
    "judgement": "Personlig juridisk vurdering",
    "other_authority": "Anden myndighed",
    "empty": "Tom besked",
    "too_long": "For lang besked",
    "gibberish": "Uforståelig tekst",
}
RATING_NAMES = {1: "1 - Nej", 2: "2 - Delvist", 3: "3 - Ja"}
RATE_NAMES = (
    ("containment", "Klaret uden medarbejder"),
    ("coverage", "Dækning (spørgsmål besvaret)"),
    ("fallback", "Ikke forstået (fallback)"),
    ("clarification", "Opklarende spørgsmål"),
    ("handoff", "Overdraget til medarbejder"),
)
TOP = 15


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    columns: tuple[str, ...]
    rows: list[tuple[Value, ...]]
    plotted: tuple[int, ...] = (1,)
    kind: Literal["bar", "line"] = "bar"
    horizontal: bool = False
    percent: bool = False
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> str:
        """One sentence for the canvas's aria-label: what is drawn and its highest value."""
        kind = "Linjediagram" if self.kind == "line" else "Søjlediagram"
        if not self.rows:
            return f"{kind}: {self.title}. Ingen data i perioden."
        column = self.plotted[0]
        best = max(self.rows, key=lambda row: row[column] or 0)
        value = format_value(best[column], self.percent)
        return (
            f"{kind}: {self.title}, {len(self.rows)} punkter. Højeste "
            f"{self.columns[column].lower()}: {best[0]} med {value}. Tallene står i tabellen."
        )

    def data(self) -> dict[str, Any]:
        """What the browser script gives Chart.js."""
        return {
            "kind": self.kind,
            "horizontal": self.horizontal,
            "percent": self.percent,
            "labels": [str(row[0]) for row in self.rows],
            "series": [
                {"label": self.columns[i], "values": [row[i] for row in self.rows]}
                for i in self.plotted
            ],
        }


def format_value(value: Value, percent: bool = False) -> str:
    """Danish number format: 12.345 and 41,5 %."""
    if value is None:
        return "-"
    if isinstance(value, float):
        text = f"{value:,}".replace(",", "_").replace(".", ",").replace("_", ".")
        return f"{text} %" if percent else text
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return str(value)


def pct(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


class Source(Protocol):
    """What the charts are cut from (see dashboard.Queries: each read only when needed)."""

    months: list[MonthCell]
    clock: list[ClockCell]
    topics: list[tuple[str, str, int]]
    guards: list[tuple[str, int]]


BOTH = ("Samtaler", "Beskeder")


def year_chart(src: Source, label: Labeller) -> Chart:
    years = group(src.months, lambda c: c.year)
    rows = [(y, c["conversations"], c["turns"]) for y, c in sorted(years.items())]
    return Chart("year", "Samtaler og beskeder pr. år", ("År", *BOTH), rows, (1, 2))


def month_chart(src: Source, label: Labeller) -> Chart:
    months = group(src.months, lambda c: (c.year, c.month))
    rows = [
        (f"{MONTHS[m - 1]} {y}", c["conversations"], c["turns"])
        for (y, m), c in sorted(months.items())
    ]
    return Chart(
        "month", "Samtaler og beskeder pr. måned", ("Måned", *BOTH), rows, (1, 2), kind="line"
    )


def _clock(src: Source, key: Callable[[ClockCell], int]) -> dict[int, tuple[int, int]]:
    out: dict[int, tuple[int, int]] = {}
    for cell in src.clock:
        c, n = out.get(key(cell), (0, 0))
        out[key(cell)] = (c + cell.conversations, n + cell.turns)
    return out


def weekday_chart(src: Source, label: Labeller) -> Chart:
    found = _clock(src, lambda c: c.weekday)
    rows = [(name, *found.get(i, (0, 0))) for i, name in enumerate(WEEKDAYS)]
    return Chart("weekday", "Samtaler og beskeder pr. ugedag", ("Ugedag", *BOTH), rows, (1, 2))


def hour_chart(src: Source, label: Labeller) -> Chart:
    found = _clock(src, lambda c: c.hour)
    rows = [(f"{h:02d}-{(h + 1) % 24:02d}", *found.get(h, (0, 0))) for h in range(24)]
    return Chart(
        "hour", "Samtaler og beskeder pr. time på døgnet", ("Klokken", *BOTH), rows, (1, 2)
    )


def channel_chart(src: Source, label: Labeller) -> Chart:
    channels = group(src.months, lambda c: c.channel)
    rows = sorted(
        ((CHANNEL_NAMES.get(k, k), c["conversations"], c["turns"]) for k, c in channels.items()),
        key=lambda row: -row[1],
    )
    return Chart("channel", "Samtaler og beskeder pr. kanal", ("Kanal", *BOTH), rows, (1, 2))


def ratings_chart(src: Source, label: Labeller) -> Chart:
    total = totals(src.months)
    n, average = ratings(total)
    note = (
        f"{format_value(n)} bedømmelser, gennemsnit {format_value(round(average, 2))} på en "
        f"skala fra 1 til 3; {format_value(total['comments'])} med en kommentar."
        if average is not None
        else "Ingen bedømmelser i perioden."
    )
    rows: list[tuple[Value, ...]] = [
        (RATING_NAMES[i], total[f"rating_{i}"], pct(share(total[f"rating_{i}"], n)))
        for i in (1, 2, 3)
    ]
    return Chart(
        "ratings",
        "Borgernes bedømmelser",
        ("Bedømmelse", "Antal", "Andel %"),
        rows,
        note=note,
        extra={"count": n, "average": average, "comments": total["comments"]},
    )


def rates_chart(src: Source, label: Labeller) -> Chart:
    rates = Rates.of(totals(src.months))
    return Chart(
        "rates",
        "Hvor godt chatbotten klarer sig",
        ("Mål", "Andel %"),
        [(name, pct(getattr(rates, key))) for key, name in RATE_NAMES],
        horizontal=True,
        percent=True,
    )


def rates_month_chart(src: Source, label: Labeller) -> Chart:
    names = [name for _, name in RATE_NAMES]
    trend: list[tuple[Value, ...]] = []
    for (y, m), counts in sorted(group(src.months, lambda c: (c.year, c.month)).items()):
        r = Rates.of(counts)
        trend.append((f"{MONTHS[m - 1]} {y}", *(pct(getattr(r, k)) for k, _ in RATE_NAMES)))
    return Chart(
        "rates_month",
        "Udviklingen måned for måned",
        ("Måned", *names),
        trend,
        tuple(range(1, len(names) + 1)),
        kind="line",
        percent=True,
    )


def topics_chart(src: Source, label: Labeller) -> Chart:
    per_topic: Counter[str] = Counter()
    for topic, _sub, n in src.topics:
        per_topic[topic] += n
    return Chart(
        "topics",
        f"De {TOP} emner borgerne spørger mest om",
        ("Emne", "Besvarede spørgsmål"),
        [(label(t, None), n) for t, n in per_topic.most_common(TOP)],
        horizontal=True,
    )


def sub_answers_chart(src: Source, label: Labeller) -> Chart:
    subs = [(t, s, n) for t, s, n in src.topics if s][:TOP]
    return Chart(
        "sub_answers",
        f"De {TOP} mest brugte delsvar",
        ("Delsvar", "Besvarede spørgsmål"),
        [(f"{label(t, None)}: {label(t, s)}", n) for t, s, n in subs],
        horizontal=True,
    )


def guards_chart(src: Source, label: Labeller) -> Chart:
    return Chart(
        "guards",
        "Vagter der greb ind, efter slags",
        ("Slags", "Hændelser"),
        [(GUARD_NAMES.get(kind, kind), n) for kind, n in src.guards],
        horizontal=True,
    )


CHARTS: dict[str, Callable[[Source, Labeller], Chart]] = {
    "year": year_chart,
    "month": month_chart,
    "weekday": weekday_chart,
    "hour": hour_chart,
    "channel": channel_chart,
    "ratings": ratings_chart,
    "rates": rates_chart,
    "rates_month": rates_month_chart,
    "topics": topics_chart,
    "sub_answers": sub_answers_chart,
    "guards": guards_chart,
}


def overview(src: Source, label: Labeller) -> list[Chart]:
    """Every chart of one tenant's (or all tenants') dashboard."""
    return [build(src, label) for build in CHARTS.values()]


def comparison(per_tenant: Sequence[tuple[str, str, dict[str, int]]]) -> list[Chart]:
    """The municipalities side by side (central staff)."""
    volume, quality = [], []
    for _slug, name, counts in per_tenant:
        n, average = ratings(counts)
        volume.append(
            (name, counts["conversations"], counts["turns"], n,
             None if average is None else round(average, 2))
        )  # fmt: skip
        r = Rates.of(counts)
        quality.append((name, *(pct(getattr(r, k)) for k, _ in RATE_NAMES)))
    return [
        Chart(
            "compare",
            "Kommunerne: samtaler og beskeder",
            ("Kommune", "Samtaler", "Beskeder", "Bedømmelser", "Gennemsnitlig bedømmelse"),
            volume,
            (1, 2),
            horizontal=True,
        ),
        Chart(
            "compare_rates",
            "Kommunerne: hvor godt chatbotten klarer sig",
            ("Kommune", *(name for _, name in RATE_NAMES)),
            quality,
            tuple(range(1, len(RATE_NAMES) + 1)),
            horizontal=True,
            percent=True,
        ),
    ]


def totals_summary(cells: list[MonthCell]) -> dict[str, Any]:
    """The key figures above the charts."""
    total = totals(cells)
    n, average = ratings(total)
    return {
        "conversations": total["conversations"],
        "turns": total["turns"],
        "ratings": n,
        "average": average,
        "votes": total["votes_up"] + total["votes_down"],
        "helpful": share(total["votes_up"], total["votes_up"] + total["votes_down"]),
        "synthetic": total["synthetic"],
        "rates": Rates.of(total),
    }
