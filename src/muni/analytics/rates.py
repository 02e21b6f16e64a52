"""The rates on the dashboard, from summed counts: containment (conversations answered without
a person), coverage (questions answered, guards left out), and the shares of fallbacks,
clarifying questions and handoffs; the average rating on the 1-3 scale."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


def share(part: float, whole: float) -> float | None:
    return None if not whole else part / whole


@dataclass(frozen=True)
class Rates:
    containment: float | None
    coverage: float | None
    fallback: float | None
    clarification: float | None
    handoff: float | None

    @classmethod
    def of(cls, c: Mapping[str, int]) -> Rates:
        questions = c.get("turns", 0) - c.get("guarded", 0)
        return cls(
            containment=share(c.get("contained", 0), c.get("conversations", 0)),
            coverage=share(c.get("answered", 0), questions),
            fallback=share(c.get("fallbacks", 0), c.get("turns", 0)),
            clarification=share(c.get("clarifications", 0), c.get("turns", 0)),
            handoff=share(c.get("handoffs", 0), c.get("conversations", 0)),
        )


def ratings(c: Mapping[str, int]) -> tuple[int, float | None]:
    """Number of ratings and their average (1-3)."""
    n = c.get("rating_1", 0) + c.get("rating_2", 0) + c.get("rating_3", 0)
    total = c.get("rating_1", 0) + 2 * c.get("rating_2", 0) + 3 * c.get("rating_3", 0)
    return n, share(total, n)
