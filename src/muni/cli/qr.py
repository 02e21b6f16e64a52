"""`muni qr`: a signed deep link for a topic as a QR code (PNG and SVG) for letters."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from muni.cli.app import app, console, fail
from muni.config import Settings


@app.command()
def qr(
    tenant: Annotated[str, typer.Option(help="Tenant slug")],
    topic: Annotated[str, typer.Option(help="Topic slug the conversation starts with")],
    ref: Annotated[str, typer.Option(help="The letter's reference (letters, digits, -_.)")] = "",
    out: Annotated[Path, typer.Option(help="Folder for the PNG and SVG")] = Path("."),
    base_url: Annotated[
        str | None, typer.Option(help="Where citizens reach muni (default MUNI_PUBLIC_URL)")
    ] = None,
) -> None:
    """Write a QR code (PNG + SVG) for a signed link that starts a chat on a topic."""
    from muni.bootstrap import ensure_initialised
    from muni.channels.deep_links import DeepLinkError, deep_link
    from muni.channels.qr_codes import qr_png, qr_svg
    from muni.channels.signing import signing_key
    from muni.store.content import ContentRepository
    from muni.store.database import Database
    from muni.store.tenants import TenantRepository

    settings = Settings()
    db = Database(settings.resolved_database_url)
    ensure_initialised(db, settings.content_dir, settings.tenants_dir)
    with db.session() as session:
        known_tenant = TenantRepository(session).by_slug(tenant)
        known_topic = topic in ContentRepository(session).load_pack().topics
    if known_tenant is None:
        raise fail(f"ukendt kommune: {tenant}")
    if not known_topic:
        raise fail(f"ukendt emne: {topic}")
    base = base_url or settings.public_base_url
    try:
        url = deep_link(base, signing_key(settings), tenant, topic, ref)
    except DeepLinkError as exc:
        raise fail(str(exc)) from exc
    out.mkdir(parents=True, exist_ok=True)
    stem = "-".join(["qr", tenant, topic, *([ref] if ref else [])])
    (out / f"{stem}.png").write_bytes(qr_png(url))
    (out / f"{stem}.svg").write_text(qr_svg(url), encoding="utf-8")
    console.print(f"Skrev {out / stem}.png og .svg")
    print(url)
