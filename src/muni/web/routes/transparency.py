"""A municipality's public pages on muni's own origin (no login): the citizen page with the
chat widget (`/t/{tenant}`: where citizen login works, since the widget's cookies are then
first-party), and "Om chatbotten": what the chatbot is for, what it stores and for how long,
which models it runs, who oversees it, how to complain (privacy/transparency.py)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from muni.privacy.transparency import transparency
from muni.web.deps import RuntimeDep, TenantDep

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parents[1] / "templates"))


@router.get("/t/{tenant}/om-chatbotten", response_class=HTMLResponse)
def about_the_chatbot(request: Request, tenant: TenantDep, runtime: RuntimeDep) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "transparency.html", {"t": transparency(runtime, tenant)}
    )


@router.get("/t/{tenant}", response_class=HTMLResponse)
def citizen_page(request: Request, tenant: TenantDep) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        "citizen_page.html",
        {"tenant": tenant, "primary": tenant.theme.get("primary", "#0b5cad")},
    )
