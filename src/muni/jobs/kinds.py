"""What each kind of job does: crawl a tenant's site, retrain after a content change, purge
what is past retention. A handler gets the runtime, the job and a progress callback, and
returns a small summary that `muni jobs` shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from muni.jobs.queue import Job, JobQueue
from muni.operations import metrics
from muni.store.announcements import CONTENT, INDEX, announce

if TYPE_CHECKING:  # the runtime imports the whole answering stack
    from muni.domain import Tenant
    from muni.runtime import Runtime

CRAWL, RETRAIN, PURGE, INBOX = "crawl", "retrain", "purge", "inbox"
ROLLUP = "rollup"  # statistics (muni.analytics)
FINISHED_JOBS_KEPT = timedelta(days=30)

Progress = Callable[[str], None]


def crawl_lock(tenant_id: int) -> str:
    return f"crawl:{tenant_id}"


def enqueue_crawl(
    queue: JobQueue,
    tenant: Tenant,
    start_urls: list[str] | None = None,
    max_pages: int | None = None,
    once_key: str | None = None,
    worker: str | None = None,
) -> Job | None:
    """A crawl of the tenant's site; None when one is already queued or running. With
    `worker`, the caller runs it itself (see JobQueue.enqueue)."""
    payload: dict[str, Any] = {}
    if start_urls:
        payload["start_urls"] = start_urls
    if max_pages:
        payload["max_pages"] = max_pages
    return queue.enqueue(
        CRAWL,
        tenant.id,
        lock_key=crawl_lock(tenant.id),
        once_key=once_key,
        payload=payload,
        worker=worker,
    )


def enqueue_retrain(queue: JobQueue) -> Job | None:
    """Retraining for the content now in the database (one at a time)."""
    return queue.enqueue(RETRAIN, lock_key="retrain")


def enqueue_purge(queue: JobQueue, once_key: str | None = None) -> Job | None:
    return queue.enqueue(PURGE, lock_key="purge", once_key=once_key)


def enqueue_rollup(queue: JobQueue, once_key: str | None = None) -> Job | None:
    """Roll up every tenant's statistics up to now (one at a time)."""
    return queue.enqueue(ROLLUP, lock_key="rollup", once_key=once_key)


def enqueue_inbox(
    queue: JobQueue, once_key: str | None = None, worker: str | None = None
) -> Job | None:
    """Collect the questions muni did not answer well into the inbox (one at a time)."""
    return queue.enqueue(INBOX, lock_key="inbox", once_key=once_key, worker=worker)


def _tenant(runtime: Runtime, tenant_id: int | None) -> Tenant:
    from muni.store.tenants import TenantRepository

    with runtime.db.session() as session:
        tenant = TenantRepository(session).by_id(tenant_id)
    if tenant is None:
        raise LookupError(f"tenant {tenant_id} no longer exists")
    return tenant


def run_crawl(runtime: Runtime, job: Job, progress: Progress) -> dict[str, Any]:
    from muni.crawl.crawler import CrawlConfig
    from muni.crawl.run import crawl_tenant

    tenant = _tenant(runtime, job.tenant_id)
    config = CrawlConfig.for_tenant(tenant)
    if job.payload.get("start_urls"):
        starts = tuple(job.payload["start_urls"])
        config = replace(
            config,
            start_urls=starts,
            allowed_domains=tuple({urlsplit(u).netloc for u in starts}),
        )
    if job.payload.get("max_pages"):
        config = replace(config, max_pages=int(job.payload["max_pages"]))
    report = crawl_tenant(
        runtime,
        tenant,
        config,
        progress=lambda url, s: progress(f"{s.pages} sider hentet"),
        embed_progress=lambda n: progress(f"{n} afsnit indekseret"),
    )
    s = report.summary
    metrics.observe_crawl(
        {
            "new": s.new,
            "changed": s.changed,
            "unchanged": s.unchanged + s.not_modified,
            "removed": s.removed,
            "not_found": s.not_found,
            "error": s.errors,
            "robots": s.skipped_robots,
        },
        report.embedded,
    )
    announce(runtime.db, INDEX, str(tenant.id))
    return {
        "tenant": tenant.slug,
        "pages": s.pages,
        "new": s.new,
        "changed": s.changed,
        "removed": s.removed,
        "errors": s.errors,
        "embedded": report.embedded,
        "seconds": round(s.seconds + report.embed_seconds, 1),
    }


def run_retrain(runtime: Runtime, job: Job, progress: Progress) -> dict[str, Any]:
    from muni.runtime import train, trained_model_path
    from muni.safety.classifier import load_safety_phrasings
    from muni.store.content import ContentRepository

    with runtime.db.session() as session:
        content = ContentRepository(session)
        pack = content.load_pack()
        fingerprint = content.fingerprint() or "none"
    safety = load_safety_phrasings(runtime.settings.safety_dir)
    embedder = runtime.embedder
    path = trained_model_path(
        runtime.settings, fingerprint, safety, embedder.name if embedder else None
    )
    trained = False
    if not path.exists():
        progress("træner sprogmodellen")
        train(runtime.settings, pack, fingerprint, embedder, safety)
        trained = True
    runtime.reload_content()
    announce(runtime.db, CONTENT, fingerprint)
    return {"fingerprint": fingerprint, "trained": trained}


def run_purge(runtime: Runtime, job: Job, progress: Progress) -> dict[str, Any]:
    from muni.store.handoffs import purge_expired_callbacks
    from muni.store.staff_sessions import StaffSessions

    now = datetime.now(UTC)
    with runtime.db.session() as session:
        callbacks = purge_expired_callbacks(session, now)
        sessions = StaffSessions(session).purge_expired(now)
    jobs = JobQueue(runtime.db).forget_finished(FINISHED_JOBS_KEPT)
    from muni.privacy.retention import run_retention  # transcripts past each tenant's limit

    kept = run_retention(runtime.db, now, runtime.settings.transcript_retention_days)
    return {
        "callbacks": callbacks,
        "staff_sessions": sessions,
        "old_jobs": jobs,
        "conversations": sum(r.conversations for r in kept),
    }


def run_rollup(runtime: Runtime, job: Job, progress: Progress) -> dict[str, Any]:
    from muni.analytics.rollup import roll_all

    return {"tenants": roll_all(runtime.db)}


def run_inbox(runtime: Runtime, job: Job, progress: Progress) -> dict[str, Any]:
    from muni.inbox.collect import collect

    return collect(runtime).as_result()  # its cursor is where the next run starts


def run_publish(runtime: Runtime, job: Job, progress: Progress) -> dict[str, Any]:
    """Drafts through the quality gate (muni.content.editing.publish)."""
    from muni.content.editing.publish import run_publish as publish

    return publish(runtime, job, progress)


HANDLERS: dict[str, Callable[[Runtime, Job, Progress], dict[str, Any]]] = {
    "publish": run_publish,
    CRAWL: run_crawl,
    RETRAIN: run_retrain,
    PURGE: run_purge,
    ROLLUP: run_rollup,
    INBOX: run_inbox,
}
