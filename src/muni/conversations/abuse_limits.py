"""Abuse limits on the citizen channels: how many conversations, messages, requests for a person,
callback requests and ratings one client IP, one municipality and one conversation may make
in a time window. Counted atomically in the database (store/usage_counters.py), so every
worker shares the counts and concurrent requests cannot slip past a limit together.

Over a limit the API answers 429 with Retry-After and a plain-language reason. A limit of 0
is switched off. The numbers come from Settings (README, "Security and limits")."""

from __future__ import annotations

from dataclasses import dataclass

from muni.config import Settings
from muni.conversations.turns import TurnRefused
from muni.domain import Tenant
from muni.store.usage_counters import UsageCounters

MINUTE, TEN_MINUTES, HOUR = 60, 600, 3600
CONVERSATION_LIFETIME = 30 * 24 * HOUR  # "per conversation" limits count over this window

TOO_MANY = {
    "ip": "Der er kommet mange henvendelser fra din forbindelse på kort tid. Vent lidt, og "
    "prøv igen. / Too many requests from your connection; please wait and try again.",
    "tenant": "Der er travlt hos kommunen lige nu. Prøv igen om lidt. / The municipality is "
    "very busy right now; please try again later.",
    "conversation": "Det kan du ikke gøre flere gange i denne samtale. / You cannot do that "
    "again in this conversation.",
}


@dataclass(frozen=True)
class Limit:
    action: str  # conversations | messages | handoffs | callbacks | ratings | voice
    per: str  # ip | tenant | conversation
    allowed: int  # 0: no limit
    window: int  # seconds


def limits_from(settings: Settings) -> tuple[Limit, ...]:
    s = settings
    return (
        Limit("conversations", "ip", s.limit_conversations_per_ip, TEN_MINUTES),
        Limit("conversations", "tenant", s.limit_conversations_per_tenant, MINUTE),
        Limit("messages", "ip", s.limit_messages_per_ip, MINUTE),
        Limit("handoffs", "ip", s.limit_handoffs_per_ip, TEN_MINUTES),
        Limit("handoffs", "tenant", s.limit_handoffs_per_tenant, TEN_MINUTES),
        Limit("callbacks", "ip", s.limit_callbacks_per_ip, HOUR),
        Limit("callbacks", "tenant", s.limit_callbacks_per_tenant, HOUR),
        Limit(
            "callbacks", "conversation", s.limit_callbacks_per_conversation, CONVERSATION_LIFETIME
        ),
        Limit("ratings", "ip", s.limit_ratings_per_ip, TEN_MINUTES),
        Limit("ratings", "conversation", s.limit_ratings_per_conversation, CONVERSATION_LIFETIME),
        Limit("voice", "ip", s.limit_voice_per_ip, MINUTE),
    )


class AbuseLimits:
    def __init__(self, counters: UsageCounters, limits: tuple[Limit, ...]) -> None:
        self.counters = counters
        self.limits = limits

    def check(self, action: str, per: str, subject: str) -> None:
        """Count one `action` by `subject` (an IP, a tenant slug, a conversation id); raise
        429 when that goes over a limit. Raises on the first limit exceeded."""
        for limit in self.limits:
            if limit.action != action or limit.per != per or limit.allowed <= 0:
                continue
            count = self.counters.hit(f"{action}/{per}", subject, limit.window)
            if count > limit.allowed:
                retry = limit.window if per == "conversation" else min(limit.window, HOUR)
                raise TurnRefused(429, "too_many_requests", TOO_MANY[per], retry_after=retry)

    def check_client(self, action: str, ip: str, tenant: Tenant) -> None:
        self.check(action, "ip", ip)
        self.check(action, "tenant", tenant.slug)
