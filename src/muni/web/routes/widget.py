"""The embeddable chat widget: its script, and each tenant's widget settings and texts."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Response

from muni.texts import da, en
from muni.web.deps import RuntimeDep, TenantDep

router = APIRouter()
STATIC = Path(__file__).parents[1] / "static"
# the widget's script is these parts, in this order, inside one function scope (see core.js)
WIDGET_PARTS = (
    "core.js",
    "markdown.js",
    "states.js",
    "feedback.js",
    "live.js",
    "voice.js",
    "define.js",
)


def widget_source() -> str:
    """The parts joined into the one script a municipality embeds."""
    parts = [(STATIC / "widget" / name).read_text(encoding="utf-8") for name in WIDGET_PARTS]
    return '(function () {\n"use strict";\n' + "\n".join(parts) + "})();\n"


@router.get("/widget.js", include_in_schema=False)
def widget_script() -> Response:
    return Response(
        widget_source(),
        media_type="application/javascript",
        headers={"Cache-Control": "public, max-age=300"},
    )


@router.get("/api/tenants/{tenant}/widget", tags=["chat"])
def widget_settings(tenant: TenantDep, runtime: RuntimeDep) -> dict[str, object]:
    """Name, colours and texts (Danish and English) for the tenant's chat widget."""
    name = tenant.theme.get("name") or runtime.book.values(tenant).get("kommune_navn", "")
    texts = {
        lang: {k: v.replace("{name}", name) for k, v in words.items()}
        for lang, words in {"da": da.WIDGET, "en": en.WIDGET}.items()
    }
    return {
        "tenant": tenant.slug,
        "name": name,
        "primary": tenant.theme.get("primary", "#0b5cad"),
        "logo": tenant.theme.get("logo"),
        "texts": texts,
    }
