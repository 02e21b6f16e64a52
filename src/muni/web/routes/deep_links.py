"""QR deep links: opening one starts a conversation with the topic's answer; staff make them."""

from __future__ import annotations

import base64
import hmac
from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field

from muni.channels.deep_links import DeepLinkError, check_ref, deep_link, verify
from muni.channels.qr_codes import qr_png, qr_svg
from muni.channels.signing import signing_key
from muni.store.conversations import ConversationRepository
from muni.web.deps import RuntimeDep, SessionDep, TenantDep
from muni.web.errors import ApiError

router = APIRouter()

REFUSED_PAGE = """<!doctype html><html lang="da"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Ugyldigt link</title>
</head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto">
<h1>Linket virker ikke</h1>
<p>Linket eller QR-koden er ugyldig eller er blevet ændret, så vi kan ikke åbne den.
Du kan stadig stille dit spørgsmål i chatten.</p>
<p lang="en">This link or QR code is invalid or has been changed. You can still ask your
question in the chat.</p>
<p><a href="/t/{tenant}">Gå til kommunens chat / Go to the chat</a></p></body></html>"""


class NewQrCode(BaseModel):
    topic: str = Field(max_length=64)
    ref: str = Field(default="", max_length=64, description="The letter's reference, if any.")


@router.get("/q/{tenant}/{topic}", include_in_schema=False)
def open_deep_link(
    tenant: TenantDep,
    session: SessionDep,
    runtime: RuntimeDep,
    topic: str,
    sig: Annotated[str, Query(max_length=64)] = "",
    ref: Annotated[str, Query(max_length=64)] = "",
) -> object:
    """Start a conversation on the topic (channel `qr`) and open it on the citizen page."""
    try:
        verify(signing_key(runtime.settings), tenant.slug, topic, ref, sig)
        if not runtime.book.has(topic):
            raise DeepLinkError("unknown topic")
    except DeepLinkError:
        return HTMLResponse(REFUSED_PAGE.replace("{tenant}", tenant.slug), status_code=400)
    repo = ConversationRepository(session, tenant)
    conversation = repo.create(channel="qr", channel_ref=ref or None)
    session.commit()
    label = runtime.book.label(topic, "da")
    runtime.turns.answer(tenant, conversation.id, label, topic=topic)
    # the municipality's citizen page opens the conversation; it reads the letter's
    # reference from the conversation, not from the address
    return RedirectResponse(f"/t/{tenant.slug}?samtale={conversation.id}", status_code=303)


@router.post("/api/tenants/{tenant}/qr", tags=["staff"])
def make_qr_code(
    tenant: TenantDep,
    runtime: RuntimeDep,
    body: NewQrCode,
    authorization: Annotated[str, Header()] = "",
) -> dict[str, str]:
    """Make a signed deep link and its QR code (PNG as base64, and SVG) for a topic.

    Staff only: needs `Authorization: Bearer <MUNI_ADMIN_TOKEN>`."""
    token = runtime.settings.admin_token
    given = authorization.encode("utf-8", "replace")
    if not token or not hmac.compare_digest(given, f"Bearer {token}".encode()):
        raise ApiError(403, "forbidden", "Kun for medarbejdere. / Staff only.")
    if not runtime.book.has(body.topic):
        raise ApiError(422, "unknown_topic", f"Emnet '{body.topic}' findes ikke. / Unknown topic.")
    try:
        check_ref(body.ref)
    except DeepLinkError as exc:
        raise ApiError(422, "invalid_ref", f"Ugyldig reference: {exc}") from exc
    url = deep_link(
        runtime.settings.public_base_url,
        signing_key(runtime.settings),
        tenant.slug,
        body.topic,
        body.ref,
    )
    return {"url": url, "svg": qr_svg(url), "png_base64": base64.b64encode(qr_png(url)).decode()}
