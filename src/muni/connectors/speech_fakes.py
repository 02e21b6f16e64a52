"""In-memory fakes of the speech protocols (connectors/speech.py), for tests."""

from __future__ import annotations

import hashlib
import struct

from muni.connectors.protocols import ConnectorUnavailable
from muni.connectors.speech import Speech


def silent_wav(seconds: float, rate: int = 8000) -> bytes:
    """A valid mono 16-bit WAV file of silence."""
    data = b"\0\0" * int(seconds * rate)
    header = b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVE"
    fmt = b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
    return header + fmt + b"data" + struct.pack("<I", len(data)) + data


class FakeSpeechToText:
    """Knows the transcript of each recording it was given (by the audio's SHA-256); an
    unknown recording gives "". Records the (mime, language) of every request."""

    def __init__(self, transcripts: dict[bytes, str] | None = None, down: bool = False) -> None:
        self.transcripts = {
            hashlib.sha256(audio).hexdigest(): text for audio, text in (transcripts or {}).items()
        }
        self.down = down
        self.requests: list[tuple[str, str]] = []

    def transcribe(self, audio: bytes, mime: str, language: str = "da") -> str:
        if self.down:
            raise ConnectorUnavailable("fake speech-to-text is down")
        self.requests.append((mime, language))
        return self.transcripts.get(hashlib.sha256(audio).hexdigest(), "")


class FakeTextToSpeech:
    """Answers with silence, a tenth of a second per word; records what it was asked."""

    def __init__(self, down: bool = False) -> None:
        self.down = down
        self.spoken: list[tuple[str, str]] = []

    def speak(self, text: str, language: str = "da") -> Speech:
        if self.down:
            raise ConnectorUnavailable("fake text-to-speech is down")
        if not text.strip():
            raise ValueError("nothing to say")
        self.spoken.append((text, language))
        return Speech(silent_wav(0.1 * max(1, len(text.split()))), "audio/wav")
