"""Speech through an OpenAI-compatible server (a municipality's own Whisper and TTS server,
e.g. faster-whisper-server / speaches, LocalAI, vLLM's audio API, or a cloud service):

    POST {url}/v1/audio/transcriptions   multipart: file, model, language  ->  {"text": ...}
    POST {url}/v1/audio/speech           JSON: model, input, voice, response_format -> audio

`url` is the server's base address (a trailing /v1 is accepted). The API key, if any, is
sent as a Bearer token. A timeout, an error status or an answer of the wrong shape raises
ConnectorUnavailable; neither the audio nor the text is ever logged."""

from __future__ import annotations

import httpx

from muni.connectors.protocols import ConnectorUnavailable
from muni.connectors.speech import Speech

AUDIO_TYPES = {"mp3": "audio/mpeg", "wav": "audio/wav", "opus": "audio/ogg", "flac": "audio/flac"}
EXTENSIONS = {
    "webm": "webm",
    "ogg": "ogg",
    "wav": "wav",
    "x-wav": "wav",
    "mpeg": "mp3",
    "mp4": "mp4",
    "mp3": "mp3",
    "flac": "flac",
    "m4a": "m4a",
    "aac": "m4a",
}


def _base(url: str) -> str:
    return url.rstrip("/").removesuffix("/v1")


def _headers(api_key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_key}"} if api_key else {}


class OpenAISpeechToText:
    def __init__(
        self, url: str, model: str = "whisper-1", api_key: str = "", timeout: float = 15.0
    ) -> None:
        self.url = _base(url)
        self.model = model
        self.api_key = api_key
        self.timeout = timeout

    def transcribe(self, audio: bytes, mime: str, language: str = "da") -> str:
        kind = mime.split(";")[0].strip().lower().removeprefix("audio/")
        name = f"speech.{EXTENSIONS.get(kind, 'webm')}"
        try:
            response = httpx.post(
                f"{self.url}/v1/audio/transcriptions",
                files={"file": (name, audio, mime)},
                data={"model": self.model, "language": language, "response_format": "json"},
                headers=_headers(self.api_key),
                timeout=self.timeout,
            )
            response.raise_for_status()
            text = response.json().get("text")
        except (httpx.HTTPError, ValueError, AttributeError) as exc:
            raise ConnectorUnavailable(f"speech-to-text: {type(exc).__name__}") from None
        if not isinstance(text, str):
            raise ConnectorUnavailable("speech-to-text: unexpected answer")
        return text.strip()


class OpenAITextToSpeech:
    def __init__(
        self,
        url: str,
        model: str = "tts-1",
        voice: str = "alloy",
        audio_format: str = "mp3",
        api_key: str = "",
        timeout: float = 15.0,
    ) -> None:
        self.url = _base(url)
        self.model = model
        self.voice = voice
        self.audio_format = audio_format if audio_format in AUDIO_TYPES else "mp3"
        self.api_key = api_key
        self.timeout = timeout

    def speak(self, text: str, language: str = "da") -> Speech:
        if not text.strip():
            raise ValueError("nothing to say")
        body = {
            "model": self.model,
            "input": text,
            "voice": self.voice,
            "response_format": self.audio_format,
        }
        try:
            response = httpx.post(
                f"{self.url}/v1/audio/speech",
                json=body,
                headers=_headers(self.api_key),
                timeout=self.timeout,
            )
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise ConnectorUnavailable(f"text-to-speech: {type(exc).__name__}") from None
        kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if not response.content or kind.startswith(("application/json", "text/")):
            raise ConnectorUnavailable("text-to-speech: no audio in the answer")
        return Speech(
            response.content, kind if kind.startswith("audio/") else AUDIO_TYPES[self.audio_format]
        )
