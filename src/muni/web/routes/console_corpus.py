"""The training corpus in the console: how many citizens said yes, and a button that builds
the export (corpus/export.py) and downloads it as a .zip. Every export is audited with its
counts."""

from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from muni.corpus.export import export_corpus
from muni.corpus.select import consent_counts
from muni.staff.roles import Permission, StaffMember
from muni.store import audit
from muni.store.tables import TenantRow
from muni.web.console_pages import render
from muni.web.deps import RuntimeDep
from muni.web.errors import ApiError
from muni.web.staff_auth import chosen_tenant, csrf_protect, require

router = APIRouter(prefix="/console", include_in_schema=False, dependencies=[Depends(csrf_protect)])
CorpusStaff = Annotated[StaffMember, require(Permission.CORPUS)]


@router.get("/corpus", response_class=HTMLResponse)
def corpus_page(
    request: Request, runtime: RuntimeDep, member: CorpusStaff, tenant: str = ""
) -> HTMLResponse:
    scope = chosen_tenant(runtime, member, tenant or None, Permission.CORPUS)
    with runtime.db.read() as session:
        counts = consent_counts(session, scope.id if scope else None)
        tenants = list(session.query(TenantRow.slug, TenantRow.name).order_by(TenantRow.name))
    return render(
        request,
        "console_corpus.html",
        member,
        tenant=scope,
        tenants=tenants if member.central else [],
        counts=counts,
        licence=runtime.settings.corpus_licence,
    )


def _zip(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


@router.post("/corpus/export")
def corpus_export(
    runtime: RuntimeDep,
    member: CorpusStaff,
    tenant: Annotated[str, Form(max_length=64)] = "",
    since: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    scope = chosen_tenant(runtime, member, tenant or None, Permission.CORPUS)
    try:
        start = datetime.fromisoformat(since).replace(tzinfo=UTC) if since else None
    except ValueError as exc:
        raise ApiError(422, "invalid_date", "Datoen skal skrives ÅÅÅÅ-MM-DD.") from exc
    with tempfile.TemporaryDirectory(prefix="muni-corpus-") as folder:
        report = export_corpus(
            runtime.db,
            Path(folder),
            tenant_id=scope.id if scope else None,
            tenant_slug=scope.slug if scope else None,
            since=start,
            licence=runtime.settings.corpus_licence,
        )
        body = _zip(Path(folder))
    with runtime.db.session() as session:
        audit.record(
            session,
            member,
            "corpus.export",
            scope.slug if scope else "alle",
            tenant_id=scope.id if scope else None,
            details=report.summary(),
        )
    name = f"muni-korpus-{scope.slug if scope else 'alle'}-{datetime.now(UTC):%Y-%m-%d}.zip"
    return Response(
        body,
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Corpus-Exported": str(report.exported),
            "X-Corpus-Refused": str(report.refused),
        },
    )
