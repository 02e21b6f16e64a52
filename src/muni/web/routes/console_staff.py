"""Staff accounts and the audit log in the console. A superuser manages their municipality's
accounts (superuser, agent, viewer); a platform admin manages every account, central ones too.
Every change is written to the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from muni.domain import Tenant
from muni.staff.passwords import HASHER, HasherBusy
from muni.staff.roles import (
    CENTRAL_ROLES,
    MUNICIPAL_ROLES,
    ROLE_NAMES,
    Permission,
    Role,
    StaffMember,
)
from muni.store import audit
from muni.store.staff import StaffExists, StaffRepository
from muni.store.tenants import TenantRepository
from muni.web.console_pages import render
from muni.web.deps import RuntimeDep
from muni.web.errors import ApiError
from muni.web.staff_auth import chosen_tenant, csrf_protect, require

router = APIRouter(prefix="/console", include_in_schema=False, dependencies=[Depends(csrf_protect)])
StaffAdmin = Annotated[StaffMember, require(Permission.STAFF)]
Auditor = Annotated[StaffMember, require(Permission.AUDIT)]
MIN_PASSWORD = 10


def _roles_for(member: StaffMember, tenant: Tenant | None) -> list[Role]:
    """The roles `member` may give to an account in `tenant` (None: central accounts)."""
    if tenant is None:
        return sorted(CENTRAL_ROLES) if member.role == Role.PLATFORM_ADMIN else []
    return list(MUNICIPAL_ROLES)


def _page(
    request: Request,
    runtime,
    member: StaffMember,
    slug: str,
    message: str = "",  # type: ignore[no-untyped-def]
    error: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    tenant = chosen_tenant(runtime, member, slug or None, Permission.STAFF)
    with runtime.db.read() as session:
        accounts = StaffRepository(session, tenant).all()
        tenants = TenantRepository(session).all() if member.central else []
    return render(
        request,
        "console_staff.html",
        member,
        status_code=status_code,
        accounts=accounts,
        tenant=tenant,
        tenants=tenants,
        roles=_roles_for(member, tenant),
        role_names=ROLE_NAMES,
        message=message,
        error=error,
    )


@router.get("/staff", response_class=HTMLResponse)
def staff_page(
    request: Request, runtime: RuntimeDep, member: StaffAdmin, tenant: str = ""
) -> HTMLResponse:
    return _page(request, runtime, member, tenant)


@router.post("/staff", response_class=HTMLResponse)
async def add_staff(
    request: Request,
    runtime: RuntimeDep,
    member: StaffAdmin,
    username: Annotated[str, Form(min_length=1, max_length=100)],
    display_name: Annotated[str, Form(min_length=1, max_length=200)],
    role: Annotated[str, Form(max_length=20)],
    tenant: Annotated[str, Form(max_length=64)] = "",
    email: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
) -> HTMLResponse:
    scope = chosen_tenant(runtime, member, tenant or None, Permission.STAFF)
    if role not in _roles_for(member, scope):
        raise ApiError(403, "forbidden", "Den rolle kan du ikke give her. / Role not allowed.")
    if password and len(password) < MIN_PASSWORD:
        return _page(
            request,
            runtime,
            member,
            tenant,
            error=(f"Adgangskoden skal være mindst {MIN_PASSWORD} tegn."),
            status_code=422,
        )
    if not password and not email:
        return _page(
            request,
            runtime,
            member,
            tenant,
            error=("Giv enten en adgangskode eller en e-mail til fælles login."),
            status_code=422,
        )
    try:
        password_hash = await HASHER.hash(password) if password else None
    except HasherBusy as busy:
        raise ApiError(
            503, "busy", "Der er travlt. Prøv igen. / Busy.", {"Retry-After": "1"}
        ) from busy
    with runtime.db.session() as session:
        try:
            row = StaffRepository(session, scope).add(
                username.strip(),
                display_name.strip(),
                None,
                Role(role),
                email=email or None,
                password_hash=password_hash,
            )
        except StaffExists:
            return _page(
                request,
                runtime,
                member,
                tenant,
                error=(f"Brugernavnet {username} findes allerede."),
                status_code=409,
            )
        audit.record(
            session,
            member,
            "staff.add",
            username,
            tenant_id=scope.id if scope else None,
            details={"role": role},
        )
        session.commit()
        added = row.username
    return _page(request, runtime, member, tenant, message=f"{added} er oprettet.")


def _account(runtime, member: StaffMember, staff_id: int, slug: str):  # type: ignore[no-untyped-def]
    scope = chosen_tenant(runtime, member, slug or None, Permission.STAFF)
    if scope is None and member.role != Role.PLATFORM_ADMIN:
        raise ApiError(403, "forbidden", "Kun for platformadministratorer. / Admins only.")
    return scope


@router.post("/staff/{staff_id}/role")
def change_role(
    runtime: RuntimeDep,
    member: StaffAdmin,
    staff_id: int,
    role: Annotated[str, Form(max_length=20)],
    tenant: Annotated[str, Form(max_length=64)] = "",
) -> RedirectResponse:
    scope = _account(runtime, member, staff_id, tenant)
    if role not in _roles_for(member, scope):
        raise ApiError(403, "forbidden", "Den rolle kan du ikke give her. / Role not allowed.")
    with runtime.db.session() as session:
        repo = StaffRepository(session, scope)
        row = repo.get(staff_id)
        if row is None:
            raise ApiError(404, "unknown_staff", "Findes ikke. / Not found.")
        before = row.role
        repo.set_role(row, Role(role))
        audit.record(
            session,
            member,
            "staff.role",
            row.username,
            tenant_id=scope.id if scope else None,
            details={"from": before, "to": role},
        )
        session.commit()
    return RedirectResponse(f"/console/staff?tenant={tenant}", status_code=303)


@router.post("/staff/{staff_id}/active")
def change_active(
    runtime: RuntimeDep,
    member: StaffAdmin,
    staff_id: int,
    active: Annotated[bool, Form()],
    tenant: Annotated[str, Form(max_length=64)] = "",
) -> RedirectResponse:
    scope = _account(runtime, member, staff_id, tenant)
    with runtime.db.session() as session:
        repo = StaffRepository(session, scope)
        row = repo.get(staff_id)
        if row is None:
            raise ApiError(404, "unknown_staff", "Findes ikke. / Not found.")
        if row.id == member.id:
            raise ApiError(409, "own_account", "Du kan ikke lukke din egen adgang. / Not yourself.")
        repo.set_active(row, active)
        audit.record(
            session,
            member,
            "staff.active" if active else "staff.inactive",
            row.username,
            tenant_id=scope.id if scope else None,
        )
        session.commit()
    return RedirectResponse(f"/console/staff?tenant={tenant}", status_code=303)


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request, runtime: RuntimeDep, member: Auditor, tenant: str = ""
) -> HTMLResponse:
    scope = chosen_tenant(runtime, member, tenant or None, Permission.AUDIT)
    with runtime.db.read() as session:
        rows = audit.recent(session, scope.id if scope else None)
        names = {t.id: t.name for t in TenantRepository(session).all()}
    return render(request, "console_audit.html", member, rows=rows, names=names, tenant=scope)
