"""The speech boundary: speech-to-text (a recorded question becomes text) and text-to-speech
(an answer becomes audio). Implementations: in-memory fakes (speech_fakes.py), any
OpenAI-compatible speech server such as a municipality's own Whisper (speech_openai.py), and
an offline Danish voice with espeak-ng from Debian (speech_espeak.py). One contract test per
protocol runs against all of them (tests/contracts/test_speech_*_contract.py).

What a citizen says is turned into text here and then answered like typed text: the text
goes through the normal turn (checks, redaction, storage); no audio is ever stored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Speech:
    """Audio to play: the bytes and their media type (audio/wav, audio/mpeg)."""

    audio: bytes
    mime: str

    def __repr__(self) -> str:
        return f"Speech({self.mime}, {len(self.audio)} bytes)"


class SpeechToText(Protocol):
    """Turns a short recording into text. `language` is a hint ("da", "en"). Returns ""
    when nothing was recognised; raises ConnectorUnavailable when the service is down, too
    slow or answers with an error."""

    def transcribe(self, audio: bytes, mime: str, language: str = "da") -> str: ...


class TextToSpeech(Protocol):
    """Reads text aloud in `language` ("da", "en"). Raises ConnectorUnavailable when the
    service is down, too slow or answers with an error."""

    def speak(self, text: str, language: str = "da") -> Speech: ...
