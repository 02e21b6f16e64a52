"""How long a citizen's conversation stays open in the widget after their last action (shared
computers): the installation's MUNI_WIDGET_IDLE_MINUTES, or a tenant's shorter
`website.widget_idle_minutes`. The widget forgets the conversation after it, and the citizen
page opens a QR link's conversation only within it."""

from __future__ import annotations

from muni.config import Settings
from muni.domain import Tenant


def idle_minutes(settings: Settings, tenant: Tenant) -> int:
    own = tenant.website.get("widget_idle_minutes")
    try:
        shorter = int(own) if own else settings.widget_idle_minutes
    except (TypeError, ValueError):
        shorter = settings.widget_idle_minutes
    return max(1, min(settings.widget_idle_minutes, shorter))
