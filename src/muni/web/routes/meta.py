"""Health, the public list of tenants, and the demo chat page."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from muni import __version__
from muni.store.tenants import TenantRepository
from muni.web.deps import RuntimeDep, SessionDep

router = APIRouter()
templates = Jinja2Templates(directory=str(Path(__file__).parents[1] / "templates"))


@router.get("/api/health", tags=["meta"])
async def health(runtime: RuntimeDep) -> dict[str, object]:
    """Liveness: version, number of topics, and whether semantic embeddings are on.
    Answered on the event loop, without a thread or the database, so it answers under load."""
    return {
        "status": "ok",
        "version": __version__,
        "topics": len(runtime.pack.topics),
        "semantic": runtime.embedder is not None,
    }


@router.get("/api/tenants", tags=["meta"])
def tenants(session: SessionDep) -> list[dict[str, str]]:
    """The municipalities this installation serves (slug, name, municipality code)."""
    return [
        {"slug": t.slug, "name": t.name, "municipality_code": t.municipality_code}
        for t in TenantRepository(session).all()
    ]


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def demo_page(request: Request, session: SessionDep) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "demo.html", {"tenants": TenantRepository(session).all()}
    )
