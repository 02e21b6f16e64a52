"""The `muni` command line: demo, serve, train, eval, content check, import, export."""

from __future__ import annotations

import json
import logging
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from muni.config import Settings

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "passive")

app = typer.Typer(
    help="muni: the citizen-service assistant for Danish municipalities.",
    no_args_is_help=True,
    add_completion=False,
)
content_app = typer.Typer(help="Work with the content pack.", no_args_is_help=True)
app.add_typer(content_app, name="content")
console = Console(stderr=True)


class Format(StrEnum):
    yaml = "yaml"
    rasa = "rasa"


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def _fail(message: str) -> typer.Exit:
    console.print(f"[red]fejl:[/red] {message}")
    return typer.Exit(code=2)


def _serve(
    settings: Settings, host: str, port: int, workers: int, runtime: object | None = None
) -> None:
    import uvicorn

    from muni.runtime import Runtime
    from muni.web.app import create_app

    # Migrate and train once, here, before any worker starts: workers then only load.
    if runtime is None:
        with _progress() as progress:
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
        )
        return
    uvicorn.run(create_app(runtime=runtime), host=host, port=port, log_level="info")


def _crawl_all(runtime, tenants, configs=None) -> list:  # type: ignore[no-untyped-def]
    """Crawl and index tenants with a progress bar; print one summary table."""
    from muni.crawl.run import crawl_tenant

    reports = []
    with _progress() as progress:
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


@app.command()
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
        raise _fail("angiv en kommune (slug) eller --all")
    runtime = Runtime.start(Settings())
    with runtime.db.session() as session:
        repo = TenantRepository(session)
        chosen = repo.all() if all_tenants else [t for t in [repo.by_slug(tenant or "")] if t]
    if not chosen:
        raise _fail(f"ukendt kommune: {tenant}")
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
    _crawl_all(runtime, chosen, configs)
    runtime.close()


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
    with _progress() as progress:
        task = progress.add_task("Opretter database og indlæser indhold ...", total=None)
        db.migrate()
        import_content(db, settings.content_dir)
        tenants = import_tenants(db, load_tenants(settings.tenants_dir))
        progress.update(
            task, description=f"Indhold og {len(tenants)} kommuner indlæst", completed=1, total=1
        )
    db.dispose()
    with _progress() as progress:
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
        _crawl_all(runtime, tenants, configs)
    slug = tenants[0].slug if tenants else "aarhus"
    console.print(
        f"\n[bold]muni demo[/bold] på http://{host}:{port}/  (API: /docs)\n"
        f"Kommuner: {', '.join(t.slug for t in tenants)}\n"
        + "".join(f"Demo-hjemmeside for {s}: {site.url}/\n" for s, site in sites)
        + f"Prøv: curl -s -X POST http://{host}:{port}/api/tenants/{slug}/conversations\n"
    )
    _serve(settings, host, port, workers=1, runtime=runtime)


@app.command()
def serve(
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8000,
    workers: Annotated[int, typer.Option(help="Server processes")] = 1,
) -> None:
    """Serve the API (and the demo page) with the content already in the database."""
    _serve(Settings(), host, port, workers)


@app.command()
def train() -> None:
    """Train the intent classifier on the content in the database and save it."""
    from muni.bootstrap import ensure_initialised
    from muni.runtime import make_embedder
    from muni.runtime import train as train_model
    from muni.store.content import ContentRepository
    from muni.store.database import Database

    settings = Settings()
    db = Database(settings.resolved_database_url)
    ensure_initialised(db, settings.content_dir, settings.tenants_dir)
    with db.session() as session:
        repo = ContentRepository(session)
        pack, fingerprint = repo.load_pack(), repo.fingerprint() or "none"
    with _progress() as progress:
        task = progress.add_task("Træner intent-model ...", total=None)
        _model, report = train_model(settings, pack, fingerprint, make_embedder(settings))
        progress.update(task, completed=1, total=1)
    table = Table(title="Træning")
    for key, value in vars(report).items():
        if key != "extra":
            table.add_row(key, f"{value:.3f}" if isinstance(value, float) else str(value))
    Console().print(table)


