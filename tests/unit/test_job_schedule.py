"""Recurring jobs: each tenant's re-crawl once per period, the daily purge, nothing twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from muni.domain import Tenant
from muni.jobs.schedule import Schedule


class FakeQueue:
    """Keeps once keys and locks like the job table does."""

    def __init__(self) -> None:
        self.jobs: list[dict] = []

    def enqueue(self, kind, tenant_id=None, lock_key=None, once_key=None, payload=None,
                worker=None, **_):  # type: ignore[no-untyped-def]
        if once_key and any(j["once_key"] == once_key for j in self.jobs):
            return None
        if lock_key and any(j["lock_key"] == lock_key and not j["done"] for j in self.jobs):
            return None
        job = {"kind": kind, "tenant_id": tenant_id, "lock_key": lock_key,
               "once_key": once_key, "done": False}
        self.jobs.append(job)
        return job

    def finish_all(self) -> None:
        for job in self.jobs:
            job["done"] = True


def tenant(id: int, slug: str, **website) -> Tenant:  # type: ignore[no-untyped-def]
    return Tenant(id=id, slug=slug, name=slug, municipality_code="0101", website=website)


def test_crawls_only_tenants_with_a_period_and_purges_daily():
    queue = FakeQueue()
    now = [datetime(2026, 11, 28, 1, 0, tzinfo=UTC)]
    tenants = [tenant(1, "aarhus", recrawl_hours=24), tenant(2, "odense"),
               tenant(3, "vejle", recrawl_hours=6)]
    schedule = Schedule(queue, lambda: tenants, recrawl_hours=0,  # type: ignore[arg-type]
                        clock=lambda: now[0])
    added = schedule.tick()
    assert sorted((j["kind"], j["tenant_id"]) for j in added) == [
        ("crawl", 1), ("crawl", 3), ("purge", None), ("rollup", None)]
    assert schedule.tick() == []  # same period: every instance may tick, nothing twice
    queue.finish_all()
    now[0] += timedelta(hours=6)
    assert sorted((j["kind"], j["tenant_id"]) for j in schedule.tick()) == [
        ("crawl", 3), ("rollup", None)]  # the statistics rollup is hourly
    queue.finish_all()
    now[0] += timedelta(hours=18)
    kinds = sorted((j["kind"], j["tenant_id"]) for j in schedule.tick())
    assert kinds == [("crawl", 1), ("crawl", 3), ("purge", None), ("rollup", None)]


def test_the_global_setting_applies_unless_a_tenant_says_otherwise():
    queue = FakeQueue()
    tenants = [tenant(1, "aarhus"), tenant(2, "odense", recrawl_hours=0)]
    schedule = Schedule(queue, lambda: tenants, recrawl_hours=24,  # type: ignore[arg-type]
                        clock=lambda: datetime(2026, 11, 28, tzinfo=UTC))
    crawls = [j["tenant_id"] for j in schedule.tick() if j["kind"] == "crawl"]
    assert crawls == [1]


def test_a_crawl_still_running_is_not_queued_again_in_the_next_period():
    queue = FakeQueue()
    now = [datetime(2026, 11, 28, tzinfo=UTC)]
    schedule = Schedule(queue, lambda: [tenant(1, "aarhus", recrawl_hours=1)],  # type: ignore[arg-type]
                        recrawl_hours=0, clock=lambda: now[0])
    assert any(j["kind"] == "crawl" for j in schedule.tick())
    now[0] += timedelta(hours=1)
    assert not any(j["kind"] == "crawl" for j in schedule.tick())  # the lock is still held
