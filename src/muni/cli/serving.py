"""`muni demo` and `muni serve`."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from muni.cli.app import app, console, progress_bar
from muni.cli.crawling import crawl_all
from muni.config import Settings


def serve_app(
    settings: Settings, host: str, port: int, workers: int, runtime: object | None = None
) -> None:
    import uvicorn

    from muni.runtime import Runtime
    from muni.web.app import create_app

    # Migrate and train once, here, before any worker starts: workers then only load.
    if runtime is None:
        with progress_bar() as progress:
            task = progress.add_task("Loader indhold og sprogmodel ...", total=None)
            runtime = Runtime.start(settings)
            progress.update(task, description="Klar", completed=1, total=1)
    if workers > 1:
        runtime.close()
        os.environ["MUNI_DATA_DIR"] = str(settings.data_dir)
        if settings.database_url:
            os.environ["MUNI_DATABASE_URL"] = settings.database_url
        uvicorn.run(
            "muni.web.app:create_app_from_env",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="info",
            proxy_headers=True,
            forwarded_allow_ips=settings.forwarded_allow_ips,
        )
        return
    uvicorn.run(
        create_app(runtime=runtime),
        host=host,
        port=port,
        log_level="info",
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )


@app.command()
def demo(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1")] = 8000,
    host: Annotated[str, typer.Option(help="Address to bind")] = "127.0.0.1",
    crawl_sites: Annotated[
        bool, typer.Option("--crawl/--no-crawl", help="Serve and crawl the demo websites")
    ] = True,
) -> None:
    """Set up the database with the content pack and demo municipalities, serve a demo website
    per municipality on the next ports, crawl them, then serve the assistant."""
    from muni.background_server import BackgroundServer
    from muni.bootstrap import import_content, import_tenants
    from muni.crawl.crawler import CrawlConfig
    from muni.demo_site.server import DemoSite
    from muni.runtime import Runtime
    from muni.store.database import Database
    from muni.tenancy import load_tenants

    settings = Settings()
    db = Database(settings.resolved_database_url)
    with progress_bar() as progress:
        task = progress.add_task("Opretter database og indlæser indhold ...", total=None)
        db.migrate()
        import_content(db, settings.content_dir)
        tenants = import_tenants(db, load_tenants(settings.tenants_dir))
        progress.update(
            task, description=f"Indhold og {len(tenants)} kommuner indlæst", completed=1, total=1
        )
    db.dispose()
    with progress_bar() as progress:
        task = progress.add_task("Træner sprogmodellen (første gang ca. 1 minut) ...", total=None)
        runtime = Runtime.start(settings)
        progress.update(task, description="Sprogmodel klar", completed=1, total=1)
    sites = []
    if crawl_sites:
        configs = {}
        for offset, tenant in enumerate(tenants, start=1):
            site = BackgroundServer(
                DemoSite(tenant.slug, tenant.variables).app(),
                health="/robots.txt",
                host=host,
                port=port + offset,
            ).start()
            sites.append((tenant.slug, site))
            configs[tenant.slug] = CrawlConfig(
                start_urls=(site.url + "/",), allowed_domains=(f"{host}:{port + offset}",)
            )
        crawl_all(runtime, tenants, configs)
    slug = tenants[0].slug if tenants else "aarhus"
    console.print(
        f"\n[bold]muni demo[/bold] på http://{host}:{port}/  (API: /docs)\n"
        f"Kommuner: {', '.join(t.slug for t in tenants)}\n"
        + "".join(f"Demo-hjemmeside for {s}: {site.url}/\n" for s, site in sites)
        + f"Prøv: curl -s -X POST http://{host}:{port}/api/tenants/{slug}/conversations\n"
    )
    serve_app(settings, host, port, workers=1, runtime=runtime)


@app.command()
def serve(
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8000,
    workers: Annotated[int, typer.Option(help="Server processes")] = 1,
) -> None:
    """Serve the API (and the demo page) with the content already in the database."""
    serve_app(Settings(), host, port, workers)
