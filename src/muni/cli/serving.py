"""`muni demo` and `muni serve`."""

from __future__ import annotations

import atexit
import os
from typing import Annotated

import typer

from muni.cli.app import app, console, progress_bar
from muni.cli.crawling import crawl_all
from muni.config import Settings


def serve_app(
    settings: Settings, host: str, port: int, workers: int, runtime: object | None = None
) -> None:
    """Serve on host:port with `workers` processes; on SIGTERM in-flight requests get up to
    settings.shutdown_grace_seconds to finish before the worker exits."""
    import uvicorn

    from muni.runtime import Runtime
    from muni.web.app import create_app

    # Migrate and train once, here, before any worker starts: workers then only load.
    if runtime is None:
        with progress_bar() as progress:
            task = progress.add_task("Loader indhold og sprogmodel ...", total=None)
            runtime = Runtime.start(settings)
            progress.update(task, description="Klar", completed=1, total=1)
    from muni.operations import logs, metrics
    from muni.operations.worker_processes import WorkerProcesses

    options = {  # what uvicorn is told, one worker or several
        "host": host,
        "port": port,
        "log_config": logs.logging_config(settings.log_format),
        "access_log": False,  # web/edge/request_log.py logs requests without paths or IPs
        "proxy_headers": True,
        "forwarded_allow_ips": settings.forwarded_allow_ips,
        "timeout_graceful_shutdown": settings.shutdown_grace_seconds,
    }
    if workers > 1:
        # each worker counts for itself; /metrics adds up the files they write here (one
        # folder per port: several instances may share a data dir)
        metrics.prepare_multiprocess(settings.data_dir / "metrics" / str(port))
        runtime.close()
        os.environ["MUNI_DATA_DIR"] = str(settings.data_dir)
        # the workers build their own Settings: they must see the address served on
        # (public_base_url) even when it came from the command line
        os.environ["MUNI_HOST"], os.environ["MUNI_PORT"] = host, str(port)
        if settings.database_url:
            os.environ["MUNI_DATABASE_URL"] = settings.database_url
        # each worker listens on a socket of its own: the kernel spreads connections evenly
        # (operations/worker_processes.py; uvicorn's workers share one and accept in bursts)
        app_factory = {"app": "muni.web.app:create_app_from_env", "factory": True}
        code = WorkerProcesses(workers, {**app_factory, **options}).run()
        if code:
            raise typer.Exit(code)
        return
    uvicorn.run(create_app(runtime=runtime), **options)


@app.command()
def demo(
    port: Annotated[
        int | None, typer.Option(help="Port of the assistant [default: MUNI_PORT, 8000]")
    ] = None,
    host: Annotated[
        str | None, typer.Option(help="Address to bind [default: MUNI_HOST, 127.0.0.1]")
    ] = None,
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
    from muni.staff.demo_accounts import ensure_demo_staff
    from muni.store.database import Database
    from muni.tenancy import load_tenants

    settings = Settings()
    settings = settings.model_copy(
        update={"host": host or settings.host, "port": port or settings.port}
    )
    host, port = settings.host, settings.port
    broker = None
    if not settings.citizen_oidc_issuer:  # a stand-in MitID broker, so login can be tried
        from muni.identity.demo_broker import CLIENT_ID, CLIENT_SECRET, start_demo_broker

        broker = start_demo_broker(host)
        if broker is not None:
            atexit.register(broker.stop)
            settings = settings.model_copy(
                update={
                    "citizen_oidc_issuer": broker.issuer,
                    "citizen_oidc_client_id": CLIENT_ID,
                    "citizen_oidc_client_secret": CLIENT_SECRET,
                }
            )
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
    password, accounts = ensure_demo_staff(runtime.db, tenants)
    console.print(
        f"\n[bold]muni demo[/bold] på http://{host}:{port}/  (API: /docs)\n"
        f"Kommuner: {', '.join(t.slug for t in tenants)}\n"
        + "".join(f"Demo-hjemmeside for {s}: {site.url}/\n" for s, site in sites)
        + f"Prøv: curl -s -X POST http://{host}:{port}/api/tenants/{slug}/conversations\n"
        + (
            f"Demo-MitID (log ind som borger): {broker.issuer}  (skriv demo-borger-1)\n"
            if broker is not None
            else ""
        )
        + f"\nKonsol: http://{host}:{port}/console/login  (adgangskode denne gang: {password})\n"
        + "".join(
            f"  {username:<16} {role:<15} {tenant or 'fælles (central)'}\n"
            for tenant, username, role in accounts
        ),
        highlight=False,
        soft_wrap=True,
    )
    if "MUNI_LOG_FORMAT" not in os.environ:  # a person watches the demo's console
        settings = settings.model_copy(update={"log_format": "text"})
    serve_app(settings, host, port, workers=1, runtime=runtime)


@app.command()
def serve(
    host: Annotated[
        str | None, typer.Option(help="Address to bind [default: MUNI_HOST, 127.0.0.1]")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port [default: MUNI_PORT, 8000]")] = None,
    workers: Annotated[
        int | None, typer.Option(help="Server processes [default: MUNI_WORKERS, 1]")
    ] = None,
) -> None:
    """Serve the API (and the demo page) with the content already in the database. Options
    given on the command line win over the settings (MUNI_HOST, MUNI_PORT, MUNI_WORKERS)."""
    settings = Settings()
    chosen = {"host": host, "port": port, "workers": workers}
    settings = settings.model_copy(update={k: v for k, v in chosen.items() if v is not None})
    serve_app(settings, settings.host, settings.port, settings.workers)