@app.command("eval")
def eval_command(
    file: Annotated[Path, typer.Argument(help="JSONL with text and topic")],
    tenant: Annotated[str, typer.Option(help="Tenant slug")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Score the assistant on labelled questions (initialises the database if needed)."""
    from muni.evaluation.runner import EvalFileError, evaluate, read_cases
    from muni.runtime import Runtime
    from muni.store.tenants import TenantRepository

    logging.disable(logging.INFO)
    try:
        cases = read_cases(file)
    except (OSError, EvalFileError) as exc:
        raise _fail(str(exc)) from exc
    runtime = Runtime.start(Settings())
    with runtime.db.session() as session:
        found = TenantRepository(session).by_slug(tenant)
    if found is None:
        raise _fail(f"ukendt kommune: {tenant}")
    report = evaluate(runtime.pipeline, found, cases)
    if as_json:
        sys.stdout.write(json.dumps(report.as_json(), ensure_ascii=False) + "\n")
        return
    out = Console()
    misses = Table(title="Fejl (forventet ≠ svar)")
    for column in ("tekst", "forventet", "svar", "status", "sikkerhed"):
        misses.add_column(column)
    for item in report.items:
        if not item.correct:
            misses.add_row(
                item.text[:70],
                str(item.expected),
                str(item.topic),
                item.status,
                f"{item.confidence:.2f}" if item.confidence is not None else "-",
            )
    out.print(misses)
    totals = Table(title=f"Resultat for {tenant}")
    for key, value in report.totals().items():
        totals.add_row(key, str(value))
    out.print(totals)


@content_app.command("check")
def content_check(
    content_dir: Annotated[Path | None, typer.Option()] = None,
    tenants_dir: Annotated[Path | None, typer.Option()] = None,
) -> None:
    """Report missing topics, unknown variables, empty links and phrasings under two topics."""
    from muni.content.check import check_pack, check_tenant, summarise
    from muni.content.loader import ContentError, load_pack
    from muni.tenancy import load_tenants

    settings = Settings()
    try:
        pack = load_pack(content_dir or settings.content_dir)
        tenants = load_tenants(tenants_dir or settings.tenants_dir)
    except ContentError as exc:
        raise _fail(str(exc)) from exc
    findings = check_pack(pack)
    for tenant in tenants:
        findings.extend(check_tenant(pack, tenant))
    out = Console()
    for finding in findings:
        colour = "red" if finding.level == "error" else "yellow"
        out.print(
            f"[{colour}]{finding.level}[/{colour}] {finding.where}: {finding.message}",
            highlight=False,
        )
    counts = summarise(findings)
    phrasings = sum(len(t.phrasings) for t in pack.topics.values())
    out.print(
        f"{len(pack.topics)}/{len(pack.taxonomy)} emner, {phrasings} formuleringer, "
        f"{len(pack.out_of_scope)} uden for emne, {len(tenants)} kommuner: "
        f"{counts['errors']} fejl, {counts['warnings']} advarsler"
    )
    if counts["errors"]:
        raise typer.Exit(code=1)


@app.command("import")
def import_command(
    path: Annotated[Path | None, typer.Argument(help="Content folder, or a Rasa nlu.yml")] = None,
    format: Annotated[Format, typer.Option("--format")] = Format.yaml,
    tenants: Annotated[bool, typer.Option(help="Also load tenants/")] = True,
) -> None:
    """Load content into the database: a YAML content folder, or Rasa 3 NLU phrasings."""
    from muni.bootstrap import import_content, import_tenants
    from muni.content.loader import ContentError
    from muni.content.rasa import RasaError, merge_rasa, parse_rasa
    from muni.store.content import ContentRepository
    from muni.store.database import Database
    from muni.tenancy import load_tenants

    settings = Settings()
    db = Database(settings.resolved_database_url)
    db.migrate()
    try:
        if format is Format.rasa:
            if path is None or not path.is_file():
                raise _fail("giv stien til en Rasa nlu.yml")
            with db.session() as session:
                repo = ContentRepository(session)
                if not repo.has_content():
                    raise _fail("importér indholdspakken først (muni import)")
                pack, unknown = merge_rasa(
                    repo.load_pack(), parse_rasa(path.read_text(encoding="utf-8"))
                )
                repo.replace_pack(pack)
            for name in unknown:
                console.print(f"[yellow]sprang over:[/yellow] intent '{name}' er ikke et emne")
        else:
            import_content(db, path or settings.content_dir)
            if tenants:
                import_tenants(db, load_tenants(settings.tenants_dir))
    except (ContentError, RasaError, OSError) as exc:
        raise _fail(str(exc)) from exc
    console.print("Indhold importeret. Kør 'muni train' (eller start serveren) for at træne.")


@app.command("export")
def export_command(
    path: Annotated[Path, typer.Argument(help="Folder (yaml) or file (rasa)")],
    format: Annotated[Format, typer.Option("--format")] = Format.yaml,
) -> None:
    """Write the content in the database out as a YAML content folder or a Rasa nlu.yml."""
    from muni.bootstrap import ensure_initialised
    from muni.content.loader import write_pack
    from muni.content.rasa import to_rasa
    from muni.store.content import ContentRepository
    from muni.store.database import Database

    settings = Settings()
    db = Database(settings.resolved_database_url)
    ensure_initialised(db, settings.content_dir, settings.tenants_dir)
    with db.session() as session:
        pack = ContentRepository(session).load_pack()
    if format is Format.rasa:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(to_rasa(pack), encoding="utf-8")
    else:
        write_pack(pack, path)
    console.print(f"Skrev {len(pack.topics)} emner til {path}")


if __name__ == "__main__":
    app()
