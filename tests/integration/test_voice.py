"""Done when: a recorded Danish question goes through the speech-to-text connector against a
local OpenAI-compatible server, is answered by the real muni pipeline over HTTP (a live
server), and the answer comes back as speech.

The local server (tests/contracts/speech_server.py) cannot recognise speech: it returns the
transcript registered for the recording's SHA-256. The recording itself is real speech,
made once with espeak-ng (tests/fixtures/voice/README.md). What is tested is everything
around recognition: the adapter's request, the route, the turn answered and stored like
typed text, and audio back through the speech server or the offline espeak-ng voice."""

from __future__ import annotations

import io
import wave
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from muni.voice.speakable import speakable
from tests.contracts.speech_server import SpeechServer, speech_server
from tests.contracts.test_speech_synthesis_contract import espeak_or_skip
from tests.integration.voice_helpers import speech_setup, tenant_connectors

QUESTION = (Path(__file__).parents[1] / "fixtures" / "voice" / "question-da.wav").read_bytes()
SAID = "Hvad koster et nyt pas?"


@pytest.fixture
def speech(runtime) -> Iterator[SpeechServer]:  # type: ignore[no-untyped-def]
    with speech_server() as server:
        server.knows(QUESTION, SAID)
        yield server


def ask_by_voice(client: httpx.Client, audio: bytes) -> tuple[str, dict]:
    """What the widget does: transcribe, then send the text as a normal chat message."""
    heard = client.post(
        "/api/tenants/aarhus/voice/transcribe", content=audio, headers={"content-type": "audio/wav"}
    )
    assert heard.status_code == 200, heard.text
    conversation = client.post("/api/tenants/aarhus/conversations", json={}).json()["id"]
    turn = client.post(
        f"/api/tenants/aarhus/conversations/{conversation}/messages",
        json={"text": heard.json()["text"]},
    )
    assert turn.status_code == 200, turn.text
    return conversation, turn.json()


def test_a_spoken_danish_question_is_answered_in_speech(client, runtime, speech):
    with tenant_connectors(runtime, "aarhus", **speech_setup(speech.url, "wav")):
        conversation, turn = ask_by_voice(client, QUESTION)
        answer = turn["answer"]
        assert turn["question"] == SAID
        assert answer["topic"] == "pas" and "kr." in answer["text"]
        spoken = client.post(
            "/api/tenants/aarhus/voice/speech",
            json={"text": answer["text"], "language": answer["language"]},
        )
    assert spoken.status_code == 200 and spoken.headers["content-type"] == "audio/wav"
    with wave.open(io.BytesIO(spoken.content)) as audio:
        assert audio.getnframes() / audio.getframerate() > 1.0
    paths = [r["path"] for r in speech.calls]
    assert paths == ["/v1/audio/transcriptions", "/v1/audio/speech"]
    # what is sent to be spoken is the answer as read aloud (no quote marks, no links)
    assert speech.calls[1]["input"].startswith(speakable(answer["text"]).split(".")[0])
    stored = client.get(f"/api/tenants/aarhus/conversations/{conversation}").json()
    assert [t["question"] for t in stored["turns"]] == [SAID]


def test_the_answer_to_a_spoken_question_in_espeaks_danish_voice(client, runtime, speech):
    espeak_or_skip()
    setup = speech_setup(speech.url)
    with tenant_connectors(
        runtime, "aarhus", speech_to_text=setup["speech_to_text"], text_to_speech={"kind": "espeak"}
    ):
        _, turn = ask_by_voice(client, QUESTION)
        spoken = client.post(
            "/api/tenants/aarhus/voice/speech",
            json={"text": turn["answer"]["text"], "language": "da"},
        )
    assert spoken.headers["content-type"] == "audio/wav" and spoken.content[:4] == b"RIFF"
    with wave.open(io.BytesIO(spoken.content)) as audio:
        assert audio.getnframes() / audio.getframerate() > 3.0  # the whole answer, read out
    assert [r["path"] for r in speech.calls] == ["/v1/audio/transcriptions"]


def test_a_spoken_cpr_number_is_stored_redacted_like_typed_text(client, runtime, speech):
    speech.knows(QUESTION, "Mit cpr-nummer er 010203-1234. Hvad koster et nyt pas?")
    with tenant_connectors(runtime, "aarhus", **speech_setup(speech.url)):
        conversation, _ = ask_by_voice(client, QUESTION)
    stored = client.get(f"/api/tenants/aarhus/conversations/{conversation}").json()
    [question] = [t["question"] for t in stored["turns"]]
    assert "010203" not in question and "pas" in question
