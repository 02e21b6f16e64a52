"""The embeddable chat widget: its script, and each tenant's widget settings and texts."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from fastapi import APIRouter, Response

from muni.channels.idle_time import idle_minutes
from muni.domain import Tenant
from muni.runtime import Runtime
from muni.texts import da, en
from muni.texts.names import greeting
from muni.web.deps import RuntimeDep, TenantDep

router = APIRouter()
STATIC = Path(__file__).parents[1] / "static"
# the widget's script is these parts, in this order, inside one function scope (see core.js)
WIDGET_PARTS = (
    "core.js",
    "markdown.js",
    "panel.js",
    "states.js",
    "feedback.js",
    "live.js",
    "voice.js",
    "define.js",
)


@cache
def widget_source() -> str:
    """The parts joined into the one script a municipality embeds (read from disk once per
    process: every page view of every municipality's site asks for it)."""
    parts = [(STATIC / "widget" / name).read_text(encoding="utf-8") for name in WIDGET_PARTS]
    # the words, for when the API is down and no settings were ever loaded (states.js)
    words = json.dumps({"da": da.WIDGET, "en": en.WIDGET}, ensure_ascii=False)
    return (
        f'(function () {{\n"use strict";\nconst WIDGET_TEXTS = {words};\n'
        + "\n".join(parts)
        + "})();\n"
    )


@router.get("/widget.js", include_in_schema=False)
def widget_script() -> Response:
    return Response(
        widget_source(),
        media_type="application/javascript",
        headers={"Cache-Control": "public, max-age=300"},
    )


# the greeting's suggestions when a tenant sets none (theme.starters): common errands
DEFAULT_STARTERS = ("affald", "pas", "flytning", "sundhedskort")


def starters(tenant: Tenant, runtime: Runtime) -> dict[str, list[dict[str, str]]]:
    """3-4 suggestions for the greeting, per language: theme.starters (topic slugs, or
    {topic, label, label_en}) else the default topics, keeping those the content book has."""
    wanted = tenant.theme.get("starters") or DEFAULT_STARTERS
    found: dict[str, list[dict[str, str]]] = {"da": [], "en": []}
    for item in wanted:
        if len(found["da"]) == 4:
            break
        entry = item if isinstance(item, dict) else {"topic": str(item)}
        topic = str(entry.get("topic", ""))
        if not runtime.book.has(topic):
            continue
        for lang in ("da", "en"):
            own = entry.get("label_en" if lang == "en" else "label")
            label = str(own or runtime.book.label(topic, lang))
            found[lang].append({"label": label, "topic": topic})
    return found


@router.get("/api/tenants/{tenant}/widget", tags=["chat"])
def widget_settings(tenant: TenantDep, runtime: RuntimeDep) -> dict[str, object]:
    """Name, colours, texts (Danish and English), the greeting's suggestions and the longest
    message the server takes, for the tenant's chat widget."""
    municipality = tenant.name or runtime.book.values(tenant).get("kommune_navn", "")
    name = tenant.theme.get("name") or municipality
    texts: dict[str, dict[str, str]] = {}
    for lang, words in {"da": da.WIDGET, "en": en.WIDGET}.items():
        texts[lang] = {k: v.replace("{name}", name) for k, v in words.items()}
        texts[lang]["greeting"] = greeting(name, municipality, words)
    return {
        "tenant": tenant.slug,
        "name": name,
        "municipality": municipality,
        "primary": tenant.theme.get("primary", "#0b5cad"),
        "logo": tenant.theme.get("logo"),
        "texts": texts,
        "starters": starters(tenant, runtime),
        "max_chars": runtime.settings.max_message_chars,
        # connection states (states.js): the number shown when the chat is down, the idle
        # time after which a shared computer forgets the conversation, the answer timeout
        "phone": runtime.book.values(tenant).get("kommune_telefon", ""),
        "idle_minutes": idle_minutes(runtime.settings, tenant),
        "answer_timeout_seconds": runtime.settings.widget_answer_timeout_seconds,
    }
