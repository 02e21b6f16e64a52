"""Which speech connectors a tenant gets: the tenant's own `connectors:` setup, else the
installation's speech server, else (for reading aloud) espeak-ng, else none."""

from __future__ import annotations

import shutil

import pytest

from muni.config import Settings
from muni.connectors.speech_espeak import EspeakSpeech
from muni.connectors.speech_openai import OpenAISpeechToText, OpenAITextToSpeech
from muni.domain import Tenant
from muni.voice.setup import features, speech_to_text, text_to_speech

ESPEAK = shutil.which("espeak-ng") is not None


def tenant(**connectors: object) -> Tenant:
    return Tenant(1, "aarhus", "Aarhus Kommune", "0751", connectors=dict(connectors))


def test_nothing_set_up_no_speech_to_text_and_espeak_reads_aloud() -> None:
    settings = Settings(speech_url="")
    assert speech_to_text(settings, tenant()) is None
    voices = text_to_speech(settings, tenant())
    assert [type(v) for v in voices] == ([EspeakSpeech] if ESPEAK else [])
    assert features(settings, tenant()) == {"transcribe": False, "speech": ESPEAK}


def test_the_installations_speech_server(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(speech_url="http://tale:8000/v1", speech_api_key="k", speech_espeak="")
    stt = speech_to_text(settings, tenant())
    assert isinstance(stt, OpenAISpeechToText)
    assert (stt.url, stt.api_key, stt.model) == ("http://tale:8000", "k", "whisper-1")
    [tts] = text_to_speech(settings, tenant())
    assert isinstance(tts, OpenAITextToSpeech) and tts.voice == "alloy"


def test_the_tenants_own_server_and_secret_win(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MUNI_AARHUS_SPEECH", "s3cret")
    own = {
        "kind": "openai",
        "url": "https://tale.aarhus.dk",
        "model": "whisper-large-v3",
        "api_key_env": "MUNI_AARHUS_SPEECH",
    }
    settings = Settings(speech_url="http://tale:8000", speech_espeak="")
    stt = speech_to_text(settings, tenant(speech_to_text=own))
    assert isinstance(stt, OpenAISpeechToText)
    assert (stt.url, stt.model, stt.api_key) == (
        "https://tale.aarhus.dk",
        "whisper-large-v3",
        "s3cret",
    )
    [tts] = text_to_speech(
        settings, tenant(text_to_speech={**own, "voice": "da-1", "format": "wav"})
    )
    assert isinstance(tts, OpenAITextToSpeech) and (tts.voice, tts.audio_format) == ("da-1", "wav")


def test_a_tenant_may_switch_voice_off() -> None:
    settings = Settings(speech_url="http://tale:8000")
    off = tenant(speech_to_text={"kind": "none"}, text_to_speech={"kind": "none"})
    assert features(settings, off) == {"transcribe": False, "speech": False}


def test_a_tenant_file_cannot_read_other_environment_variables() -> None:
    own = {"kind": "openai", "url": "https://x", "api_key_env": "HOME"}
    with pytest.raises(ValueError):
        speech_to_text(Settings(), tenant(speech_to_text=own))


@pytest.mark.skipif(not ESPEAK, reason="espeak-ng is not installed here")
def test_the_speech_server_first_then_espeak_as_fallback() -> None:
    voices = text_to_speech(Settings(speech_url="http://tale:8000"), tenant())
    assert [type(v) for v in voices] == [OpenAITextToSpeech, EspeakSpeech]
