"""When muni offers to hand a conversation over to a person."""

from __future__ import annotations

from datetime import datetime

from muni.domain import Answer, Tenant
from muni.handoff.hours import is_open
from muni.store.tables import TurnRow


def handoff_offer(
    now: datetime, tenant: Tenant, answer: Answer, earlier: list[TurnRow]
) -> dict[str, bool] | None:
    """Offer a person when asked for, or when muni could not help twice in a row."""
    failed_twice = (
        answer.origin == "fallback" and bool(earlier) and earlier[-1].origin == "fallback"
    )
    if answer.action != "handoff" and not failed_twice:
        return None
    return {"open": is_open(tenant, now)}
