"""The public "Om chatbotten" page of a municipality (no login): what the chatbot is for,
what it stores and for how long, which models it runs, who oversees it, how to complain.
Generated from configuration (privacy/transparency.py)."""

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
