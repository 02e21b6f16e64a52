"""`muni retention run` (delete transcripts past each tenant's retention, statistics kept)
and `muni citizen export | erase` (one citizen's conversation, by id or a letter's
reference)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from muni.cli.app import app, console
from muni.config import Settings

if TYPE_CHECKING:
    from muni.store.database import Database

retention_app = typer.Typer(help="Transcript retention per municipality.", no_args_is_help=True)
citizen_app = typer.Typer(
    help="A citizen's request: a copy of, or erasure of, their conversation.", no_args_is_help=True
)
app.add_typer(retention_app, name="retention")
app.add_typer(citizen_app, name="citizen")


@contextmanager
def database() -> Iterator[tuple[Settings, Database]]:
    from muni.store.database import Database

    settings = Settings()
    db = Database(settings.resolved_database_url)
    db.migrate()
    try:
        yield settings, db
    finally:
        db.dispose()


@retention_app.command("run")
def retention_run(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only count")] = False,
    tenant: Annotated[str, typer.Option(help="Only this tenant")] = "",
) -> None:
    """Delete conversations whose last message is older than the tenant's retention
    (`retention: {transcripts_days: N}`, else MUNI_TRANSCRIPT_RETENTION_DAYS); the statistics
    for those days are rolled up first and kept."""
    from muni.privacy.retention import run_retention

    with database() as (settings, db):
        results = run_retention(
            db,
            datetime.now(UTC),
            settings.transcript_retention_days,
            dry_run=dry_run,
            tenant_slug=tenant or None,
        )
    if tenant and not results:
        console.print(f"[red]fejl:[/red] ukendt kommune: {tenant}")
        raise typer.Exit(code=2)
    verb = "ville slette" if dry_run else "slettede"
    for r in results:
        console.print(
            f"{r.tenant}: {verb} {r.conversations} samtaler ældre end {r.days} dage "
            f"(sidste besked før {r.cutoff:%Y-%m-%d %H:%M} UTC)"
        )


Tenant = Annotated[str, typer.Option(help="Tenant slug")]
ConversationId = Annotated[str, typer.Option("--conversation", help="The conversation's id")]
Ref = Annotated[str, typer.Option("--ref", help="The letter's reference (QR code)")]


def _one(db: Database, tenant: str, conversation: str, ref: str) -> tuple[int, str]:
    """(tenant id, conversation id) of exactly one match, or a clear error."""
    from muni.privacy.citizen_requests import find
    from muni.store.tenants import TenantRepository

    if bool(conversation) == bool(ref):
        console.print("[red]fejl:[/red] giv enten --conversation eller --ref")
        raise typer.Exit(code=2)
    with db.read() as session:
        found_tenant = TenantRepository(session).by_slug(tenant)
        if found_tenant is None:
            console.print(f"[red]fejl:[/red] ukendt kommune: {tenant}")
            raise typer.Exit(code=2)
        found = find(session, found_tenant.id, conversation, ref)
    if not found:
        console.print(
            f"[red]fejl:[/red] ingen samtale i {tenant} med det nummer eller den reference"
        )
        raise typer.Exit(code=1)
    if len(found) > 1:
        ids = ", ".join(f.id for f in found)
        console.print(
            f"[red]fejl:[/red] referencen passer på {len(found)} samtaler ({ids}); "
            "vælg én med --conversation"
        )
        raise typer.Exit(code=1)
    return found_tenant.id, found[0].id


@citizen_app.command("export")
def citizen_export(tenant: Tenant, conversation: ConversationId = "", ref: Ref = "") -> None:
    """Print the conversation as JSON (what muni keeps: redacted texts, rating, live chat)."""
    from muni.privacy.citizen_requests import conversation as load
    from muni.privacy.citizen_requests import transcript
    from muni.store import audit

    with database() as (_settings, db):
        tenant_id, conversation_id = _one(db, tenant, conversation, ref)
        with db.session() as session:
            row = load(session, tenant_id, conversation_id)
            assert row is not None
            data = transcript(session, row)
            audit.record(
                session,
                None,
                "citizen.export",
                conversation_id,
                tenant_id=tenant_id,
                actor_name="cli",
            )
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@citizen_app.command("erase")
def citizen_erase(
    tenant: Tenant,
    conversation: ConversationId = "",
    ref: Ref = "",
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation")] = False,
) -> None:
    """Delete the conversation with its turns, handoffs, live chat, callbacks and inbox
    questions. The audit log keeps only its id."""
    from muni.privacy.citizen_requests import conversation as load
    from muni.privacy.citizen_requests import erase
    from muni.store import audit

    with database() as (_settings, db):
        tenant_id, conversation_id = _one(db, tenant, conversation, ref)
        if not yes and not typer.confirm(f"Slet samtale {conversation_id} i {tenant}?"):
            raise typer.Exit(code=1)
        with db.session() as session:
            row = load(session, tenant_id, conversation_id)
            assert row is not None
            erase(session, row)
            audit.record(
                session,
                None,
                "citizen.erase",
                conversation_id,
                tenant_id=tenant_id,
                actor_name="cli",
            )
    console.print(f"Samtale {conversation_id} er slettet.")
