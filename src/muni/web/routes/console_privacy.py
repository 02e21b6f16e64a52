"""Citizens' rights in the console: find a conversation by its id or a letter's reference,
read it, give the citizen a copy (JSON), erase it after a confirmation; the tenants'
retention limits; and the plain transcript view. Municipal staff see only their own
municipality (another one's conversation: 404). Every view of a transcript, every export and
every erasure is written to the audit log, with the conversation's id only, never its text."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from muni.privacy import citizen_requests
from muni.privacy.retention import transcript_days
from muni.staff.roles import Permission, StaffMember
from muni.store import audit
from muni.store.tables import ConversationRow, TenantRow
from muni.web.console_pages import render
from muni.web.deps import RuntimeDep
from muni.web.errors import ApiError
from muni.web.staff_auth import chosen_tenant, csrf_protect, require

router = APIRouter(prefix="/console", include_in_schema=False, dependencies=[Depends(csrf_protect)])
RightsStaff = Annotated[StaffMember, require(Permission.CITIZEN_RIGHTS)]
TranscriptReader = Annotated[StaffMember, require(Permission.TRANSCRIPTS)]
CONFIRM = "ja"


def _scope(member: StaffMember) -> int | None:
    """The municipality whose conversations the member may reach (None: every one)."""
    if member.central:
        return None
    assert member.tenant is not None
    return member.tenant.id


def _not_found() -> ApiError:
    return ApiError(404, "unknown_conversation", "Samtalen findes ikke. / Unknown conversation.")


def _retention(runtime, tenant_id: int | None) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    default = runtime.settings.transcript_retention_days
    with runtime.db.read() as session:
        query = session.query(TenantRow.name, TenantRow.config).order_by(TenantRow.name)
        if tenant_id is not None:
            query = query.filter(TenantRow.id == tenant_id)
        return [(name, transcript_days(config, default)) for name, config in query]


@router.get("/privacy", response_class=HTMLResponse)
def privacy_page(
    request: Request,
    runtime: RuntimeDep,
    member: RightsStaff,
    tenant: str = "",
    conversation: str = "",
    ref: str = "",
) -> HTMLResponse:
    scope = chosen_tenant(runtime, member, tenant or None, Permission.CITIZEN_RIGHTS)
    scope_id = scope.id if scope else None
    with runtime.db.read() as session:
        found = citizen_requests.find(session, scope_id, conversation, ref)
        tenants = (
            list(session.query(TenantRow.slug, TenantRow.name).order_by(TenantRow.name))
            if member.central
            else []
        )
    return render(
        request,
        "console_privacy.html",
        member,
        tenant=scope,
        tenants=tenants,
        conversation=conversation[:64],
        ref=ref[:64],
        searched=bool(conversation.strip() or ref.strip()),
        found=found,
        retention=_retention(runtime, scope_id),
        callback_days=runtime.settings.callback_retention_days,
    )


def _load(runtime, member: StaffMember, conversation_id: str):  # type: ignore[no-untyped-def]
    """The conversation's row and transcript, or 404 (another municipality's too)."""
    with runtime.db.read() as session:
        row = citizen_requests.conversation(session, _scope(member), conversation_id)
        if row is None:
            raise _not_found()
        return row, citizen_requests.transcript(session, row)


def _viewed(runtime, member: StaffMember, row: ConversationRow, action: str) -> None:  # type: ignore[no-untyped-def]
    with runtime.db.session() as session:
        audit.record(session, member, action, row.id, tenant_id=row.tenant_id)


@router.get("/privacy/conversations/{conversation_id}", response_class=HTMLResponse)
def citizen_conversation(
    request: Request, runtime: RuntimeDep, member: RightsStaff, conversation_id: str
) -> HTMLResponse:
    row, data = _load(runtime, member, conversation_id)
    _viewed(runtime, member, row, "transcript.view")
    return render(request, "console_transcript.html", member, data=data, rights=True)


@router.get("/privacy/conversations/{conversation_id}/export")
def citizen_export(runtime: RuntimeDep, member: RightsStaff, conversation_id: str) -> Response:
    row, data = _load(runtime, member, conversation_id)
    _viewed(runtime, member, row, "citizen.export")
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="samtale-{row.id}.json"'},
    )


@router.post("/privacy/conversations/{conversation_id}/erase", response_class=HTMLResponse)
def citizen_erase(
    request: Request,
    runtime: RuntimeDep,
    member: RightsStaff,
    conversation_id: str,
    confirm: Annotated[str, Form(max_length=10)] = "",
) -> HTMLResponse:
    if confirm != CONFIRM:
        row, data = _load(runtime, member, conversation_id)
        return render(
            request,
            "console_transcript.html",
            member,
            status_code=422,
            data=data,
            rights=True,
            error="Sæt kryds for at bekræfte, at samtalen skal slettes.",
        )
    with runtime.db.session() as session:
        row = citizen_requests.conversation(session, _scope(member), conversation_id)
        if row is None:
            raise _not_found()
        erased, tenant_id = row.id, row.tenant_id
        citizen_requests.erase(session, row)
        audit.record(session, member, "citizen.erase", erased, tenant_id=tenant_id)
    return render(request, "console_erased.html", member, erased=erased)


@router.get("/conversations/{conversation_id}", response_class=HTMLResponse)
def transcript_view(
    request: Request, runtime: RuntimeDep, member: TranscriptReader, conversation_id: str
) -> HTMLResponse:
    row, data = _load(runtime, member, conversation_id)
    _viewed(runtime, member, row, "transcript.view")
    return render(request, "console_transcript.html", member, data=data, rights=False)
