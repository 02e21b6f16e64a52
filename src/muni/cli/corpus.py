"""`muni corpus export`: the training corpus (consented, re-redacted, checked) as a folder in
the Hugging Face `datasets` layout, with its dataset card."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from muni.cli.app import app, console
from muni.config import Settings

corpus_app = typer.Typer(
    help="The training corpus for Danish language models.", no_args_is_help=True
)
app.add_typer(corpus_app, name="corpus")


def parse_day(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    except ValueError:
        console.print(f"[red]fejl:[/red] datoen skal skrives ÅÅÅÅ-MM-DD, ikke {value!r}")
        raise typer.Exit(code=2) from None


@corpus_app.command("export")
def corpus_export(
    out: Annotated[Path, typer.Option(help="Folder to write (data/, jsonl/, README.md)")],
    tenant: Annotated[str, typer.Option(help="Only this tenant's conversations")] = "",
    since: Annotated[
        str, typer.Option(help="Only conversations started on or after YYYY-MM-DD")
    ] = "",
) -> None:
    """Write the consented conversations, re-redacted and checked, as Parquet and JSONL with
    a dataset card; conversations in which the check still finds personal data are refused
    and counted."""
    from muni.corpus.export import export_corpus
    from muni.store import audit
    from muni.store.database import Database
    from muni.store.tenants import TenantRepository

    settings = Settings()
    db = Database(settings.resolved_database_url)
    db.migrate()
    try:
        start = parse_day(since) if since else None
        found = None
        if tenant:
            with db.read() as session:
                found = TenantRepository(session).by_slug(tenant)
            if found is None:
                console.print(f"[red]fejl:[/red] ukendt kommune: {tenant}")
                raise typer.Exit(code=2)
        report = export_corpus(
            db,
            out,
            tenant_id=found.id if found else None,
            tenant_slug=found.slug if found else None,
            since=start,
            licence=settings.corpus_licence,
        )
        with db.session() as session:
            audit.record(
                session,
                None,
                "corpus.export",
                tenant or "alle",
                tenant_id=found.id if found else None,
                details=report.summary(),
                actor_name="cli",
            )
    finally:
        db.dispose()
    console.print(
        f"{report.exported} samtaler ({report.turns} beskeder) skrevet til {out}; "
        f"{report.refused} afvist af tjekket for personoplysninger."
    )
