# ruff: noqa: F811 - the fixtures come from test_widget_browser and test_qr
"""The citizen page in real Chromium, as a citizen who scans the QR code on a letter sees it:
the municipality's page with the letter's reference, the topic's answer in the chat, the AI
notice, the phone number, no internal metadata, and axe-core (WCAG 2.2 AA) with 0 violations."""

from __future__ import annotations

import pytest

from tests.integration.console_helpers import axe_violations
from tests.integration.screenshots import screenshot
from tests.integration.test_qr import qr_link  # noqa: F401 - a fixture
from tests.integration.test_widget_browser import browser, widget  # noqa: F401 - fixtures

pytestmark = pytest.mark.slow


def test_a_scanned_qr_code_lands_on_the_citizen_page(browser, qr_link):
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    page.goto(qr_link)
    chat = widget(page)
    answer = chat.locator(".msg.bot .votes").first
    answer.wait_for(timeout=30000)
    assert page.url.endswith("/t/aarhus")  # the conversation's id left the address bar
    assert page.locator("h1").inner_text() == "Chat med Aarhus Kommune"
    assert page.inner_text("#letter") == "Du kommer fra brevet BREV-2026-17."
    text = page.inner_text("body") + chat.locator(".panel").inner_text()
    # the AI notice: its first line always in view, the rest one click away
    assert (chat.locator(".notice summary").inner_text()
            == "Du skriver med en chatbot, ikke et menneske.")
    assert chat.locator(".notice summary").is_visible()
    assert "kunstig intelligens" in chat.locator(".notice").text_content()
    assert page.locator("a[href='tel:+4589402000']").inner_text() == "89 40 20 00"
    assert page.get_by_role("link", name="Om chatbotten og dine data").is_visible()
    bot = chat.locator(".msg.bot").last.inner_text().lower()
    assert "pas" in bot
    for internal in ("curated", "answered", "confidence", "· pas ·"):
        assert internal not in text.lower()
    assert page.locator("select").count() == 0  # no municipality drop-down
    # a reload on the same computer keeps the conversation, without the id in the address
    page.reload()
    widget(page).locator(".msg.bot .votes").first.wait_for(timeout=30000)
    assert "pas" in widget(page).locator(".log").inner_text().lower()
    context.close()


def test_on_a_phone_the_input_stays_in_view_as_the_conversation_grows(browser, qr_link):
    """The chat fills the screen under the header; its messages scroll inside it, so after
    several answers the citizen can still type without scrolling the page."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(qr_link)
    chat = widget(page)
    chat.locator(".msg.bot .votes").first.wait_for(timeout=30000)
    for question in ("hvad koster det", "hvor lang tid tager det", "skal jeg have foto med"):
        count = chat.locator(".msg.bot .votes").count()
        chat.locator("#muni-q").fill(question)
        chat.locator("#muni-q").press("Enter")
        chat.locator(".msg.bot .votes").nth(count).wait_for(timeout=30000)
    box = chat.locator("#muni-q").bounding_box()
    assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= 844
    assert page.evaluate("document.documentElement.scrollHeight") <= 844  # the page itself
    assert page.evaluate("scrollY") == 0
    context.close()


def test_the_qr_landing_has_no_accessibility_violations(browser, qr_link):
    # bypass_csp: the page forbids inline scripts, and axe-core is added inline
    context = browser.new_context(viewport={"width": 1000, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(qr_link)
    widget(page).locator(".msg.bot .votes").first.wait_for(timeout=30000)
    assert axe_violations(page) == []
    screenshot(page, "citizen-page-qr")
    context.close()


def test_the_invalid_link_page_leads_to_the_citizen_page(browser, qr_link):
    context = browser.new_context()
    page = context.new_page()
    page.goto(qr_link.replace("BREV-2026-17", "BREV-2026-18"))
    assert "Linket virker ikke" in page.inner_text("h1")
    page.get_by_role("link", name="Gå til kommunens chat / Go to the chat").click()
    page.wait_for_url("**/t/aarhus")
    assert page.locator("h1").inner_text() == "Chat med Aarhus Kommune"
    assert page.locator("#letter").count() == 0
    context.close()


def test_the_developer_demo_says_it_is_for_developers(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Udviklerdemo af chatten"
    assert "for udviklere" in page.inner_text("body")
    page.get_by_role("link", name="Aarhus Kommune").click()
    page.wait_for_url("**/t/aarhus")
    context.close()
