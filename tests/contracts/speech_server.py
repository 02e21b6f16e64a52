"""A local stand-in for an OpenAI-compatible speech server (a municipality's own Whisper and
TTS server) on 127.0.0.1, for the speech adapters' contract tests and the voice tests.

It cannot recognise speech: POST /v1/audio/transcriptions answers with the transcript
registered for the uploaded file's SHA-256 ("" for an unknown recording), after checking the
request has the shape the OpenAI API has (multipart with file, model, language).
POST /v1/audio/speech answers with a silent but valid WAV (response_format wav) or MP3 frames
(mp3), a tenth of a second per word. `default`, when set, is the transcript of any
recording it does not know (a browser's own recording, whose bytes differ each time).
`delay` makes it slow, `status` makes it fail, `key` makes it demand that Bearer token;
`calls` lists what each request carried."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

from muni.connectors.speech_fakes import silent_wav
from tests.contracts.local_http import LocalServer

MP3_FRAME = b"\xff\xfb\x90\x64" + b"\0" * 413  # MPEG-1 layer III, 128 kbit/s, 44.1 kHz


def form_fields(content_type: str, body: bytes) -> dict[str, tuple[str | None, str, bytes]]:
    """multipart/form-data as {name: (filename, content type, bytes)}."""
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    fields = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        fields[str(name)] = (
            part.get_filename(),
            part.get_content_type(),
            part.get_payload(decode=True) or b"",
        )
    return fields


class SpeechServer(LocalServer):
    def __init__(self) -> None:
        super().__init__(post=self.answer)
        self.transcripts: dict[str, str] = {}
        self.default = ""
        self.status = 200
        self.key = ""
        self.calls: list[dict[str, Any]] = []  # what each request carried

    def knows(self, audio: bytes, transcript: str) -> None:
        self.transcripts[hashlib.sha256(audio).hexdigest()] = transcript

    def answer(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, str, bytes]:
        headers = {k.lower(): v for k, v in headers.items()}
        seen: dict[str, Any] = {"path": path, "authorization": headers.get("authorization", "")}
        self.calls.append(seen)
        if self.status != 200:
            return self.status, "application/json", b'{"error": {"message": "busy"}}'
        if self.key and seen["authorization"] != f"Bearer {self.key}":
            return 401, "application/json", b'{"error": {"message": "bad key"}}'
        if path == "/v1/audio/transcriptions":
            fields = form_fields(headers.get("content-type", ""), body)
            if "file" not in fields or "model" not in fields:
                return 400, "application/json", b'{"error": {"message": "file and model"}}'
            name, kind, audio = fields["file"]
            seen.update(
                model=fields["model"][2].decode(),
                language=fields.get("language", (None, "", b""))[2].decode(),
                filename=name,
                mime=kind,
                size=len(audio),
            )
            text = self.transcripts.get(hashlib.sha256(audio).hexdigest(), self.default)
            return 200, "application/json", json.dumps({"text": text}).encode()
        if path == "/v1/audio/speech":
            request = json.loads(body)
            seen.update(request)
            words = max(1, len(str(request.get("input", "")).split()))
            if request.get("response_format") == "wav":
                return 200, "audio/wav", silent_wav(0.1 * words)
            return 200, "audio/mpeg", MP3_FRAME * (4 * words)
        return 404, "application/json", b'{"error": {"message": "not found"}}'


@contextmanager
def speech_server() -> Iterator[SpeechServer]:
    server = SpeechServer().start()
    try:
        yield server
    finally:
        server.stop()
