"""`muni jobs`: see background jobs, add one, or run the job worker."""

from __future__ import annotations

import enum
import signal
import threading
from typing import Annotated

import typer
from rich.table import Table

from muni.cli.app import app, console, fail
from muni.config import Settings

jobs_app = typer.Typer(help="Background jobs: crawls, retraining, purges.")
app.add_typer(jobs_app, name="jobs")


class Kind(enum.StrEnum):
    crawl = "crawl"
    retrain = "retrain"
    purge = "purge"


STATUS_DA = {"queued": "i kø", "running": "kører", "done": "færdig", "failed": "fejlet"}


def _queue():  # type: ignore[no-untyped-def]
    from muni.jobs.queue import JobQueue
    from muni.store.database import Database

    settings = Settings()
    db = Database(settings.resolved_database_url)
    db.migrate()
    return JobQueue(db)


@jobs_app.callback(invoke_without_command=True)
def jobs_list(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many of the newest jobs")] = 30,
) -> None:
    """The newest jobs with status, progress, result or error (run without a subcommand)."""
    if ctx.invoked_subcommand is not None:
        return
    from muni.store.tenants import TenantRepository

    queue = _queue()
    with queue.db.session() as session:
        slugs = {t.id: t.slug for t in TenantRepository(session).all()}
    table = Table(title="Job")
    for column in ("id", "slags", "kommune", "status", "forsøg", "oprettet", "forløb"):
        table.add_column(column)
    for job in queue.recent(limit):
        if job.status == "failed" or (job.error and job.status == "queued"):
            detail = (job.error or "").strip().splitlines()[-1][:80]
        elif job.result is not None:
            detail = ", ".join(f"{k} {v}" for k, v in job.result.items())[:80]
        else:
            detail = job.progress or ""
        table.add_row(
            str(job.id),
            job.kind,
            slugs.get(job.tenant_id or -1, "-"),
            STATUS_DA.get(job.status, job.status),
            f"{job.attempts}/{job.max_attempts}",
            job.created_at.strftime("%Y-%m-%d %H:%M"),
            detail,
        )
    console.print(table)
    depth = queue.depth()
    console.print(f"{depth['queued']} i kø, {depth['running']} kører.")


@jobs_app.command("add")
def jobs_add(
    kind: Annotated[Kind, typer.Argument(help="crawl, retrain or purge")],
    tenant: Annotated[str | None, typer.Option(help="Tenant slug (for crawl)")] = None,
    start_url: Annotated[
        list[str] | None,
        typer.Option(help="Crawl from here instead of the tenant's site (repeatable)"),
    ] = None,
    max_pages: Annotated[int | None, typer.Option(help="Crawl at most this many pages")] = None,
) -> None:
    """Put a job in the queue (a crawl of one tenant, retraining, or a purge)."""
    from muni.jobs.kinds import crawl_lock, enqueue_crawl, enqueue_purge, enqueue_retrain
    from muni.store.tenants import TenantRepository

    queue = _queue()
    if kind is Kind.crawl:
        if not tenant:
            raise fail("angiv --tenant for en gennemgang af hjemmesiden")
        with queue.db.session() as session:
            found = TenantRepository(session).by_slug(tenant)
        if found is None:
            raise fail(f"ukendt kommune: {tenant}")
        job = enqueue_crawl(queue, found, start_url, max_pages)
        lock = crawl_lock(found.id)
    elif kind is Kind.retrain:
        job, lock = enqueue_retrain(queue), "retrain"
    else:
        job, lock = enqueue_purge(queue), "purge"
    if job is None:
        holder = queue.holder(lock)
        which = holder.id if holder else "?"
        console.print(f"Der er allerede et job af den slags i kø eller i gang (job {which}).")
        raise typer.Exit(code=1)
    console.print(f"Job {job.id} ({job.kind}) sat i kø.")


@jobs_app.command("work")
def jobs_work(
    once: Annotated[bool, typer.Option(help="Run the due jobs, then stop")] = False,
) -> None:
    """Run the job worker: due jobs one at a time, recurring crawls and purges, jobs of
    killed workers taken up again. Stops after the current job on SIGTERM or Ctrl-C."""
    from muni.jobs.queue import JobQueue
    from muni.jobs.schedule import Schedule
    from muni.jobs.worker import JobWorker
    from muni.operations import logs
    from muni.runtime import Runtime
    from muni.store.tenants import TenantRepository

    settings = Settings()
    logs.configure(settings.log_format)
    runtime = Runtime.start(settings)

    def tenants():  # type: ignore[no-untyped-def]
        with runtime.db.session() as session:
            return TenantRepository(session).all()

    queue = JobQueue(runtime.db)
    schedule = Schedule(
        queue, tenants, settings.recrawl_hours, inbox_minutes=settings.inbox_collect_minutes
    )
    worker = JobWorker(runtime, queue, schedule)
    if once:
        ran = 0
        while worker.run_once() is not None:
            ran += 1
        console.print(f"{ran} job kørt.")
        runtime.close()
        return
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    worker.run(stop)
    runtime.close()
