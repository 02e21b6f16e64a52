"""One contract for every TextToSpeech: the in-memory fake, the OpenAI-compatible adapter
against a local stand-in speech server (tests/contracts/speech_server.py) and the offline
Danish voice, real espeak-ng. Each gives playable audio with a valid header for Danish and
English text; a voice that is down, slow or failing raises ConnectorUnavailable.

espeak-ng is installed by `.ci/run`; without it here the espeak cases skip (and fail under
CI=true)."""

from __future__ import annotations

import io
import os
import shutil
import struct
import wave
from collections.abc import Iterator

import pytest

from muni.connectors.protocols import ConnectorUnavailable
from muni.connectors.speech import Speech, TextToSpeech
from muni.connectors.speech_espeak import EspeakSpeech, fix_wav_sizes
from muni.connectors.speech_fakes import FakeTextToSpeech
from muni.connectors.speech_openai import OpenAITextToSpeech
from tests.contracts.speech_server import SpeechServer, speech_server

IN_CI = os.environ.get("CI", "").lower() == "true"
ANSWER = "Et nyt pas koster 627 kr. Du bestiller tid hos Borgerservice."


def espeak_or_skip() -> None:
    if shutil.which("espeak-ng") is None:
        if IN_CI:
            pytest.fail("espeak-ng is missing: .ci/run installs it (apt-get install espeak-ng)")
        pytest.skip("espeak-ng is not installed here (apt-get install espeak-ng)")


def playable(speech: Speech) -> float:
    """Check the audio has a valid WAV or MP3 header; its length in seconds (WAV) or 0."""
    if speech.mime == "audio/wav":
        assert speech.audio[:4] == b"RIFF" and speech.audio[8:12] == b"WAVE"
        with wave.open(io.BytesIO(speech.audio)) as w:
            assert w.getnframes() > 0
            return w.getnframes() / w.getframerate()
    assert speech.mime == "audio/mpeg"
    assert speech.audio[:3] == b"ID3" or (speech.audio[0] == 0xFF and speech.audio[1] >= 0xE0)
    return 0.0


@pytest.fixture(params=["fake", "openai-mp3", "openai-wav", "espeak"])
def tts(request: pytest.FixtureRequest) -> Iterator[TextToSpeech]:
    if request.param == "fake":
        yield FakeTextToSpeech()
    elif request.param == "espeak":
        espeak_or_skip()
        yield EspeakSpeech()
    else:
        with speech_server() as server:
            yield OpenAITextToSpeech(
                server.url, "piper-da", "da_DK-talesyntese", request.param[-3:], timeout=2
            )


@pytest.fixture(params=["fake", "openai", "espeak"])
def unreachable(request: pytest.FixtureRequest) -> TextToSpeech:
    if request.param == "fake":
        return FakeTextToSpeech(down=True)
    if request.param == "espeak":
        return EspeakSpeech(command="espeak-ng-not-installed-here")
    return OpenAITextToSpeech("http://127.0.0.1:9", timeout=0.5)


@pytest.fixture
def server() -> Iterator[SpeechServer]:
    with speech_server() as running:
        yield running


class TestTextToSpeechContract:
    def test_danish_text_becomes_playable_audio(self, tts: TextToSpeech) -> None:
        speech = tts.speak(ANSWER, "da")
        assert len(speech.audio) > 2000
        seconds = playable(speech)
        assert seconds == 0.0 or seconds > 0.5

    def test_english_text_too(self, tts: TextToSpeech) -> None:
        assert len(tts.speak("A new passport costs 627 kroner.", "en").audio) > 1000

    def test_more_text_is_longer_audio(self, tts: TextToSpeech) -> None:
        short = tts.speak("Ja.", "da").audio
        assert len(tts.speak(ANSWER * 3, "da").audio) > len(short)

    def test_empty_text_is_refused(self, tts: TextToSpeech) -> None:
        with pytest.raises(ValueError):
            tts.speak("   ", "da")

    def test_down_raises_connector_unavailable(self, unreachable: TextToSpeech) -> None:
        with pytest.raises(ConnectorUnavailable):
            unreachable.speak(ANSWER, "da")


class TestOpenAICompatibleRequest:
    def test_json_with_model_input_voice_and_format(self, server: SpeechServer) -> None:
        voice = OpenAITextToSpeech(server.url, "piper-da", "da_DK-talesyntese", "wav", "k1")
        assert voice.speak(ANSWER, "da").mime == "audio/wav"
        [seen] = server.calls
        assert seen["path"] == "/v1/audio/speech" and seen["authorization"] == "Bearer k1"
        assert (seen["model"], seen["input"], seen["voice"], seen["response_format"]) == (
            "piper-da",
            ANSWER,
            "da_DK-talesyntese",
            "wav",
        )

    def test_slow_raises_connector_unavailable(self, server: SpeechServer) -> None:
        server.delay = 1.5
        with pytest.raises(ConnectorUnavailable):
            OpenAITextToSpeech(server.url, timeout=0.5).speak(ANSWER)

    def test_an_error_status_raises_connector_unavailable(self, server: SpeechServer) -> None:
        server.status = 500
        with pytest.raises(ConnectorUnavailable):
            OpenAITextToSpeech(server.url).speak(ANSWER)


class TestEspeak:
    def test_the_text_goes_in_on_stdin_never_as_an_option(self) -> None:
        espeak_or_skip()
        # a text that looks like options: read aloud, not obeyed (no file is written)
        speech = EspeakSpeech().speak("-w /tmp/muni-owned.wav --help", "da")
        assert playable(speech) > 0.3 and not os.path.exists("/tmp/muni-owned.wav")

    def test_long_text_is_cut_and_a_hang_is_bounded(self) -> None:
        espeak_or_skip()
        short = EspeakSpeech(max_chars=100).speak(ANSWER * 20, "da")
        assert playable(short) < 12
        with pytest.raises(ConnectorUnavailable):
            EspeakSpeech(timeout=0.01).speak(ANSWER * 20, "da")

    def test_the_wav_sizes_are_the_real_ones(self) -> None:
        espeak_or_skip()
        audio = EspeakSpeech().speak(ANSWER, "da").audio
        riff, data = struct.unpack("<I", audio[4:8])[0], struct.unpack("<I", audio[40:44])[0]
        assert (riff, data) == (len(audio) - 8, len(audio) - 44)
        assert fix_wav_sizes(b"not a wav") == b"not a wav"
