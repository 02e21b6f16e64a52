"""A municipality's variables in the content console (`/console/content/variables`): its own
values (phone, address, prices ...) with the date a fact was valid, edited as a draft that a
publish makes live. Municipal staff edit their own municipality's, central staff the one they
pick."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from muni.content.editing import drafts
from muni.staff.roles import Permission, StaffMember
from muni.store import audit
from muni.store.content_changes import ContentChanges
from muni.web.console_pages import render
from muni.web.content_scope import preview_tenant, visible_tenants
from muni.web.deps import RuntimeDep
from muni.web.staff_auth import csrf_protect, require

router = APIRouter(prefix="/console", include_in_schema=False, dependencies=[Depends(csrf_protect)])
Reader = Annotated[StaffMember, require(Permission.LOCAL_CONTENT)]


def _variables_page(request, runtime, member, slug, message="", error="", status_code=200):  # type: ignore[no-untyped-def]
    tenant = preview_tenant(runtime, member, slug)
    with runtime.db.session() as session:
        live = drafts.live_content(session)
        shaped = drafts.live_variables(session, tenant)
        draft = ContentChanges(session, tenant).open_draft("variables", "", "", tenant.id)
        pending = dict(draft.after) if draft is not None else None
    declared = live.pack.variables()
    rows = []
    for name in sorted(set(shaped) | set(pending or {})):
        value = (pending if pending is not None else shaped).get(name)
        if value is None:
            continue
        item = value if isinstance(value, dict) else {"value": value}
        spec = declared.get(name)
        rows.append(
            {
                "name": name,
                "value": str(item.get("value", "")),
                "as_of": str(item.get("as_of", "")),
                "source": str(item.get("source", "")),
                "description": spec.description if spec else "",
                "fact": bool(spec and spec.is_fact),
            }
        )
    return render(
        request,
        "console_content_variables.html",
        member,
        status_code=status_code,
        tenant=tenant,
        tenants=visible_tenants(runtime, member),
        rows=rows,
        pending=pending is not None,
        message=message,
        error=error,
    )


@router.get("/content/variables", response_class=HTMLResponse)
def variables_page(
    request: Request, runtime: RuntimeDep, member: Reader, tenant: str = ""
) -> HTMLResponse:
    return _variables_page(request, runtime, member, tenant)


@router.post("/content/variables", response_class=HTMLResponse)
async def edit_variables(request: Request, runtime: RuntimeDep, member: Reader) -> HTMLResponse:
    form = await request.form()
    scope = preview_tenant(runtime, member, str(form.get("tenant", ""))[:64])
    names = [str(n)[:100] for n in form.getlist("name")][:500]
    values = [str(v)[:2000] for v in form.getlist("value")][:500]
    dates = [str(v)[:20] for v in form.getlist("as_of")][:500]
    new_name = str(form.get("new_name", "")).strip()[:100]
    changed = dict(zip(names, values, strict=False))
    if new_name:
        changed[new_name] = str(form.get("new_value", ""))[:2000]
    with runtime.db.session() as session:
        try:
            row = drafts.edit_variables(
                session, member, scope, changed, dict(zip(names, dates, strict=False))
            )
        except drafts.DraftError as exc:
            session.rollback()
            return _variables_page(
                request, runtime, member, scope.slug, error=str(exc), status_code=422
            )
        audit.record(
            session,
            member,
            "content.edit",
            "variables",
            tenant_id=scope.id,
            details={"kind": "variables", "change": row.id},
        )
    return _variables_page(
        request, runtime, member, scope.slug, message="Variablerne er gemt som kladde."
    )
