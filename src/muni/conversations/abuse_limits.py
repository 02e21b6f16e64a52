"""Abuse limits on the citizen channels: how many conversations, messages, requests for a person,
callback requests and ratings one client IP, one municipality and one conversation may make
in a time window. Counted atomically in the database (store/usage_counters.py), so every
worker shares the counts and concurrent requests cannot slip past a limit together.

Over a limit the API answers 429 with Retry-After and a plain-language reason. A limit of 0
is switched off. All limits a request touches are counted in one statement (a citizen's
message: its client IP and its conversation, conversations/turns.py). The numbers come from
Settings (README, "Security and limits")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from muni.config import Settings
from muni.conversations.refusals import TurnRefused
from muni.domain import Tenant
from muni.store.usage_counters import Hit, UsageCounters

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
TOO_FAST = (
    "Du har sendt mange beskeder på kort tid. Vent et øjeblik. "
    "/ Too many messages; please wait a moment."
)


@dataclass(frozen=True)
class Limit:
    action: str  # conversations | messages | handoffs | callbacks | ratings | voice
    per: str  # ip | tenant | conversation
    allowed: int  # 0: no limit
    window: int  # seconds
    reason: str = ""  # what the citizen is told; "" is TOO_MANY[per]
    code: str = "too_many_requests"


class Counted(NamedTuple):
    """One thing a request does, counted against the limits on it: e.g. ("messages", "ip",
    "203.0.113.9")."""

    action: str
    per: str
    subject: str


def limits_from(settings: Settings) -> tuple[Limit, ...]:
    s = settings
    return (
        Limit("conversations", "ip", s.limit_conversations_per_ip, TEN_MINUTES),
        Limit("conversations", "tenant", s.limit_conversations_per_tenant, MINUTE),
        Limit("messages", "ip", s.limit_messages_per_ip, MINUTE),
        Limit(
            "messages", "conversation", s.rate_limit_per_minute, MINUTE, TOO_FAST, "rate_limited"
        ),
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
        429 when that goes over a limit."""
        self.check_all((Counted(action, per, subject),))

    def check_all(self, wanted: Sequence[Counted]) -> None:
        """Count everything in `wanted` against its limits, in one statement; raise 429 for
        the first limit (in the order of `wanted`) that is now exceeded."""
        applying = [
            (limit, counted)
            for counted in wanted
            for limit in self.limits
            if limit.action == counted.action and limit.per == counted.per and limit.allowed > 0
        ]
        if not applying:
            return
        counts = self.counters.hit_many(
            [Hit(f"{limit.action}/{limit.per}", c.subject, limit.window) for limit, c in applying]
        )
        for (limit, _), count in zip(applying, counts, strict=True):
            if count > limit.allowed:
                per = limit.per
                retry = limit.window if per == "conversation" else min(limit.window, HOUR)
                reason = limit.reason or TOO_MANY[per]
                raise TurnRefused(429, limit.code, reason, retry_after=retry)

    def check_client(self, action: str, ip: str, tenant: Tenant) -> None:
        self.check_all((Counted(action, "ip", ip), Counted(action, "tenant", tenant.slug)))
