"""`muni content check`, `muni import` and `muni export`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from muni.cli.app import app, console, content_app, fail
from muni.config import Settings


class Format(StrEnum):
    yaml = "yaml"
    rasa = "rasa"


@content_app.command("check")
def content_check(
    content_dir: Annotated[Path | None, typer.Option()] = None,
    tenants_dir: Annotated[Path | None, typer.Option()] = None,
) -> None:
    """Report missing topics and sub-answers, unknown variables, facts without source or date,
    facts written as text, Danish values in English answers and phrasings under two topics."""
    from muni.content.check import check_pack, check_tenant, summarise
    from muni.content.loader import ContentError, load_pack
    from muni.tenancy import load_tenants

    settings = Settings()
    try:
        pack = load_pack(content_dir or settings.content_dir)
        tenants = load_tenants(tenants_dir or settings.tenants_dir)
    except ContentError as exc:
        raise fail(str(exc)) from exc
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
    phrasings = sum(len(t.all_phrasings()) for t in pack.topics.values())
    out.print(
        f"{len(pack.topics)}/{len(pack.taxonomy)} emner, {pack.sub_answer_count()} delsvar, "
        f"{phrasings} formuleringer, "
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
                raise fail("giv stien til en Rasa nlu.yml")
            with db.session() as session:
                repo = ContentRepository(session)
                if not repo.has_content():
                    raise fail("importér indholdspakken først (muni import)")
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
        raise fail(str(exc)) from exc
    from muni.jobs.kinds import enqueue_retrain
    from muni.jobs.queue import JobQueue

    job = enqueue_retrain(JobQueue(db))
    queued = f"genoptræning sat i kø (job {job.id})" if job else "genoptræning er allerede i kø"
    console.print(
        f"Indhold importeret; {queued}. En kørende server tager det nye indhold i brug, når "
        "job-arbejderen har trænet (eller kør 'muni train' selv)."
    )


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
