"""What runs beside the request handlers of one instance: the readiness warm-up, the
announcement listener (PostgreSQL) and, on small installs, the job worker thread. Started
and stopped by the web app's lifespan."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from muni.operations.readiness import Readiness
from muni.store.announcements import CONTENT, INDEX, Listener

if TYPE_CHECKING:
    from muni.runtime import Runtime

log = logging.getLogger(__name__)


def handle_announcement(runtime: Runtime, channel: str, payload: str) -> None:
    """A crawl finished somewhere: drop this process's copy of that tenant's index (rebuilt
    on the next question). Content was published: load it."""
    from muni.store.tenants import TenantRepository

    if channel == INDEX:
        with runtime.db.session() as session:
            tenant = TenantRepository(session).by_id(int(payload)) if payload.isdigit() else None
        if tenant is not None:
            runtime.search_index.forget(tenant)
            log.info("search index of %s changed elsewhere; reloading", tenant.slug)
    elif channel == CONTENT:
        runtime.reload_content()


def jobs_in_process(runtime: Runtime) -> bool:
    chosen = runtime.settings.jobs_in_process
    if chosen is None:
        return runtime.db.url.startswith("sqlite")
    return chosen


@dataclass
class Instance:
    runtime: Runtime
    readiness: Readiness = field(init=False)
    listener: Listener | None = None
    jobs_stop: threading.Event | None = None
    jobs_thread: threading.Thread | None = None
    follower: Any = None  # SQLite: polls for published content

    def __post_init__(self) -> None:
        self.readiness = Readiness(self.runtime)

    def start(self) -> None:
        self.readiness.warm_in_background()
        if self.runtime.db.url.startswith("postgresql"):
            self.listener = Listener(
                self.runtime.db.url,
                (INDEX, CONTENT),
                lambda channel, payload: handle_announcement(self.runtime, channel, payload),
            ).start()
        else:
            from muni.content.editing.follow import ContentFollower

            self.follower = ContentFollower(self.runtime).start()
        if jobs_in_process(self.runtime):
            from muni.jobs.queue import JobQueue
            from muni.jobs.schedule import Schedule
            from muni.jobs.worker import JobWorker, start_in_background
            from muni.store.tenants import TenantRepository

            def tenants():  # type: ignore[no-untyped-def]
                with self.runtime.db.session() as session:
                    return TenantRepository(session).all()

            queue = JobQueue(self.runtime.db)
            settings = self.runtime.settings
            schedule = Schedule(
                queue, tenants, settings.recrawl_hours, inbox_minutes=settings.inbox_collect_minutes
            )
            worker = JobWorker(self.runtime, queue, schedule)
            self.jobs_thread, self.jobs_stop = start_in_background(worker)

    def stop(self, job_grace_seconds: float = 10.0) -> None:
        """After the last request: let a running job finish (a while), stop listening."""
        if self.jobs_stop is not None and self.jobs_thread is not None:
            self.jobs_stop.set()
            self.jobs_thread.join(timeout=job_grace_seconds)
        if self.listener is not None:
            self.listener.stop()
        if self.follower is not None:
            self.follower.stop()
