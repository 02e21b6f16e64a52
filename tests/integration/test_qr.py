"""`muni qr` makes a QR code that decodes to a signed link; opening it starts the topic."""

from __future__ import annotations

import base64
import dataclasses
import io
import shutil

import httpx
import pytest
import zxingcpp
from PIL import Image

from muni.web.app import create_app
from tests.conftest import IN_CI, LiveServer
from tests.integration.test_cli import muni


def decode(png: bytes) -> str:
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(found) == 1
    return found[0].text


@pytest.fixture(scope="module")
def qr_link(live_server, data_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("qr")
    result = muni("qr", "--tenant", "aarhus", "--topic", "pas", "--ref", "BREV-2026-17",
                  "--out", str(out), "--base-url", live_server.url, data_dir=data_dir)
    png = (out / "qr-aarhus-pas-BREV-2026-17.png").read_bytes()
    svg = (out / "qr-aarhus-pas-BREV-2026-17.svg").read_text()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    url = decode(png)
    assert url == result.stdout.strip().splitlines()[-1]
    return url


def test_opening_the_link_starts_a_qr_conversation_with_the_answer(qr_link, client):
    response = httpx.get(qr_link, follow_redirects=False)
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith("/t/aarhus?samtale=")  # the citizen page, not the demo
    conversation = location.rsplit("=", 1)[1]
    transcript = client.get(f"/api/tenants/aarhus/conversations/{conversation}").json()
    assert (transcript["channel"], transcript["channel_ref"]) == ("qr", "BREV-2026-17")
    first = transcript["turns"][0]["answer"]
    assert (first["topic"], first["origin"], first["status"]) == ("pas", "curated", "answered")


@pytest.mark.parametrize("change", [
    lambda u: u.replace("/pas?", "/storskrald?"), lambda u: u.replace("/aarhus/", "/odense/"),
    lambda u: u.replace("BREV-2026-17", "BREV-2026-18"), lambda u: u[:-2] + "xx",
    lambda u: u.split("&sig=")[0],
])
def test_a_tampered_link_is_refused_clearly(qr_link, change):
    response = httpx.get(change(qr_link), follow_redirects=False)
    assert response.status_code == 400
    assert "Linket virker ikke" in response.text and "ugyldig eller er blevet ændret" in \
        response.text


def test_staff_api_makes_codes_and_needs_the_token(runtime, settings):
    staff = dataclasses.replace(
        runtime, settings=settings.model_copy(update={"admin_token": "hemmelig"}))
    with LiveServer(create_app(runtime=staff)) as server, \
            httpx.Client(base_url=server.url, timeout=30) as http:
        body = {"topic": "storskrald", "ref": "K-1"}
        assert http.post("/api/tenants/vejle/qr", json=body).status_code == 403
        assert http.post("/api/tenants/vejle/qr", json=body,
                         headers={"Authorization": "Bearer forkert"}).status_code == 403
        made = http.post("/api/tenants/vejle/qr", json=body,
                         headers={"Authorization": "Bearer hemmelig"})
        assert made.status_code == 200
        url = made.json()["url"]
        assert decode(base64.b64decode(made.json()["png_base64"])) == url
        assert "<svg" in made.json()["svg"] and "/q/vejle/storskrald?ref=K-1&sig=" in url
        bad = http.post("/api/tenants/vejle/qr", json={"topic": "pas", "ref": "010190-1234"},
                        headers={"Authorization": "Bearer hemmelig"})
        assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_ref"


def chromium_or_skip() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not shutil.which("chromium"):
        if IN_CI:
            raise RuntimeError("chromium is missing; .ci/run installs it")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return path


@pytest.mark.slow
def test_the_link_opens_in_a_browser_with_the_answer(qr_link):
    from playwright.sync_api import sync_playwright

    executable = chromium_or_skip()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        page = browser.new_page()
        page.goto(qr_link)
        page.locator("muni-chat .msg.bot .ai, muni-chat .msg.bot a").first.wait_for()
        assert page.url.endswith("/t/aarhus")  # the conversation's id left the address
        bot = page.locator("muni-chat .msg.bot").last.inner_text()
        assert "pas" in bot.lower() and "curated" not in bot  # no internal metadata
        assert "Du kommer fra brevet BREV-2026-17." in page.inner_text("#letter")
        browser.close()
