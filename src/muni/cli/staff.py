"""`muni agent add` (contact-centre logins) and `muni purge` (retention)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from muni.cli.app import app, console, fail
from muni.config import Settings

agent_app = typer.Typer(help="Contact-centre agents.", no_args_is_help=True)
app.add_typer(agent_app, name="agent")


@agent_app.command("add")
def agent_add(
    tenant: Annotated[str, typer.Option(help="Tenant slug")],
    username: Annotated[str, typer.Option()],
    name: Annotated[str, typer.Option(help="Shown to citizens")],
    team: Annotated[str, typer.Option()] = "borgerservice",
    password: Annotated[
        str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)
    ] = "",
) -> None:
    """Create an agent login for the agent console (/agent)."""
    from muni.bootstrap import ensure_initialised
    from muni.store.database import Database
    from muni.store.handoffs import AgentRepository
    from muni.store.tenants import TenantRepository

    if len(password) < 10:
        raise fail("adgangskoden skal være mindst 10 tegn")
    settings = Settings()
    db = Database(settings.resolved_database_url)
    ensure_initialised(db, settings.content_dir, settings.tenants_dir)
    with db.session() as session:
        found = TenantRepository(session).by_slug(tenant)
        if found is None:
            raise fail(f"ukendt kommune: {tenant}")
        AgentRepository(session, found).add(username, name, team, password)
    console.print(f"Medarbejder {username} oprettet for {tenant}.")


@app.command()
def purge() -> None:
    """Delete what is past its retention period (callback requests' contact details)."""
    from muni.store.database import Database
    from muni.store.handoffs import purge_expired_callbacks

    settings = Settings()
    db = Database(settings.resolved_database_url)
    db.migrate()
    with db.session() as session:
        removed = purge_expired_callbacks(session, datetime.now(UTC))
    console.print(f"Slettede {removed} anmodninger om opringning.")
