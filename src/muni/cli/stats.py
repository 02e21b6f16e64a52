"""`muni stats generate` (synthetic conversations for demos and benchmarks) and
`muni stats rollup` (bring the statistics' aggregates up to date now)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

import typer

from muni.cli.app import app, console, fail
from muni.config import Settings

stats_app = typer.Typer(help="Statistics: roll up, generate test data.", no_args_is_help=True)
app.add_typer(stats_app, name="stats")


def _database():  # type: ignore[no-untyped-def]
    from muni.bootstrap import ensure_initialised
    from muni.store.database import Database

    settings = Settings()
    db = Database(settings.resolved_database_url)
    ensure_initialised(db, settings.content_dir, settings.tenants_dir)
    return db


def _tenant_ids(db, slugs: list[str]) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from muni.store.tables import TenantRow

    with db.read() as session:
        rows = [(int(i), str(s)) for i, s in session.execute(select(TenantRow.id, TenantRow.slug))]
    if slugs:
        unknown = set(slugs) - {s for _, s in rows}
        if unknown:
            raise fail(f"ukendt kommune: {', '.join(sorted(unknown))}")
        rows = [(i, s) for i, s in rows if s in slugs]
    return rows


def _slugs(text: str) -> list[str]:
    return [s.strip() for s in text.split(",") if s.strip()]


@stats_app.command("generate")
def generate_command(
    conversations: Annotated[int, typer.Option(min=1, max=10_000_000, help="How many.")] = 1000,
    years: Annotated[
        float, typer.Option(min=0.01, max=20, help="Spread over this many years up to today.")
    ] = 3.0,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same data).")] = 1,
    tenants: Annotated[
        str, typer.Option(help="Comma-separated slugs; default: every tenant.")
    ] = "",
) -> None:
    """Insert synthetic conversations (marked channel_ref=generated) and roll them up."""
    from muni.analytics.generate import Spec, generate

    db = _database()
    spec = Spec(conversations, years, seed, tuple(_slugs(tenants)))
    try:
        with console.status("genererer samtaler ...") as status:
            report = generate(
                db,
                spec,
                lambda n: status.update(f"{n:,} af {conversations:,} samtaler".replace(",", ".")),
            )
    except LookupError as error:
        raise fail(str(error)) from None
    finally:
        db.dispose()
    average = report.average_rating
    console.print(
        f"{report.conversations} samtaler, {report.turns} beskeder, {report.handoffs} "
        f"overdragelser, {report.guard_events} vagthændelser, {report.ratings} bedømmelser "
        f"(gennemsnit {average:.2f}) for {', '.join(report.tenants)}; indsat på "
        f"{report.insert_seconds:.1f} s, rullet op på {report.rollup_seconds:.1f} s"
        if average is not None
        else f"{report.conversations} samtaler, {report.turns} beskeder",
        highlight=False,
    )


@stats_app.command("rollup")
def rollup_command(
    tenants: Annotated[
        str, typer.Option(help="Comma-separated slugs; default: every tenant.")
    ] = "",
    first: Annotated[
        str, typer.Option("--from", help="Roll these days up again (YYYY-MM-DD), final or not.")
    ] = "",
    last: Annotated[str, typer.Option("--to", help="Last day of --from (default: today).")] = "",
) -> None:
    """Bring the statistics up to date now (the job does it every hour)."""
    from muni.analytics.calendar import local_day
    from muni.analytics.rollup import ensure_rolled_up, reroll

    db = _database()
    try:
        now = datetime.now(UTC)
        try:
            start = date.fromisoformat(first) if first else None
            end = date.fromisoformat(last) if last else local_day(now)
        except ValueError:
            raise fail("--from og --to skal være datoer som 2026-01-31") from None
        if start is not None and start > end:
            raise fail("--from ligger efter --to")
        for tenant_id, slug in _tenant_ids(db, _slugs(tenants)):
            if start is not None:
                reroll(db, tenant_id, start, end)
            else:
                ensure_rolled_up(db, tenant_id, now)
            console.print(f"{slug}: rullet op", highlight=False)
    finally:
        db.dispose()
