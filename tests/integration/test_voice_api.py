"""The voice routes over HTTP: which features the widget gets, a recording transcribed
(type, size and rate limits, a speech server that is down), an answer read aloud through the
tenant's speech server or the offline espeak-ng voice, and 503 with a clear message when
there is no voice. The speech server is the local stand-in (tests/contracts/speech_server.py)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from muni.conversations.abuse_limits import MINUTE, AbuseLimits, Limit
from muni.store.usage_counters import UsageCounters
from tests.contracts.speech_server import SpeechServer, speech_server
from tests.contracts.test_speech_synthesis_contract import espeak_or_skip
from tests.integration.limit_windows import start_early_in_window
from tests.integration.voice_helpers import speech_setup, tenant_connectors

QUESTION = (Path(__file__).parents[1] / "fixtures" / "voice" / "question-da.wav").read_bytes()
SAID = "Hvad koster et nyt pas?"
NONE = {"speech_to_text": {"kind": "none"}, "text_to_speech": {"kind": "none"}}


@pytest.fixture
def speech(runtime) -> Iterator[SpeechServer]:  # type: ignore[no-untyped-def]
    with speech_server() as server:
        server.knows(QUESTION, SAID)
        with tenant_connectors(runtime, "aarhus", **speech_setup(server.url)):
            yield server


def transcribe(client: httpx.Client, body: bytes, kind: str = "audio/wav") -> httpx.Response:
    return client.post(
        "/api/tenants/aarhus/voice/transcribe", content=body, headers={"content-type": kind}
    )


def test_the_widget_is_told_which_voice_features_the_server_has(client, runtime, speech):
    assert client.get("/api/tenants/aarhus/voice").json() == {"transcribe": True, "speech": True}
    other = client.get("/api/tenants/odense/voice").json()  # no speech server: espeak or none
    assert other == {"transcribe": False, "speech": shutil.which("espeak-ng") is not None}
    with tenant_connectors(runtime, "aarhus", **NONE):
        assert client.get("/api/tenants/aarhus/voice").json() == {
            "transcribe": False,
            "speech": False,
        }


def test_a_recording_becomes_text_and_nothing_is_stored(client, speech):
    response = transcribe(client, QUESTION)
    assert response.status_code == 200 and response.json() == {"text": SAID}
    [seen] = speech.calls
    assert (seen["language"], seen["mime"], seen["size"]) == ("da", "audio/wav", len(QUESTION))


def test_a_recording_larger_than_the_chats_body_limit_is_taken(client, speech, runtime):
    long = QUESTION * 4  # 220 KB: over the 64 KB of a chat message, under the 2 MB of audio
    assert len(long) > runtime.settings.max_body_bytes
    assert transcribe(client, long, "audio/webm;codecs=opus").status_code == 200


def test_too_large_gives_413_in_plain_words(client, speech, runtime):
    response = transcribe(client, b"\0" * (runtime.settings.speech_max_audio_bytes + 1))
    assert response.status_code == 413
    assert "Optagelsen er for lang (højst 2 MB)" in response.json()["error"]["message"]
    assert speech.calls == []


def test_not_audio_gives_415_and_empty_gives_422(client, speech):
    wrong = transcribe(client, b'{"text": "hej"}', "application/json")
    assert wrong.status_code == 415 and wrong.json()["error"]["code"] == "not_audio"
    assert transcribe(client, b"").status_code == 422
    assert speech.calls == []


def test_no_speech_to_text_or_a_server_that_is_down_gives_503(client, runtime):
    response = transcribe(client, QUESTION)
    assert response.status_code == 503
    assert "Skriv dit spørgsmål i stedet" in response.json()["error"]["message"]
    with tenant_connectors(runtime, "aarhus", **speech_setup("http://127.0.0.1:9")):
        down = transcribe(client, QUESTION)
    assert down.status_code == 503 and down.json()["error"]["code"] == "speech_unavailable"


def test_an_answer_is_read_aloud_by_the_speech_server_without_links(client, speech):
    text = "Et pas koster 893 kr. Læs mere på https://aarhus.dk/pas.\n- Ring på 89402000"
    response = client.post("/api/tenants/aarhus/voice/speech", json={"text": text})
    assert response.status_code == 200 and response.headers["content-type"] == "audio/mpeg"
    assert response.content[:2] == b"\xff\xfb" and len(response.content) > 5000
    [seen] = speech.calls
    assert seen["input"] == "Et pas koster 893 kr. Læs mere på aarhus.dk. Ring på 89, 40, 20, 00."
    assert seen["voice"] == "da_DK-talesyntese"


def test_without_a_speech_server_espeak_reads_danish(client):
    espeak_or_skip()
    response = client.post(
        "/api/tenants/odense/voice/speech",
        json={"text": "Hvad kan jeg hjælpe med?", "language": "da"},
    )
    assert response.status_code == 200 and response.headers["content-type"] == "audio/wav"
    assert response.content[:4] == b"RIFF" and len(response.content) > 20_000


def test_a_failing_speech_server_falls_back_to_espeak(client, speech):
    espeak_or_skip()
    speech.status = 500
    response = client.post("/api/tenants/aarhus/voice/speech", json={"text": "Goddag."})
    assert response.status_code == 200 and response.headers["content-type"] == "audio/wav"
    assert speech.calls  # the server was asked first


def test_no_voice_at_all_gives_503_in_plain_words(client, runtime):
    with tenant_connectors(runtime, "aarhus", **NONE):
        response = client.post("/api/tenants/aarhus/voice/speech", json={"text": "Goddag."})
    assert response.status_code == 503
    assert response.json()["error"]["message"].startswith("Kommunen har ikke oplæsning.")


def test_voice_requests_are_rate_limited_per_client(client, runtime, speech, monkeypatch):
    fresh = UsageCounters(runtime.db, os.urandom(16))  # counts of its own, from zero
    low = AbuseLimits(fresh, (Limit("voice", "ip", 2, MINUTE),))
    monkeypatch.setattr(runtime, "abuse_limits", low)
    start_early_in_window(MINUTE)
    codes = [transcribe(client, QUESTION).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    spoken = client.post("/api/tenants/aarhus/voice/speech", json={"text": "Goddag."})
    assert spoken.status_code == 429 and spoken.headers["retry-after"]
