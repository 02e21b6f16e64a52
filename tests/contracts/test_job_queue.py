"""The job queue on SQLite and on a real PostgreSQL: locks, once keys, claims, retries,
recovery of killed workers, and many workers claiming at once."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from muni.jobs.queue import DONE, FAILED, QUEUED, RUNNING, JobQueue


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def queue(db, clock) -> JobQueue:  # type: ignore[no-untyped-def]
    return JobQueue(db, clock)


class TestJobQueue:
    def test_a_job_is_claimed_once_and_finished_with_its_result(self, queue):
        job = queue.enqueue("purge", payload={"why": "test"})
        assert job is not None and job.status == QUEUED and job.payload == {"why": "test"}
        claimed = queue.claim("w1")
        assert claimed is not None and claimed.id == job.id
        assert claimed.status == RUNNING and claimed.attempts == 1 and claimed.worker == "w1"
        assert queue.claim("w2") is None
        queue.finish(claimed, {"deleted": 3})
        done = queue.get(job.id)
        assert done.status == DONE and done.result == {"deleted": 3} and done.lock_key is None

    def test_a_held_lock_refuses_a_second_job_until_the_first_is_done(self, queue):
        first = queue.enqueue("crawl", lock_key="crawl:1")
        assert first is not None
        assert queue.enqueue("crawl", lock_key="crawl:1") is None
        assert queue.holder("crawl:1").id == first.id
        assert queue.enqueue("crawl", lock_key="crawl:2") is not None  # another tenant
        queue.finish(queue.claim("w1", job_id=first.id))
        assert queue.holder("crawl:1") is None
        assert queue.enqueue("crawl", lock_key="crawl:1") is not None

    def test_a_once_key_is_used_once_even_after_the_job_is_done(self, queue):
        job = queue.enqueue("purge", once_key="purge:2026-11-28")
        queue.finish(queue.claim("w1", job_id=job.id))
        assert queue.enqueue("purge", once_key="purge:2026-11-28") is None
        assert queue.enqueue("purge", once_key="purge:2026-11-29") is not None

    def test_a_job_added_running_holds_its_lock(self, queue):
        mine = queue.enqueue("crawl", lock_key="crawl:7", worker="cli:1")
        assert mine.status == RUNNING and mine.attempts == 1
        assert queue.claim("w1") is None  # not offered to workers
        assert queue.enqueue("crawl", lock_key="crawl:7") is None

    def test_a_failed_job_is_retried_later_then_fails_for_good(self, queue, clock):
        job = queue.enqueue("crawl", lock_key="crawl:1", max_attempts=2)
        first = queue.claim("w1")
        assert queue.fail(first, "connection refused") is True
        again = queue.get(job.id)
        assert again.status == QUEUED and again.error == "connection refused"
        assert again.lock_key == "crawl:1"  # no second crawl sneaks in meanwhile
        assert queue.claim("w1") is None  # not due yet
        clock.advance(31)
        second = queue.claim("w1")
        assert second is not None and second.attempts == 2
        assert queue.fail(second, "still refused") is False
        final = queue.get(job.id)
        assert final.status == FAILED and final.lock_key is None and final.finished_at

    def test_jobs_of_a_killed_worker_are_taken_up_again(self, queue, clock):
        job = queue.enqueue("crawl", lock_key="crawl:1")
        running = queue.claim("dead-worker")
        clock.advance(30)
        queue.heartbeat(running, "40 sider hentet")
        assert queue.recover(stale_after=60) == 0  # it reported 30 s ago
        clock.advance(61)
        assert queue.recover(stale_after=60) == 1
        back = queue.get(job.id)
        assert back.status == QUEUED and "dead-worker" in back.error
        assert back.progress == "40 sider hentet"
        assert queue.claim("w2").id == job.id

    def test_depth_counts_queued_and_running(self, queue):
        for n in range(3):
            queue.enqueue("crawl", lock_key=f"crawl:{n}")
        queue.claim("w1")
        assert queue.depth() == {"queued": 2, "running": 1}

    def test_finished_jobs_are_forgotten_after_a_while(self, queue, clock):
        job = queue.enqueue("purge")
        queue.finish(queue.claim("w1"))
        queue.enqueue("purge")  # still queued: kept
        clock.advance(31 * 24 * 3600)
        assert queue.forget_finished(timedelta(days=30)) == 1
        assert queue.get(job.id) is None
        assert queue.depth()["queued"] == 1

    def test_many_workers_claiming_at_once_never_share_a_job(self, queue):
        for n in range(40):
            queue.enqueue("crawl", lock_key=f"crawl:{n}")
        claimed: list[int] = []
        errors: list[BaseException] = []
        start = threading.Barrier(8)

        def work(name: str) -> None:
            try:
                start.wait()
                while (job := queue.claim(name)) is not None:
                    claimed.append(job.id)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(f"w{n}",)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert sorted(claimed) == sorted(set(claimed)) and len(claimed) == 40
