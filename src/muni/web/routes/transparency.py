"""A municipality's public pages on muni's own origin (no login): the citizen page with the
chat widget (`/t/{tenant}`: where citizen login works, since the widget's cookies are then
first-party), and "Om chatbotten": what the chatbot is for, what it stores and for how long,
which models it runs, who oversees it, how to complain (privacy/transparency.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from muni.channels.idle_time import idle_minutes
from muni.privacy.transparency import transparency
from muni.store.conversations import ConversationRepository
from muni.store.tables import utcnow
from muni.web.deps import RuntimeDep, SessionDep, TenantDep

router = APIRouter(include_in_schema=False)


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive UTC times."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


templates = Jinja2Templates(directory=str(Path(__file__).parents[1] / "templates"))


@router.get("/t/{tenant}/om-chatbotten", response_class=HTMLResponse)
def about_the_chatbot(request: Request, tenant: TenantDep, runtime: RuntimeDep) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "transparency.html", {"t": transparency(runtime, tenant)}
    )


def tel_href(number: str) -> str:
    """A phone number as a tel: link (Danish numbers of 8 digits get +45)."""
    digits = "".join(c for c in number if c.isdigit() or c == "+")
    return f"tel:+45{digits}" if len(digits) == 8 else f"tel:{digits}"


@router.get("/t/{tenant}", response_class=HTMLResponse)
def citizen_page(
    request: Request,
    tenant: TenantDep,
    runtime: RuntimeDep,
    session: SessionDep,
    samtale: Annotated[str, Query(max_length=64)] = "",
) -> HTMLResponse:
    """The municipality's own chat page, the widget open full-page. A QR link lands here with
    `?samtale=<id>`: the widget opens that conversation, and the letter's reference is read
    from the conversation itself (never from the address). Only a conversation started within
    the widget's idle time opens: an old address in the browser's history shows nothing."""
    conversation, letter = None, None
    if samtale:
        row = ConversationRepository(session, tenant).get(samtale)
        idle = timedelta(minutes=idle_minutes(runtime.settings, tenant))
        if (
            row is not None
            and row.citizen_subject is None
            and utcnow() - aware(row.created_at) < idle
        ):
            conversation, letter = row.id, row.channel_ref
    phone = runtime.book.values(tenant).get("kommune_telefon", "")
    return templates.TemplateResponse(
        request,
        "citizen_page.html",
        {
            "tenant": tenant,
            "municipality": tenant.name,
            "name": tenant.theme.get("name") or tenant.name,
            "primary": tenant.theme.get("primary", "#0b5cad"),
            "logo": tenant.theme.get("logo"),
            "phone": phone,
            "phone_href": tel_href(phone) if phone else "",
            "conversation": conversation,
            "letter": letter,
        },
    )
