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
DANGER_CLASSES: tuple[str, ...] = ("emergency", "self_harm", "violence")  # a number to call
REFUSED_CLASSES: tuple[str, ...] = ("illegal", "manipulation")  # refused, never answered


@dataclass(frozen=True)
class SafetyVerdict:
    label: str  # one of SAFETY_CLASSES, or NONE
    score: float  # the classifier's probability of that class (1.0 for a rule)
    source: str  # "rules", "classifier" or "both"
    scores: dict[str, float] = field(default_factory=dict, compare=False)
    also: tuple[str, ...] = ()  # other classes that fired too, most serious first
    # danger classes that did not fire but came close (see SafetyClassifier.NEAR_DANGER):
    # a refusal must not hide them
    near: tuple[str, ...] = ()

    @property
    def fired(self) -> bool:
        return self.label != NONE
