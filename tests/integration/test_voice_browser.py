"""Voice mode in real Chromium with a fake microphone that plays the recorded Danish question
(--use-file-for-fake-audio-capture): the microphone button records, the recording goes to
/voice/transcribe, the transcript is asked like a typed question, the answer shows and, with
"Læs svar op" on, is played (an <audio> gets a blob from /voice/speech, or the browser's
speechSynthesis speaks it). Accessible names, 24 px targets and axe-core on the widget.

The speech server is the local stand-in (tests/contracts/speech_server.py): it cannot
recognise speech, so it answers any recording with the question's transcript (`default`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.contracts.speech_server import SpeechServer, speech_server
from tests.integration.test_qr import chromium_or_skip
from tests.integration.test_widget_browser import AXE, host_page, widget  # noqa: F401
from tests.integration.voice_helpers import speech_setup, tenant_connectors

pytestmark = pytest.mark.slow
QUESTION = Path(__file__).parents[1] / "fixtures" / "voice" / "question-da.wav"
SAID = "Hvad koster et nyt pas?"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SPY = """(() => { window.__spoken = [];
  if (window.speechSynthesis) { const speak = speechSynthesis.speak.bind(speechSynthesis);
    speechSynthesis.speak = (u) => { window.__spoken.push(u.text); speak(u); }; } })();"""


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    executable = chromium_or_skip()
    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                f"--use-file-for-fake-audio-capture={QUESTION}",
                "--autoplay-policy=no-user-gesture-required",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def speech(runtime) -> Iterator[SpeechServer]:  # type: ignore[no-untyped-def]
    with speech_server() as server:
        server.default = SAID
        with tenant_connectors(runtime, "aarhus", **speech_setup(server.url, "wav")):
            yield server


@pytest.fixture
def page(browser, host_page):  # type: ignore[no-untyped-def]  # noqa: F811
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    context.grant_permissions(["microphone"])
    context.add_init_script(SPY)
    tab = context.new_page()
    yield tab
    context.close()


def opened(page, host_page):  # type: ignore[no-untyped-def]  # noqa: F811
    page.goto(host_page)
    chat = widget(page)
    chat.locator(".launcher").click()
    chat.locator(".voice-mic").wait_for(state="visible")
    return chat


def test_speak_a_question_and_hear_the_answer(page, host_page, speech):  # noqa: F811
    chat = opened(page, host_page)
    mic, mode = chat.locator(".voice-mic"), chat.locator(".voice-mode")
    assert mic.get_attribute("aria-label") == "Stil dit spørgsmål med stemmen"
    mode.click()
    assert mode.get_attribute("aria-pressed") == "true"
    mic.click()
    page.wait_for_function(
        "() => document.querySelector('muni-chat').voice.recorder?.state === 'recording'"
    )
    assert mic.get_attribute("aria-label") == "Stop optagelsen og send"
    page.wait_for_timeout(2000)  # the citizen speaks: the fake microphone plays the question
    mic.click()
    answer = chat.locator(".msg.bot .voice-read").first
    answer.wait_for(timeout=30000)
    assert chat.locator(".msg.me").last.inner_text().endswith(SAID)
    assert "kr." in chat.locator(".msg.bot").last.inner_text()
    heard = speech.calls[0]
    assert heard["path"] == "/v1/audio/transcriptions"
    assert heard["mime"].startswith("audio/webm") and heard["size"] > 2000
    # read aloud at once (voice mode): the server's voice in an <audio>, or the browser's own
    page.wait_for_function(
        "() => { const a = document.querySelector('muni-chat').shadowRoot"
        ".querySelector('audio.voice-audio'); return (a.src.startsWith('blob:') &&"
        " a.readyState > 0) || window.__spoken.length > 0; }",
        timeout=15000,
    )
    spoken = page.evaluate("window.__spoken")
    read = [r for r in speech.calls if r["path"] == "/v1/audio/speech"]
    print("read aloud by", "the browser" if spoken else "the server's voice")
    assert spoken or (read and "kr." in read[0]["input"] and "http" not in read[0]["input"])


def test_read_aloud_button_on_an_answer(page, host_page, speech):  # noqa: F811
    chat = opened(page, host_page)
    chat.locator("#muni-q").fill("Hvad koster et nyt pas?")
    chat.locator("#muni-q").press("Enter")
    button = chat.locator(".msg.bot .voice-read").first
    button.wait_for(timeout=30000)
    assert (
        button.inner_text().strip() == "Læs op" and button.get_attribute("aria-pressed") == "false"
    )
    box = button.bounding_box()
    assert box["height"] >= 24 and box["width"] >= 24
    mic = chat.locator(".voice-mic").bounding_box()
    assert mic["height"] >= 24 and mic["width"] >= 24
    assert not [r for r in speech.calls if r["path"] == "/v1/audio/speech"]  # not on its own
    button.click()
    page.wait_for_function(
        "() => document.querySelector('muni-chat').shadowRoot"
        ".querySelector('audio.voice-audio').src.startsWith('blob:') || window.__spoken.length",
        timeout=15000,
    )
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate(
        "async (tags) => JSON.stringify((await axe.run(document.querySelector('muni-chat')"
        ".shadowRoot.querySelector('.panel'), {runOnly: {type: 'tag', values: tags}})).violations)",
        WCAG,
    )
    assert [v["id"] for v in json.loads(result)] == []
    chat.locator("button.lang").click()  # the manual language switch: the voice words follow
    assert chat.locator(".voice-mic").get_attribute("aria-label") == "Ask your question by voice"
    assert chat.locator(".voice-mode").inner_text() == "Read answers aloud"
    assert button.inner_text().strip() in ("Read aloud", "Stop reading")


def test_no_microphone_button_without_any_speech_recognition(page, host_page, runtime):  # noqa: F811
    with tenant_connectors(runtime, "aarhus", speech_to_text={"kind": "none"}):
        page.add_init_script(
            "delete window.SpeechRecognition; delete window.webkitSpeechRecognition;"
        )
        page.goto(host_page)
        chat = widget(page)
        chat.locator(".launcher").click()
        page.wait_for_function("() => document.querySelector('muni-chat').voice?.ready")
        assert chat.locator(".voice-mic").is_hidden()
        assert chat.locator(".voice-mode").is_visible()  # read-aloud is still there
