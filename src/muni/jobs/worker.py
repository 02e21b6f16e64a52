"""The job worker: claims due jobs one at a time, reports progress and a heartbeat while
one runs, records the result or the error (retried later while attempts are left), puts
back jobs whose worker was killed, and enqueues recurring jobs. `muni jobs work` runs it on
its own; SQLite installs run it on a thread of the server (`start_in_background`)."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from muni.jobs.kinds import HANDLERS
from muni.jobs.queue import Job, JobQueue
from muni.jobs.schedule import Schedule
from muni.operations import metrics

if TYPE_CHECKING:
    from muni.runtime import Runtime

log = logging.getLogger(__name__)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class JobWorker:
    def __init__(
        self,
        runtime: Runtime,
        queue: JobQueue,
        schedule: Schedule | None = None,
        poll_seconds: float = 2.0,
        heartbeat_seconds: float = 5.0,
        stale_seconds: float = 60.0,
        name: str | None = None,
        schedule_seconds: float = 60.0,
    ) -> None:
        self.runtime = runtime
        self.queue = queue
        self.schedule = schedule
        self.poll_seconds = poll_seconds
        self.heartbeat_seconds = heartbeat_seconds
        self.stale_seconds = stale_seconds
        self.name = name or worker_name()
        # how often to look for due recurring jobs and dead workers' jobs (each look may try
        # an INSERT that the once key refuses: not on every poll of every worker)
        self.schedule_seconds = schedule_seconds
        self._last_look = -float("inf")

    def run_once(self, job_id: int | None = None) -> Job | None:
        """Claim one due job (or the given one) and run it; None when there was none."""
        job = self.queue.claim(self.name, kinds=tuple(HANDLERS), job_id=job_id)
        if job is not None:
            self.run_job(job)
        return self.queue.get(job.id) if job else None

    def run(self, stop: threading.Event) -> None:
        """Until `stop` is set; a job already running is finished first."""
        log.info("job worker %s started", self.name)
        while not stop.is_set():
            try:
                if time.monotonic() - self._last_look >= self.schedule_seconds:
                    self._last_look = time.monotonic()
                    if self.schedule is not None:
                        self.schedule.tick()
                    self.queue.recover(self.stale_seconds)
                if self.run_once() is None:
                    stop.wait(self.poll_seconds)
            except Exception:  # the database may be away for a moment: wait, go on
                log.exception("job worker loop failed; retrying")
                stop.wait(self.poll_seconds)
        log.info("job worker %s stopped", self.name)

    def run_job(self, job: Job) -> None:
        latest: list[str] = []
        started = time.perf_counter()
        log.info("job %s (%s) started", job.id, job.kind, extra={"job": job.id, "kind": job.kind})
        try:
            with keep_alive(self.queue, [job], self.heartbeat_seconds, latest):
                result = HANDLERS[job.kind](self.runtime, job, latest.append)
        except Exception as exc:
            retried = self.queue.fail(job, "".join(traceback.format_exception(exc))[-4000:])
            metrics.JOBS.labels(job.kind, "retried" if retried else "failed").inc()
            log.warning(
                "job %s (%s) failed%s",
                job.id,
                job.kind,
                "; will retry" if retried else "",
                extra={"job": job.id, "kind": job.kind},
            )
            return
        finally:
            metrics.JOB_SECONDS.labels(job.kind).observe(time.perf_counter() - started)
        self.queue.finish(job, result)
        metrics.JOBS.labels(job.kind, "done").inc()
        log.info("job %s (%s) done", job.id, job.kind, extra={"job": job.id, "kind": job.kind})


@contextmanager
def keep_alive(
    queue: JobQueue, jobs: list[Job], every: float, latest: list[str] | None = None
) -> Iterator[None]:
    """Report that these jobs are alive every `every` seconds (with the latest progress)
    while the block runs, so no worker takes them for dead and runs them again."""
    done = threading.Event()

    def beat() -> None:
        while not done.wait(every):
            for job in jobs:
                queue.heartbeat(job, latest[-1] if latest else None)

    beating = threading.Thread(target=beat, name="muni-job-heartbeat", daemon=True)
    beating.start()
    try:
        yield
    finally:
        done.set()
        beating.join()


def start_in_background(worker: JobWorker) -> tuple[threading.Thread, threading.Event]:
    """The worker on a daemon thread of this process (SQLite installs); set the event to
    stop it after its current job."""
    stop = threading.Event()
    thread = threading.Thread(target=worker.run, args=(stop,), name="muni-jobs", daemon=True)
    thread.start()
    return thread, stop
