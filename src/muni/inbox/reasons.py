"""Why a turn belongs in the inbox: the reasons, their Danish names, and the pure decision
for one stored turn (guards and the request for a person are not content gaps)."""

from __future__ import annotations

from typing import Any

UNANSWERED = "unanswered"
LOW_CONFIDENCE = "low_confidence"
CLARIFICATION = "clarification"
HANDOFF = "handoff"
LOW_RATING = "low_rating"
REASONS = (UNANSWERED, LOW_CONFIDENCE, CLARIFICATION, HANDOFF, LOW_RATING)
REASON_NAMES = {
    UNANSWERED: "Ikke besvaret",
    LOW_CONFIDENCE: "Usikkert svar",
    CLARIFICATION: "Spurgt hvad borgeren mente",
    HANDOFF: "Givet videre til en medarbejder",
    LOW_RATING: "Samtale bedømt 1",
}
LOW_RATING_AT_MOST = 1  # a conversation rated this or lower: its questions are collected
PERSON_TOPIC = "menneske"  # "I want to talk to a person": asking for one is not a content gap
FALLBACK_STATUSES = ("unanswered", "out_of_scope")


def is_question(turn: Any) -> bool:
    """A citizen's own question worth reading: not a guard's reply (abuse, emergency, empty,
    another authority ...), not a request for a person, not empty."""
    status = str(turn.status or "")
    return (
        not status.startswith("guard_")
        and turn.topic != PERSON_TOPIC
        and bool(str(turn.question or "").strip())
    )


def turn_reasons(turn: Any, accept_below: float) -> list[str]:
    """The reasons a stored turn goes to the inbox by itself: the fallback answered (or the
    output guard withheld the answer), a clarifying question was asked, or a curated answer
    was given with less confidence than `accept_below`."""
    if not is_question(turn):
        return []
    if turn.status == "clarification":
        return [CLARIFICATION]
    if turn.origin == "fallback" or turn.status in FALLBACK_STATUSES:
        return [UNANSWERED]
    confidence = turn.confidence
    if (
        turn.origin == "curated"
        and turn.status == "answered"
        and confidence is not None
        and confidence < accept_below
    ):
        return [LOW_CONFIDENCE]
    return []


def guessed_topic(turn: Any) -> str | None:
    """The topic muni answered or thought of: the turn's topic, else the first topic its
    buttons offered (a clarification or the fallback suggests the likeliest topics)."""
    if turn.topic and turn.topic != PERSON_TOPIC:
        return str(turn.topic)
    details = turn.details or {}
    for reply in details.get("quick_replies") or []:
        topic = reply.get("topic") if isinstance(reply, dict) else None
        if topic and topic != PERSON_TOPIC:
            return str(topic)
    return None
