"""`muni waste import`: load a municipality's waste collection days from a CSV file or an
iCalendar feed (.ics, one per address) into muni's database."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import typer

from muni.cli.app import app, console, fail
from muni.config import Settings

waste_app = typer.Typer(help="Waste collection days (tømningskalender).", no_args_is_help=True)
app.add_typer(waste_app, name="waste")


@waste_app.command("import")
def import_days(
    file: Annotated[Path, typer.Argument(help="A .csv file, or an .ics feed for one address")],
    tenant: Annotated[str, typer.Option(help="Tenant slug")],
    address_id: Annotated[
        str | None,
        typer.Option(help="The address register's id of the address an .ics feed is for"),
    ] = None,
) -> None:
    """Import collection days; they replace earlier days of the same addresses."""
    from muni.bootstrap import ensure_initialised
    from muni.store.database import Database
    from muni.store.tenants import TenantRepository
    from muni.waste.import_csv import WasteImportError, read_csv
    from muni.waste.import_ical import CalendarError, read_ical
    from muni.waste.store import replace_pickups

    if not file.is_file():
        raise fail(f"filen findes ikke: {file}")
    settings = Settings()
    db = Database(settings.resolved_database_url)
    ensure_initialised(db, settings.content_dir, settings.tenants_dir)
    with db.session() as session:
        known = TenantRepository(session).by_slug(tenant)
    if known is None:
        raise fail(f"ukendt kommune: {tenant}")
    suffix = file.suffix.lower()
    try:
        if suffix == ".ics":
            if not address_id:
                raise fail("en .ics-fil er for én adresse: angiv --address-id")
            rows = read_ical(file.read_bytes(), address_id, date.today() - timedelta(days=7))
        elif suffix == ".csv":
            if address_id:
                raise fail("--address-id bruges kun med en .ics-fil")
            rows = read_csv(file)
        else:
            raise fail("filen skal ende på .csv eller .ics")
    except (WasteImportError, CalendarError) as exc:
        raise fail(str(exc)) from None
    if not rows:
        raise fail("filen har ingen tømningsdage, muni kender (se fraktionerne i README)")
    stored = replace_pickups(db, known.id, rows, source=file.name[:200])
    keys = len({r.address_key for r in rows})
    console.print(f"Indlæste {stored} tømningsdage for {keys} adresser/veje i {tenant}")
