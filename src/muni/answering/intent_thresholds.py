"""The curated-intent step's decision thresholds (accept, clarify, switch topic, sub-answers),
layered from defaults, the values tuned in training, content/nlu.yaml and the tenant's `nlu:`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    """Decision thresholds. Layers, later wins: these defaults, the values tuned on
    cross-validation when the model was trained, content/nlu.yaml, the tenant's `nlu:`."""

    accept: float = 0.5
    clarify_margin: float = 0.15
    clarify_floor: float = 0.2
    authority_override: float = 0.85
    switch_topic: float = 0.6  # a follow-up with words of its own changes topic above this
    switch_topic_back: float = 0.9  # ... and above this when it points back ("den", "de")
    sub_accept: float = 0.35  # below this the overview answers, not a sub-answer
    sub_clarify_floor: float = 0.3
    sub_clarify_margin: float = 0.08
    asks_boost: float = 2.0  # sub-answers that give the kind of fact asked for weigh more
    # below `accept` but at least this: the topic answers when the website's best page is
    # about something else (a page quote about passports for a question about property tax)
    likely_topic: float = 0.5
    # With the student's estimates on (MUNI_EMBEDDING_ESTIMATES), an estimated best
    # probability in [estimate_open_from, estimate_open_to), widened to 0.1 on each side of
    # accept, leaves the decision open, and e5 decides; outside it the estimate decides
    # (also whether to ask a clarifying question, which happens below 0.5).
    estimate_open_from: float = 0.5
    estimate_open_to: float = 0.9

    def open_between(self) -> tuple[float, float]:
        """The estimated best probabilities for which e5 decides: from estimate_open_from (or
        0.1 under accept, if lower) to estimate_open_to (or 0.1 over accept, if higher)."""
        return (
            min(self.estimate_open_from, self.accept - 0.1),
            max(self.estimate_open_to, self.accept + 0.1),
        )

    @classmethod
    def layered(
        cls, tuned: Mapping[str, float], pack: Mapping[str, float], tenant: Mapping[str, float]
    ) -> Thresholds:
        """The thresholds a tenant's answers use: the values tuned in training, then the
        content pack's (content/nlu.yaml), then the tenant's `nlu:`. Answers, the crawl's page
        topics and the inbox all take them from here, so that they agree."""
        return cls.from_data(tuned or {}, pack or {}, tenant or {})

    @classmethod
    def from_data(cls, *layers: Mapping[str, float]) -> Thresholds:
        merged: dict[str, float] = {}
        for layer in layers:
            merged.update({k: float(v) for k, v in layer.items() if k in cls.__annotations__})
        return cls(**merged)


# the thresholds above that are weights, not probabilities: any positive value is allowed
WEIGHTS = frozenset({"asks_boost"})
