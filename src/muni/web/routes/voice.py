"""Voice in the widget: a recording becomes text (which the widget then sends as a normal
chat message: answered, redacted and stored like typed text), and an answer is read aloud.
Both rate-limited per client IP (MUNI_LIMIT_VOICE_PER_IP); nothing here stores anything."""

from __future__ import annotations

from typing import Literal

import anyio
from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from muni.connectors.protocols import ConnectorUnavailable
from muni.texts import both
from muni.voice.setup import features, speech_to_text, text_to_speech
from muni.voice.speakable import speakable
from muni.web.deps import RuntimeDep, TenantDep, limited
from muni.web.errors import ApiError
from muni.web.openapi import ErrorOut, errors

router = APIRouter(prefix="/api/tenants/{tenant}/voice", tags=["voice"])
TRANSCRIBE_PATH = "/voice/transcribe"
NOT_AUDIO = {"model": ErrorOut, "description": "The body is not audio (Content-Type audio/...)."}


def too_large(max_bytes: int) -> str:
    return both("voice_too_large", mb=f"{max_bytes / 1024 / 1024:.0f}")


class SpeechIn(BaseModel):
    text: str = Field(min_length=1, max_length=10_000, description="The answer to read aloud.")
    language: Literal["da", "en"] = "da"


class TranscriptOut(BaseModel):
    text: str


@router.post(
    "/transcribe",
    response_model=TranscriptOut,
    dependencies=[limited("voice")],
    responses={**errors(413, 422, 429, 503), 415: NOT_AUDIO},
)
async def transcribe(
    request: Request, tenant: TenantDep, runtime: RuntimeDep, language: Literal["da", "en"] = "da"
) -> TranscriptOut:
    """A recorded question (the body, `Content-Type: audio/...`) as text, through the
    tenant's speech-to-text. The text is not stored here: the widget sends it as a message."""
    settings = runtime.settings
    mime = request.headers.get("content-type", "").strip()
    if not mime.lower().startswith("audio/"):
        raise ApiError(415, "not_audio", both("voice_not_audio"))
    audio = await request.body()
    if len(audio) > settings.speech_max_audio_bytes:
        raise ApiError(413, "body_too_large", too_large(settings.speech_max_audio_bytes))
    if not audio:
        raise ApiError(422, "empty_audio", both("voice_empty"))
    recogniser = speech_to_text(settings, tenant)
    if recogniser is None:
        raise ApiError(503, "no_speech_to_text", both("voice_no_stt"))
    try:
        text = await anyio.to_thread.run_sync(recogniser.transcribe, audio, mime, language)
    except ConnectorUnavailable:
        raise ApiError(503, "speech_unavailable", both("voice_stt_down")) from None
    return TranscriptOut(text=text[: settings.max_message_chars])


def cut(text: str, limit: int) -> str:
    """At most `limit` characters, ending at a sentence where possible."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    end = max(head.rfind(". "), head.rfind("? "), head.rfind("! "))
    return head[: end + 1] if end > limit // 2 else head


@router.post(
    "/speech",
    response_class=Response,
    dependencies=[limited("voice")],
    responses={200: {"content": {"audio/wav": {}, "audio/mpeg": {}}}, **errors(422, 429, 503)},
)
def speech(body: SpeechIn, tenant: TenantDep, runtime: RuntimeDep) -> Response:
    """The text read aloud (an answer: web addresses, Markdown and lists are made speakable
    first) through the tenant's voice: its speech server, else the offline espeak-ng voice."""
    settings = runtime.settings
    text = cut(speakable(body.text), settings.speech_max_chars)
    if not text:
        raise ApiError(422, "nothing_to_say", both("voice_empty_text"))
    voices = text_to_speech(settings, tenant)
    if not voices:
        raise ApiError(503, "no_text_to_speech", both("voice_no_tts"))
    for voice in voices:
        try:
            spoken = voice.speak(text, body.language)
        except ConnectorUnavailable:
            continue
        return Response(spoken.audio, media_type=spoken.mime, headers={"Cache-Control": "no-store"})
    raise ApiError(503, "speech_unavailable", both("voice_tts_down"))


@router.get("", tags=["voice"])
def voice_features(tenant: TenantDep, runtime: RuntimeDep) -> dict[str, bool]:
    """Which voice features the server offers this tenant's widget: `transcribe` (a
    speech-to-text server) and `speech` (read-aloud: a speech server or espeak-ng)."""
    return features(runtime.settings, tenant)
