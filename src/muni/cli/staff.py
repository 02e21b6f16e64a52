"""`muni staff add | remove | password | list` (console and agent logins, every role;
`muni agent ...` is the same group under its old name) and `muni purge` (retention)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from muni.cli.app import app, console
from muni.config import Settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from muni.domain import Tenant

agent_app = typer.Typer(
    help="Staff accounts: platform admins, central editors, superusers, agents, viewers.",
    no_args_is_help=True,
)
app.add_typer(agent_app, name="staff")
app.add_typer(agent_app, name="agent", hidden=True)  # the group's old name
CENTRAL = "-"  # --tenant for central staff (platform admins, central editors)
MIN_PASSWORD = 10
Password = Annotated[
    str,
    typer.Option(
        prompt="Adgangskode", hide_input=True, confirmation_prompt=True, show_default=False
    ),
]


def refuse(message: str) -> typer.Exit:
    """One line on stderr and exit code 1 (no traceback, nothing of the stored hash)."""
    console.print(f"[red]fejl:[/red] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code=1)


@contextmanager
def tenant_session(slug: str) -> Iterator[tuple[Session, Tenant | None]]:
    from muni.bootstrap import ensure_initialised
    from muni.store.database import Database
    from muni.store.tenants import TenantRepository

    settings = Settings()
    db = Database(settings.resolved_database_url)
    ensure_initialised(db, settings.content_dir, settings.tenants_dir)
    try:
        with db.session() as session:
            if slug == CENTRAL:
                yield session, None
                return
            found = TenantRepository(session).by_slug(slug)
            if found is None:
                raise refuse(f"ukendt kommune: {slug}")
            yield session, found
    finally:
        db.dispose()


def check_length(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise refuse(f"adgangskoden skal være mindst {MIN_PASSWORD} tegn")


@agent_app.command("add")
def agent_add(
    tenant: Annotated[str, typer.Option(help="Tenant slug, or - for central staff")],
    username: Annotated[str, typer.Option()],
    name: Annotated[str, typer.Option(help="Shown to citizens in a live chat")],
    role: Annotated[
        str,
        typer.Option(help="platform_admin, central_editor (tenant -), superuser, agent, viewer"),
    ] = "agent",
    team: Annotated[str, typer.Option()] = "borgerservice",
    email: Annotated[str, typer.Option(help="For the staff single sign-on")] = "",
    password: Password = "",
) -> None:
    """Create a staff login for the console (/console) and the agent pages (/agent)."""
    from sqlalchemy.exc import IntegrityError

    from muni.staff.roles import Role
    from muni.store import audit
    from muni.store.staff import StaffExists, StaffRepository, WrongRoleForScope

    check_length(password)
    try:
        chosen = Role(role)
    except ValueError:
        raise refuse(f"ukendt rolle: {role}") from None
    try:
        with tenant_session(tenant) as (session, found):
            StaffRepository(session, found).add(
                username, name, password, chosen, team=team, email=email or None
            )
            audit.record(
                session,
                None,
                "staff.add",
                username,
                tenant_id=found.id if found else None,
                details={"role": chosen.value},
                actor_name="cli",
            )
    except WrongRoleForScope:
        raise refuse(
            "platform_admin og central_editor hører ikke til en kommune (--tenant -); "
            "de andre roller gør"
        ) from None
    except (StaffExists, IntegrityError):  # IntegrityError: added at the same moment elsewhere
        raise refuse(
            f"medarbejderen {username} findes allerede i {tenant}; ny adgangskode: "
            f"muni staff password --tenant {tenant} --username {username}"
        ) from None
    console.print(f"Medarbejder {username} ({chosen.value}) oprettet for {tenant}.")


@agent_app.command("remove")
def agent_remove(
    tenant: Annotated[str, typer.Option(help="Tenant slug")],
    username: Annotated[str, typer.Option()],
) -> None:
    """Delete a staff login; it is logged out at once. Its past handoffs are kept."""
    from muni.store.staff import StaffRepository

    with tenant_session(tenant) as (session, found):
        repo = StaffRepository(session, found)
        row = repo.by_username(username)
        if row is None:
            raise refuse(f"ingen medarbejder {username} i {tenant}")
        repo.remove(row)
    console.print(f"Medarbejder {username} slettet for {tenant} og logget ud.")


@agent_app.command("password")
def agent_password(
    tenant: Annotated[str, typer.Option(help="Tenant slug")],
    username: Annotated[str, typer.Option()],
    password: Password = "",
) -> None:
    """Set a new password (prompted twice); ends the account's sessions."""
    from muni.staff.passwords import hash_password
    from muni.store.staff import StaffRepository

    check_length(password)
    with tenant_session(tenant) as (session, found):
        repo = StaffRepository(session, found)
        row = repo.by_username(username)
        if row is None:
            raise refuse(f"ingen medarbejder {username} i {tenant}")
        ended = repo.set_password_hash(row, hash_password(password))
    console.print(f"Ny adgangskode for {username} i {tenant}; {ended} aktive login afsluttet.")


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
