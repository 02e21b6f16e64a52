"""An offline voice for reading answers aloud: espeak-ng from Debian (`apt install
espeak-ng`), Danish (`-v da`) or English (`-v en`). Robotic but always there, with no
outside service. The text goes in on stdin (never through a shell or as an argument),
at most `max_chars` characters; a WAV file comes back on stdout within `timeout` seconds."""

from __future__ import annotations

import shutil
import struct
import subprocess

from muni.connectors.protocols import ConnectorUnavailable
from muni.connectors.speech import Speech

VOICES = {"da": "da", "en": "en"}


def fix_wav_sizes(wav: bytes) -> bytes:
    """espeak-ng writes a WAV to a pipe with placeholder sizes (it cannot seek back): put
    the real RIFF and data sizes in, so every player knows the length."""
    if len(wav) < 44 or wav[:4] != b"RIFF" or wav[36:40] != b"data":
        return wav
    return (
        wav[:4]
        + struct.pack("<I", len(wav) - 8)
        + wav[8:40]
        + struct.pack("<I", len(wav) - 44)
        + wav[44:]
    )


class EspeakSpeech:
    def __init__(
        self,
        command: str = "espeak-ng",
        timeout: float = 10.0,
        max_chars: int = 1500,
        words_per_minute: int = 155,
    ) -> None:
        self.command = command
        self.timeout = timeout
        self.max_chars = max_chars
        self.words_per_minute = words_per_minute

    def available(self) -> bool:
        return shutil.which(self.command) is not None

    def speak(self, text: str, language: str = "da") -> Speech:
        text = text.strip()[: self.max_chars]
        if not text:
            raise ValueError("nothing to say")
        binary = shutil.which(self.command)
        if binary is None:
            raise ConnectorUnavailable("text-to-speech: espeak-ng is not installed")
        argv = [
            binary,
            "-v",
            VOICES.get(language, "da"),
            "-s",
            str(self.words_per_minute),
            "-b",
            "1",
            "--stdin",
            "--stdout",
        ]
        try:
            done = subprocess.run(
                argv,
                input=text.encode("utf-8"),
                capture_output=True,
                timeout=self.timeout,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ConnectorUnavailable(f"text-to-speech: espeak-ng {type(exc).__name__}") from None
        if done.returncode != 0 or not done.stdout.startswith(b"RIFF"):
            raise ConnectorUnavailable(f"text-to-speech: espeak-ng exit {done.returncode}")
        return Speech(fix_wav_sizes(done.stdout), "audio/wav")
