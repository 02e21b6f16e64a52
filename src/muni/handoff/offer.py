"""When muni offers to hand a conversation over to a person."""

from __future__ import annotations

from datetime import datetime

from muni.domain import Answer, Tenant
from muni.handoff.hours import is_open


def handoff_offer(
    now: datetime, tenant: Tenant, answer: Answer, previous_origin: str | None
) -> dict[str, bool] | None:
    """Offer a person when asked for, or when muni could not help twice in a row."""
    failed_twice = answer.origin == "fallback" and previous_origin == "fallback"
    if answer.action != "handoff" and not failed_twice:
        return None
    return {"open": is_open(tenant, now)}
