"""The safety classes and what the input check decided about one message."""

from __future__ import annotations

from dataclasses import dataclass, field

# Most serious first: when a message has signs of several, the first one decides the reply.
SAFETY_CLASSES: tuple[str, ...] = (
    "emergency",
    "self_harm",
    "violence",
    "illegal",
    "manipulation",
    "abuse",
    "political",
    "judgement",
)
NONE = "none"


@dataclass(frozen=True)
class SafetyVerdict:
    label: str  # one of SAFETY_CLASSES, or NONE
    score: float  # the classifier's probability of that class (1.0 for a rule)
    source: str  # "rules", "classifier" or "both"
    scores: dict[str, float] = field(default_factory=dict, compare=False)
    also: tuple[str, ...] = ()  # other classes that fired too, most serious first

    @property
    def fired(self) -> bool:
        return self.label != NONE
