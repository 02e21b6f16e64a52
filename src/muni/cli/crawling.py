"""`muni crawl`: crawl and index municipalities' websites."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from muni.cli.app import app, console, fail, progress_bar
from muni.config import Settings
from muni.jobs.queue import JobQueue
from muni.jobs.worker import keep_alive
from muni.store.announcements import INDEX, announce


def crawl_all(runtime, tenants, configs=None) -> list:  # type: ignore[no-untyped-def]
    """Crawl and index tenants with a progress bar; print one summary table."""
    from muni.crawl.run import crawl_tenant

    reports = []
    with progress_bar() as progress:
        for tenant in tenants:
            task = progress.add_task(f"{tenant.slug}: henter sider ...", total=None)

            def on_page(url: str, summary, task=task, slug=tenant.slug) -> None:  # type: ignore[no-untyped-def]
                progress.update(
                    task,
                    description=f"{slug}: {summary.pages} sider, "
                    f"{summary.new} nye, {summary.changed} ændrede, "
                    f"{summary.not_modified} uændrede (304)",
                )

            def on_embed(done: int, task=task, slug=tenant.slug) -> None:  # type: ignore[no-untyped-def]
                progress.update(task, description=f"{slug}: indekserer afsnit ({done})")

            config = (configs or {}).get(tenant.slug)
            reports.append(crawl_tenant(runtime, tenant, config, on_page, on_embed))
            progress.update(task, description=f"{tenant.slug}: færdig", completed=1, total=1)
    table = Table(title="Crawl")
    columns = (
        "kommune",
        "hentet",
        "uændret",
        "nye",
        "ændrede",
        "robots",
        "404",
        "fejl",
        "fjernet",
        "sider/s",
        "afsnit indekseret",
    )
    for column in columns:
        table.add_column(column)
    for r in reports:
        s = r.summary
        table.add_row(
            r.tenant,
            str(s.fetched),
            str(s.unchanged),
            str(s.new),
            str(s.changed),
            str(s.skipped_robots),
            str(s.not_found),
            str(s.errors),
            str(s.removed),
            str(s.pages_per_second),
            f"{r.embedded} ({r.embed_seconds} s)",
        )
    Console().print(table)
    for r in reports:
        for line in r.summary.error_urls[:10]:
            console.print(f"[yellow]fejl[/yellow] {r.tenant}: {line}")
    return reports


@app.command(epilog="Exit code 2: no page could be fetched; 3: a crawl was already running.")
def crawl(
    tenant: Annotated[str | None, typer.Argument(help="Tenant slug")] = None,
    all_tenants: Annotated[bool, typer.Option("--all", help="Every tenant")] = False,
    start_url: Annotated[
        list[str] | None,
        typer.Option(help="Start here instead of the tenant's configured site (repeatable)"),
    ] = None,
    max_pages: Annotated[int | None, typer.Option(help="At most this many pages")] = None,
) -> None:
    """Crawl the municipality's website (or --all) and index its pages for search."""
    from dataclasses import replace
    from urllib.parse import urlsplit

    from muni.crawl.crawler import CrawlConfig
    from muni.runtime import Runtime
    from muni.store.tenants import TenantRepository

    if not tenant and not all_tenants:
        raise fail("angiv en kommune (slug) eller --all")
    runtime = Runtime.start(Settings())
    with runtime.db.session() as session:
        repo = TenantRepository(session)
        chosen = repo.all() if all_tenants else [t for t in [repo.by_slug(tenant or "")] if t]
    if not chosen:
        raise fail(f"ukendt kommune: {tenant}")
    configs = {}
    for t in chosen:
        config = CrawlConfig.for_tenant(t)
        if start_url:
            config = replace(
                config,
                start_urls=tuple(start_url),
                allowed_domains=tuple({urlsplit(u).netloc for u in start_url}),
            )
        if max_pages:
            config = replace(config, max_pages=max_pages)
        configs[t.slug] = config
    held = hold_crawl_locks(runtime, chosen, start_url, max_pages)
    skipped = len(chosen) - len(held)
    chosen = [t for t in chosen if t.id in held]
    queue = JobQueue(runtime.db)
    try:
        with keep_alive(queue, list(held.values()), every=5.0):
            reports = crawl_all(runtime, chosen, configs)
    except BaseException as exc:
        for job in held.values():
            queue.fail(replace(job, max_attempts=job.attempts), f"muni crawl: {exc!r}")
        raise
    for tenant, report in zip(chosen, reports, strict=True):
        queue.finish(held[tenant.id], {"pages": report.summary.pages, "embedded": report.embedded})
        announce(runtime.db, INDEX, str(tenant.id))
    runtime.close()
    failed = [r.tenant for r in reports if r.summary.errors and not r.summary.pages]
    if failed:
        raise fail(f"ingen sider kunne hentes for {', '.join(failed)}")
    if skipped:
        raise typer.Exit(code=3)  # some tenants are being crawled elsewhere (said above)


def hold_crawl_locks(runtime, tenants, start_url, max_pages) -> dict:  # type: ignore[no-untyped-def]
    """Take each tenant's crawl lock as a running job of this command, so no job worker
    crawls the same site at the same time; tenants already being crawled are skipped."""
    from muni.jobs.kinds import crawl_lock, enqueue_crawl
    from muni.jobs.worker import worker_name

    queue = JobQueue(runtime.db)
    held = {}
    for tenant in tenants:
        job = enqueue_crawl(queue, tenant, start_url, max_pages, worker=worker_name())
        if job is None:
            holder = queue.holder(crawl_lock(tenant.id))
            which = holder.id if holder else "?"
            console.print(
                f"[yellow]{tenant.slug}:[/yellow] hjemmesiden gennemgås allerede (job {which}); "
                "springer over"
            )
            continue
        held[tenant.id] = job
    return held
