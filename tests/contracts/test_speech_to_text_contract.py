"""One contract for every SpeechToText: the in-memory fake and the OpenAI-compatible adapter
against a local stand-in speech server on 127.0.0.1 (tests/contracts/speech_server.py: it
returns the transcript registered for the recording's SHA-256, it does not recognise
speech). A known recording gives its text, an unknown one "", a server that is down, slow or
failing raises ConnectorUnavailable."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from muni.connectors.protocols import ConnectorUnavailable
from muni.connectors.speech import SpeechToText
from muni.connectors.speech_fakes import FakeSpeechToText, silent_wav
from muni.connectors.speech_openai import OpenAISpeechToText
from tests.contracts.speech_server import SpeechServer, speech_server

QUESTION = (Path(__file__).parents[1] / "fixtures" / "voice" / "question-da.wav").read_bytes()
SAID = "Hvad koster et nyt pas?"


@dataclass
class Setup:
    stt: SpeechToText
    server: SpeechServer | None = None


@pytest.fixture(params=["fake", "openai"])
def setup(request: pytest.FixtureRequest) -> Iterator[Setup]:
    if request.param == "fake":
        yield Setup(FakeSpeechToText({QUESTION: SAID}))
    else:
        with speech_server() as server:
            server.knows(QUESTION, SAID)
            yield Setup(OpenAISpeechToText(server.url, "whisper-large-v3", timeout=2), server)


@pytest.fixture(params=["fake", "openai"])
def unreachable(request: pytest.FixtureRequest) -> SpeechToText:
    if request.param == "fake":
        return FakeSpeechToText(down=True)
    return OpenAISpeechToText("http://127.0.0.1:9", timeout=0.5)  # nothing listens there


@pytest.fixture
def server() -> Iterator[SpeechServer]:
    with speech_server() as running:
        running.knows(QUESTION, SAID)
        yield running


class TestSpeechToTextContract:
    def test_a_recorded_danish_question_becomes_its_text(self, setup: Setup) -> None:
        assert setup.stt.transcribe(QUESTION, "audio/wav", "da") == SAID

    def test_an_unknown_recording_gives_empty_text(self, setup: Setup) -> None:
        assert setup.stt.transcribe(silent_wav(0.5), "audio/wav", "da") == ""

    def test_a_browser_recording_type_is_taken(self, setup: Setup) -> None:
        assert setup.stt.transcribe(QUESTION, "audio/webm;codecs=opus", "da") == SAID

    def test_down_raises_connector_unavailable(self, unreachable: SpeechToText) -> None:
        with pytest.raises(ConnectorUnavailable):
            unreachable.transcribe(QUESTION, "audio/wav", "da")


class TestOpenAICompatibleRequest:
    """What goes over the wire: the OpenAI API's shape, the key as a Bearer token."""

    def test_multipart_with_file_model_and_language(self, server: SpeechServer) -> None:
        stt = OpenAISpeechToText(server.url + "/v1/", "whisper-large-v3", api_key="k1")
        stt.transcribe(QUESTION, "audio/webm;codecs=opus", "da")
        [seen] = server.calls
        assert seen["path"] == "/v1/audio/transcriptions"
        assert seen["model"] == "whisper-large-v3" and seen["language"] == "da"
        assert seen["filename"] == "speech.webm" and seen["mime"] == "audio/webm"
        assert seen["size"] == len(QUESTION) and seen["authorization"] == "Bearer k1"

    def test_a_wrong_key_raises_connector_unavailable(self, server: SpeechServer) -> None:
        server.key = "right"
        with pytest.raises(ConnectorUnavailable):
            OpenAISpeechToText(server.url, api_key="wrong").transcribe(QUESTION, "audio/wav")

    def test_slow_raises_connector_unavailable(self, server: SpeechServer) -> None:
        server.delay = 1.5
        with pytest.raises(ConnectorUnavailable):
            OpenAISpeechToText(server.url, timeout=0.5).transcribe(QUESTION, "audio/wav")

    def test_an_error_status_raises_connector_unavailable(self, server: SpeechServer) -> None:
        server.status = 503
        with pytest.raises(ConnectorUnavailable) as failed:
            OpenAISpeechToText(server.url).transcribe(QUESTION, "audio/wav")
        assert SAID not in str(failed.value)
