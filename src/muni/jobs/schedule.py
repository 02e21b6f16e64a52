"""Recurring jobs: each tenant's re-crawl every `recrawl_hours` (the tenant's
`website.recrawl_hours`, else MUNI_RECRAWL_HOURS; 0 = never), a daily retention purge and
an hourly statistics rollup, and
the inbox's collection every `inbox_minutes` (MUNI_INBOX_COLLECT_MINUTES).
Every worker of every instance may call `tick()`: a job's once key names its period, so the
database lets only the first enqueue it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from muni.domain import Tenant
from muni.jobs.kinds import enqueue_crawl, enqueue_inbox, enqueue_purge, enqueue_rollup
from muni.jobs.queue import Job, JobQueue

PURGE_HOURS = 24.0
ROLLUP_HOURS = 1.0


def period(now: datetime, hours: float) -> int:
    return int(now.timestamp() // (hours * 3600))


class Schedule:
    def __init__(
        self,
        queue: JobQueue,
        tenants: Callable[[], list[Tenant]],
        recrawl_hours: float,
        clock: Callable[[], datetime] | None = None,
        inbox_minutes: float = 0.0,  # MUNI_INBOX_COLLECT_MINUTES; 0 = never
    ) -> None:
        self.queue = queue
        self.tenants = tenants
        self.recrawl_hours = recrawl_hours
        self.clock = clock or (lambda: datetime.now(UTC))
        self.inbox_minutes = inbox_minutes

    def crawl_hours(self, tenant: Tenant) -> float:
        hours = tenant.website.get("recrawl_hours", self.recrawl_hours)
        return float(hours or 0)

    def tick(self) -> list[Job]:
        """Enqueue what is due in the current period and not enqueued yet."""
        now = self.clock()
        added: list[Job] = []
        for tenant in self.tenants():
            hours = self.crawl_hours(tenant)
            if hours <= 0:
                continue
            job = enqueue_crawl(
                self.queue, tenant, once_key=f"crawl:{tenant.id}:{hours}:{period(now, hours)}"
            )
            if job is not None:
                added.append(job)
        purge = enqueue_purge(self.queue, once_key=f"purge:{period(now, PURGE_HOURS)}")
        if purge is not None:
            added.append(purge)
        rollup = enqueue_rollup(self.queue, once_key=f"rollup:{period(now, ROLLUP_HOURS)}")
        if rollup is not None:
            added.append(rollup)
        if self.inbox_minutes > 0:
            hours = self.inbox_minutes / 60
            inbox = enqueue_inbox(self.queue, once_key=f"inbox:{hours}:{period(now, hours)}")
            if inbox is not None:
                added.append(inbox)
        return added
