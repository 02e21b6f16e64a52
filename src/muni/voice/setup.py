"""Which speech connectors a tenant uses: the installation's speech server (MUNI_SPEECH_URL)
unless the tenant's `connectors:` section names its own, and the offline espeak-ng voice for
reading aloud when there is no speech server (or it fails).

    connectors:
      speech_to_text: {kind: openai, url: "https://tale.aarhus.dk", model: whisper-large-v3,
                       api_key_env: MUNI_AARHUS_SPEECH_KEY, timeout: 20}
      text_to_speech: {kind: openai, url: "https://tale.aarhus.dk", model: piper-da,
                       voice: da_DK-talesyntese, format: wav}
      # or text_to_speech: {kind: espeak} / {kind: none}; speech_to_text: {kind: none}
"""

from __future__ import annotations

from typing import Any

from muni.config import Settings
from muni.connectors.speech import SpeechToText, TextToSpeech
from muni.connectors.speech_espeak import EspeakSpeech
from muni.connectors.speech_openai import OpenAISpeechToText, OpenAITextToSpeech
from muni.domain import Tenant


def _own(tenant: Tenant, name: str) -> dict[str, Any]:
    return dict((tenant.connectors or {}).get(name) or {})


def _key(settings: Settings, own: dict[str, Any]) -> str:
    env = own.get("api_key_env")
    return settings.connector_secret(str(env)) if env else settings.speech_api_key


def speech_to_text(settings: Settings, tenant: Tenant) -> SpeechToText | None:
    """The tenant's speech-to-text, or None when it has none (the widget then relies on
    the browser's own speech recognition, or shows no microphone)."""
    own = _own(tenant, "speech_to_text")
    kind = own.get("kind") or ("openai" if own.get("url") or settings.speech_url else "none")
    if kind != "openai":
        return None
    return OpenAISpeechToText(
        str(own.get("url") or settings.speech_url),
        model=str(own.get("model") or settings.speech_stt_model),
        api_key=_key(settings, own),
        timeout=float(own.get("timeout") or settings.speech_timeout),
    )


def espeak(settings: Settings) -> EspeakSpeech | None:
    if not settings.speech_espeak:
        return None
    voice = EspeakSpeech(settings.speech_espeak, max_chars=settings.speech_max_chars)
    return voice if voice.available() else None


def text_to_speech(settings: Settings, tenant: Tenant) -> list[TextToSpeech]:
    """The voices to try in turn: the speech server (the tenant's or the installation's),
    then the offline espeak-ng voice. Empty: this installation cannot read aloud."""
    own = _own(tenant, "text_to_speech")
    kind = own.get("kind") or ("openai" if own.get("url") or settings.speech_url else "espeak")
    voices: list[TextToSpeech] = []
    if kind == "openai":
        voices.append(
            OpenAITextToSpeech(
                str(own.get("url") or settings.speech_url),
                model=str(own.get("model") or settings.speech_tts_model),
                voice=str(own.get("voice") or settings.speech_tts_voice),
                audio_format=str(own.get("format") or settings.speech_tts_format),
                api_key=_key(settings, own),
                timeout=float(own.get("timeout") or settings.speech_timeout),
            )
        )
    if kind in ("openai", "espeak") and (offline := espeak(settings)) is not None:
        voices.append(offline)
    return voices


def features(settings: Settings, tenant: Tenant) -> dict[str, bool]:
    """What the widget can ask the server for: transcribing a recording, reading aloud."""
    return {
        "transcribe": speech_to_text(settings, tenant) is not None,
        "speech": bool(text_to_speech(settings, tenant)),
    }
