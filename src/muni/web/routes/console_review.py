"""The content console's review list (`/console/content/review`): local answers whose shared
answer changed since they were written, facts older than 12 months, and disagreements between a
curated answer and the municipality's own page (muni.content.editing.review); "Gennemset"
marks a local answer as checked. Superusers see their municipality, central staff all (or
one)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from muni.content.editing import drafts
from muni.content.editing.apply import shared_hashes
from muni.content.editing.review import review
from muni.staff.roles import Permission, StaffMember
from muni.store import audit
from muni.store.content_changes import accept_override
from muni.web.console_pages import render
from muni.web.content_scope import member_scope, not_found, visible_tenants
from muni.web.deps import RuntimeDep
from muni.web.staff_auth import chosen_tenant, csrf_protect, require

router = APIRouter(prefix="/console", include_in_schema=False, dependencies=[Depends(csrf_protect)])
Reader = Annotated[StaffMember, require(Permission.LOCAL_CONTENT)]


@router.get("/content/review", response_class=HTMLResponse)
def review_page(
    request: Request, runtime: RuntimeDep, member: Reader, tenant: str = "", message: str = ""
) -> HTMLResponse:
    scope = chosen_tenant(runtime, member, tenant or None, Permission.LOCAL_CONTENT)
    with runtime.db.session() as session:
        live = drafts.live_content(session)
        found = review(session, live, scope, date.today())
    return render(
        request,
        "console_content_review.html",
        member,
        found=found,
        scope=scope,
        tenants=visible_tenants(runtime, member) if member.central else [],
        message=message,
    )


@router.post("/content/review/overrides/{override_id}/accept")
def accept(runtime: RuntimeDep, member: Reader, override_id: int) -> RedirectResponse:
    scope = member_scope(member)
    with runtime.db.session() as session:
        live = drafts.live_content(session)
        key = accept_override(
            session, override_id, scope.id if scope else None, shared_hashes(live.pack)
        )
        if key is None:
            raise not_found("Det lokale svar")
        audit.record(session, member, "content.review", key, tenant_id=scope.id if scope else None)
    return RedirectResponse("/console/content/review?message=Markeret+som+gennemset", 303)
