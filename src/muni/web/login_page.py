"""The staff login page (password form, and the single sign-on button when configured),
shared by the password login and the single sign-on routes."""

from __future__ import annotations

import time

from fastapi import Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from muni.domain import Tenant
from muni.runtime import Runtime
from muni.staff.roles import Role
from muni.store.tenants import TenantRepository
from muni.web.console_pages import templates

TENANTS_FOR = 30.0  # seconds the login form's list of municipalities is reused


def safe_next(target: str) -> str:
    """Only a path on this site (no scheme, no //host): an open redirect otherwise."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return ""


def landing(role: str) -> str:
    return "/agent" if role == Role.AGENT else "/console"


async def _tenant_choices(request: Request, runtime: Runtime) -> list[Tenant]:
    """The municipalities for the login form, read at most every TENANTS_FOR so that showing
    the form (also to a refused guesser) costs no database read."""
    cached = getattr(request.app.state, "staff_login_tenants", None)
    now = time.monotonic()
    if cached is not None and cached[0] > now:
        return cached[1]

    def read() -> list[Tenant]:
        with runtime.db.read() as session:
            return TenantRepository(session).all()

    tenants = await run_in_threadpool(read)
    request.app.state.staff_login_tenants = (now + TENANTS_FOR, tenants)
    return tenants


async def login_page_response(
    request: Request,
    runtime: Runtime,
    error: str = "",
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    tenant: str | None = None,
    username: str = "",
    next_path: str = "",
) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        "console_login.html",
        {
            "tenants": await _tenant_choices(request, runtime),
            "error": error,
            "selected": tenant or "",
            "central_selected": tenant == "",
            "username": username,
            "next": safe_next(next_path),
            "oidc": runtime.settings.staff_oidc_name if runtime.settings.staff_oidc_issuer else "",
        },
        status_code=status_code,
        headers=headers,
    )
