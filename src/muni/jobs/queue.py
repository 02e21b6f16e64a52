"""The job queue: enqueue, claim, report progress, finish, fail with retries, recover jobs
whose worker died. Works the same on PostgreSQL (claims skip rows another worker has
locked) and SQLite (one writer at a time does the same job)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from muni.store.database import Database
from muni.store.tables import JobRow

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
RETRY_DELAYS = (30, 120, 600)  # seconds before the 2nd, 3rd, 4th attempt


@dataclass(frozen=True)
class Job:
    id: int
    kind: str
    tenant_id: int | None
    status: str
    attempts: int
    max_attempts: int
    lock_key: str | None
    payload: dict[str, Any]
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    worker: str | None
    progress: str | None
    result: dict[str, Any] | None
    error: str | None

    @classmethod
    def of(cls, row: JobRow) -> Job:
        return cls(
            row.id,
            row.kind,
            row.tenant_id,
            row.status,
            row.attempts,
            row.max_attempts,
            row.lock_key,
            json.loads(row.payload) if row.payload else {},
            row.created_at,
            row.started_at,
            row.finished_at,
            row.worker,
            row.progress,
            json.loads(row.result) if row.result else None,
            row.error,
        )


class JobQueue:
    def __init__(self, db: Database, clock: Callable[[], datetime] | None = None) -> None:
        self.db = db
        self.clock = clock or (lambda: datetime.now(UTC))

    def enqueue(
        self,
        kind: str,
        tenant_id: int | None = None,
        lock_key: str | None = None,
        once_key: str | None = None,
        max_attempts: int = 3,
        run_after: datetime | None = None,
        payload: dict[str, Any] | None = None,
        worker: str | None = None,
    ) -> Job | None:
        """Add a job; None when its lock is held by a job already queued or running, or
        its once key was used (the same nightly crawl enqueued by another instance). With
        `worker`, the job is added already running for that worker (a command that does the
        work itself, like `muni crawl`, still holds the tenant's crawl lock)."""
        now = self.clock()
        running = worker is not None
        try:
            with self.db.session() as session:
                row = JobRow(
                    kind=kind,
                    tenant_id=tenant_id,
                    status=RUNNING if running else QUEUED,
                    lock_key=lock_key,
                    once_key=once_key,
                    payload=json.dumps(payload) if payload else None,
                    attempts=1 if running else 0,
                    max_attempts=max_attempts,
                    run_after=run_after or now,
                    created_at=now,
                    started_at=now if running else None,
                    heartbeat_at=now if running else None,
                    worker=worker[:80] if worker else None,
                )
                session.add(row)
                session.flush()
                return Job.of(row)
        except IntegrityError:
            return None

    def holder(self, lock_key: str) -> Job | None:
        """The queued or running job holding this lock."""
        with self.db.session() as session:
            row = session.scalar(select(JobRow).where(JobRow.lock_key == lock_key))
            return Job.of(row) if row else None

    def claim(
        self, worker: str, kinds: tuple[str, ...] | None = None, job_id: int | None = None
    ) -> Job | None:
        """Take the oldest due job (or the given one) and mark it running, atomically: two
        workers never get the same job."""
        now = self.clock()
        due = select(JobRow.id).where(JobRow.status == QUEUED, JobRow.run_after <= now)
        if kinds:
            due = due.where(JobRow.kind.in_(kinds))
        if job_id is not None:
            due = due.where(JobRow.id == job_id)
        due = due.order_by(JobRow.run_after, JobRow.id).limit(1).with_for_update(skip_locked=True)
        with self.db.session() as session:
            claimed = session.execute(
                update(JobRow)
                .where(JobRow.id == due.scalar_subquery(), JobRow.status == QUEUED)
                .values(
                    status=RUNNING,
                    attempts=JobRow.attempts + 1,
                    started_at=now,
                    heartbeat_at=now,
                    worker=worker[:80],
                    error=None,
                )
                .returning(JobRow.id)
            ).scalar()
            if claimed is None:
                return None
            return Job.of(session.get_one(JobRow, claimed))

    def heartbeat(self, job: Job, progress: str | None = None) -> None:
        values: dict[str, Any] = {"heartbeat_at": self.clock()}
        if progress is not None:
            values["progress"] = progress[:200]
        with self.db.session() as session:
            session.execute(
                update(JobRow).where(JobRow.id == job.id, JobRow.status == RUNNING).values(**values)
            )

    def finish(self, job: Job, result: dict[str, Any] | None = None) -> None:
        with self.db.session() as session:
            session.execute(
                update(JobRow)
                .where(JobRow.id == job.id)
                .values(
                    status=DONE,
                    lock_key=None,
                    finished_at=self.clock(),
                    result=json.dumps(result or {}, ensure_ascii=False, default=str),
                )
            )

    def fail(self, job: Job, error: str) -> bool:
        """Record a failure; the job is tried again later (keeping its lock) while it has
        attempts left. Returns True when it will be retried."""
        now = self.clock()
        retry = job.attempts < job.max_attempts
        values: dict[str, Any] = {"error": error[-4000:], "heartbeat_at": now}
        if retry:
            delay = RETRY_DELAYS[min(job.attempts, len(RETRY_DELAYS)) - 1]
            values |= {"status": QUEUED, "run_after": now + timedelta(seconds=delay)}
        else:
            values |= {"status": FAILED, "lock_key": None, "finished_at": now}
        with self.db.session() as session:
            session.execute(update(JobRow).where(JobRow.id == job.id).values(**values))
        return retry

    def recover(self, stale_after: float) -> int:
        """Jobs still marked running whose worker has not reported for `stale_after` seconds
        (it was killed): back in the queue, or failed when out of attempts."""
        cutoff = self.clock() - timedelta(seconds=stale_after)
        recovered = 0
        with self.db.session() as session:
            stale = session.scalars(
                select(JobRow)
                .where(JobRow.status == RUNNING, JobRow.heartbeat_at < cutoff)
                .with_for_update(skip_locked=True)
            ).all()
            for row in stale:
                recovered += 1
                row.error = f"worker {row.worker} stopped reporting"
                if row.attempts < row.max_attempts:
                    row.status, row.run_after = QUEUED, self.clock()
                else:
                    row.status, row.lock_key, row.finished_at = FAILED, None, self.clock()
        return recovered

    def recent(self, limit: int = 30, tenant_id: int | None = None) -> list[Job]:
        with self.db.session() as session:
            query = select(JobRow).order_by(JobRow.id.desc()).limit(limit)
            if tenant_id is not None:
                query = query.where(JobRow.tenant_id == tenant_id)
            return [Job.of(row) for row in session.scalars(query)]

    def get(self, job_id: int) -> Job | None:
        with self.db.session() as session:
            row = session.get(JobRow, job_id)
            return Job.of(row) if row else None

    def depth(self) -> dict[str, int]:
        """Jobs per status that are not finished (queued, running)."""
        with self.db.session() as session:
            rows = session.execute(
                select(JobRow.status, func.count(JobRow.id))
                .where(JobRow.status.in_((QUEUED, RUNNING)))
                .group_by(JobRow.status)
            )
            found = {status: int(n) for status, n in rows}
        return {QUEUED: found.get(QUEUED, 0), RUNNING: found.get(RUNNING, 0)}

    def forget_finished(self, older_than: timedelta) -> int:
        """Delete finished jobs older than this (their once keys go with them)."""
        cutoff = self.clock() - older_than
        with self.db.session() as session:
            result = session.execute(
                delete(JobRow).where(JobRow.status.in_((DONE, FAILED)), JobRow.finished_at < cutoff)
            )
            return int(result.rowcount or 0)  # type: ignore[attr-defined]
