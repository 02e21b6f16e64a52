"""Counting what happened into aggregate rows: a pure accumulator, fed one conversation,
turn, rating, handoff or guard event at a time (each on its own moment's Danish day and hour),
that gives the rows of stats_hours, stats_topics and stats_guards."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from muni.analytics.calendar import local_day_hour

HOUR_COUNTS = (
    "conversations",
    "contained",
    "synthetic",
    "turns",
    "answered",
    "unanswered",
    "clarifications",
    "fallbacks",
    "guarded",
    "curated",
    "searched",
    "generated",
    "handoffs",
    "rating_1",
    "rating_2",
    "rating_3",
    "comments",
    "votes_up",
    "votes_down",
)
UNANSWERED = frozenset({"unanswered", "out_of_scope"})
ORIGIN_COUNT = {"curated": "curated", "search": "searched", "generated": "generated"}
HourKey = tuple[date, int, str]


@dataclass
class Tally:
    hours: defaultdict[HourKey, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    topics: Counter[tuple[date, str, str, str]] = field(default_factory=Counter)
    guards: Counter[tuple[date, str, str]] = field(default_factory=Counter)

    def _hour(self, moment: datetime, channel: str) -> Counter[str]:
        day, hour = local_day_hour(moment)
        return self.hours[(day, hour, channel)]

    def conversation(
        self, created_at: datetime, channel: str, contained: bool, synthetic: bool = False
    ) -> None:
        counts = self._hour(created_at, channel)
        counts["conversations"] += 1
        counts["contained"] += int(contained)
        counts["synthetic"] += int(synthetic)

    def turn(
        self,
        created_at: datetime,
        channel: str,
        status: str,
        origin: str,
        topic: str | None,
        sub_answer: str | None,
        vote: int | None = None,
    ) -> None:
        counts = self._hour(created_at, channel)
        counts["turns"] += 1
        if vote in (1, -1):  # the citizen's "Hjalp svaret?" on this answer
            counts["votes_up" if vote == 1 else "votes_down"] += 1
        if status == "answered":
            counts["answered"] += 1
        elif status in UNANSWERED:
            counts["unanswered"] += 1
        elif status == "clarification":
            counts["clarifications"] += 1
        if origin == "fallback":
            counts["fallbacks"] += 1
        elif origin == "guard":
            counts["guarded"] += 1
        elif origin in ORIGIN_COUNT:
            counts[ORIGIN_COUNT[origin]] += 1
        if topic and origin != "guard" and status == "answered":
            self.topics[(local_day_hour(created_at)[0], channel, topic, sub_answer or "")] += 1

    def rating(self, rated_at: datetime, channel: str, rating: int, comment: bool) -> None:
        if rating not in (1, 2, 3):
            return
        counts = self._hour(rated_at, channel)
        counts[f"rating_{rating}"] += 1
        counts["comments"] += int(comment)

    def handoff(self, created_at: datetime, channel: str) -> None:
        self._hour(created_at, channel)["handoffs"] += 1

    def guard(self, created_at: datetime, channel: str, kind: str) -> None:
        self.guards[(local_day_hour(created_at)[0], channel, kind)] += 1

    # -- rows ------------------------------------------------------------------------------
    def hour_rows(self, tenant_id: int) -> list[dict[str, Any]]:
        rows = []
        for (day, hour, channel), counts in self.hours.items():
            row: dict[str, Any] = {
                "tenant_id": tenant_id,
                "day": day,
                "hour": hour,
                "channel": channel,
                "year": day.year,
                "month": day.month,
                "weekday": day.weekday(),
            }
            row.update({name: counts.get(name, 0) for name in HOUR_COUNTS})
            rows.append(row)
        return rows

    def topic_rows(self, tenant_id: int) -> list[dict[str, Any]]:
        return [
            {
                "tenant_id": tenant_id,
                "day": day,
                "channel": channel,
                "topic": topic,
                "sub_answer": sub,
                "turns": n,
            }
            for (day, channel, topic, sub), n in self.topics.items()
        ]

    def guard_rows(self, tenant_id: int) -> list[dict[str, Any]]:
        return [
            {"tenant_id": tenant_id, "day": day, "channel": channel, "kind": kind, "events": n}
            for (day, channel, kind), n in self.guards.items()
        ]
