"""The phone channel's webhook: a contact centre's telephony platform (speech recognition and
keypad on its side) posts what the caller said or pressed, and gets back what to say, a
keypad menu and whether to transfer the call to a person or hang up (voice/phone.py).

Authenticated per tenant with a shared secret named in its `connectors:` section:

    connectors:
      phone: {secret_env: MUNI_AARHUS_PHONE_SECRET}

sent as `Authorization: Bearer <secret>`, or as `X-Muni-Signature: sha256=<hex>`, the
HMAC-SHA256 of the raw body with the secret. Without a setup the webhook refuses (401)."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from typing import Literal

import anyio
from fastapi import APIRouter, Request
from pydantic import BaseModel, Field, ValidationError, model_validator

from muni.conversations.refusals import TurnRefused
from muni.domain import Tenant
from muni.texts import both
from muni.voice.phone import PhoneCalls, PhoneReply
from muni.web.deps import RuntimeDep, TenantDep
from muni.web.errors import ApiError
from muni.web.openapi import errors

router = APIRouter(prefix="/api/tenants/{tenant}", tags=["phone"])
log = logging.getLogger(__name__)


class PhoneIn(BaseModel):
    call_id: str = Field(min_length=1, max_length=200, description="The platform's call id.")
    text: str | None = Field(default=None, max_length=2000, description="Recognised speech.")
    digits: str | None = Field(
        default=None, pattern=r"^[0-9#*]{1,4}$", description="Keys pressed (DTMF)."
    )
    language: Literal["da", "en"] = "da"

    @model_validator(mode="after")
    def one_of(self) -> PhoneIn:
        if self.text is not None and self.digits is not None:
            raise ValueError("send either text or digits, not both")
        return self


class OptionOut(BaseModel):
    digit: str
    label: str


class PhoneOut(BaseModel):
    speak: str
    options: list[OptionOut]
    handoff: bool
    end: bool
    conversation_id: str


def _secret(runtime: RuntimeDep, tenant: Tenant) -> str:
    setup = dict((tenant.connectors or {}).get("phone") or {})
    name = str(setup.get("secret_env") or "")
    try:
        return runtime.settings.connector_secret(name) if name else ""
    except ValueError:
        return ""


def _authorised(request: Request, body: bytes, secret: str) -> bool:
    if not secret:
        return False
    bearer = request.headers.get("authorization", "")
    if bearer.lower().startswith("bearer "):
        return hmac.compare_digest(bearer[7:].strip().encode(), secret.encode())
    signature = request.headers.get("x-muni-signature", "")
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return bool(signature) and hmac.compare_digest(signature.encode(), expected.encode())


def _out(reply: PhoneReply) -> PhoneOut:
    return PhoneOut(
        speak=reply.speak,
        options=[OptionOut(**o) for o in reply.options],
        handoff=reply.handoff,
        end=reply.end,
        conversation_id=reply.conversation_id,
    )


@router.post(
    "/phone",
    response_model=PhoneOut,
    responses=errors(401, 409, 422, 429),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": PhoneIn.model_json_schema()}},
        }
    },
)
async def phone(request: Request, tenant: TenantDep, runtime: RuntimeDep) -> PhoneOut:
    """One step of a phone call: what the caller said (`text`) or pressed (`digits`) in,
    what to say back and the keypad menu out. The first request of a call without text is
    answered with the greeting; 0 asks for a person (`handoff: true`), # ends the call."""
    body = await request.body()
    if not _authorised(request, body, _secret(runtime, tenant)):
        raise ApiError(
            401, "unauthorised", both("phone_unauthorised"), headers={"WWW-Authenticate": "Bearer"}
        )
    try:
        message = PhoneIn.model_validate(json.loads(body or b"null"))
    except (ValueError, ValidationError) as exc:
        problem = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else "not JSON"
        raise ApiError(422, "invalid_request", f"{both('phone_bad_input')} ({problem})") from None
    calls = PhoneCalls(runtime)
    try:
        reply = await anyio.to_thread.run_sync(
            calls.answer, tenant, message.call_id, message.text, message.digits, message.language
        )
    except TurnRefused:
        raise
    except Exception:  # noqa: BLE001 - the caller is put through to a person, not dropped
        log.exception("phone turn failed")
        reply = calls.failed(message.language)
    return _out(reply)
