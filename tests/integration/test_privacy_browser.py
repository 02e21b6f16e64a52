"""In real Chromium: the widget's corpus tick box is off by default and ticking it stores the
consent; a superuser finds a citizen's conversation by the letter's reference, downloads it and
erases it; axe-core finds 0 violations on /console/privacy, /console/corpus, a transcript and
the public "Om chatbotten" page; no script or CSP errors."""

from __future__ import annotations

import json
import time

import pytest

from muni.store.tables import ConversationRow
from tests.integration.console_helpers import (
    add_every_role,
    axe_violations,
    browser,  # noqa: F401  (fixture)
    browser_login,
)
from tests.integration.privacy_helpers import stored_conversation
from tests.integration.test_widget_browser import ask, host_page, widget  # noqa: F401

pytestmark = pytest.mark.slow


def watch_errors(page) -> list[str]:
    """Script errors, CSP refusals and failed loads, except Chromium's own /favicon.ico."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: errors.append(f"console: {m.text} {m.location.get('url')}")
            if m.type == "error" and not m.location.get("url", "").endswith("/favicon.ico")
            else None)
    return errors


def consent_of(runtime, cid: str) -> bool:
    with runtime.db.read() as session:
        return session.get(ConversationRow, cid).corpus_consent


def wait_for(check, seconds: float = 10) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.1)
    return False


def test_widget_consent_is_unticked_and_ticking_stores_it(browser, host_page, runtime,  # noqa: F811
                                                          live_server):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.goto(host_page)
    chat = widget(page)
    chat.locator(".launcher").click()
    about = chat.locator(".notice a")
    assert about.inner_text() == "Om chatbotten"
    assert about.get_attribute("href") == f"{live_server.url}/t/aarhus/om-chatbotten"
    ask(page, "hvad koster et pas")
    cid = page.evaluate("localStorage.getItem('muni:aarhus:conversation')")
    chat.locator(".end").click()
    box = chat.locator("#muni-consent")
    box.wait_for()
    assert not box.is_checked() and not consent_of(runtime, cid)
    label = chat.locator("label[for=muni-consent]").inner_text()
    assert label.startswith("Ja, I må gemme samtalen uden personlige oplysninger")
    assert cid in chat.locator("form.rate p.number").inner_text()  # for a citizen's request
    assert axe_violations(page) == []
    box.check()
    assert wait_for(lambda: consent_of(runtime, cid)), "ticking the box stores the consent"
    box.uncheck()
    assert wait_for(lambda: not consent_of(runtime, cid)), "unticking takes it back"
    box.check()
    assert wait_for(lambda: consent_of(runtime, cid))
    chat.locator("input[name=rating][value='3']").check()
    chat.locator("form.rate button").click()
    chat.get_by_text("Tak for din bedømmelse.").wait_for()
    assert consent_of(runtime, cid)
    context.close()


def test_widget_consent_in_english(browser, host_page):  # noqa: F811
    context = browser.new_context()
    page = context.new_page()
    page.goto(host_page)
    chat = widget(page)
    chat.locator(".launcher").click()
    ask(page, "How much does a passport cost?")
    chat.locator(".end").click()
    assert chat.locator("label[for=muni-consent]").inner_text().startswith("Yes, you may keep")
    assert not chat.locator("#muni-consent").is_checked()
    assert chat.locator(".notice a").inner_text() == "About the chatbot"
    context.close()


def test_superuser_finds_exports_and_erases(browser, live_server, runtime, tmp_path):  # noqa: F811
    add_every_role(runtime)
    cid = stored_conversation(runtime, "aarhus", [("hvornår kommer skraldebilen",
                                                   "Se din tømmekalender.")], ref="BREV-UI-7")
    base = live_server.url
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    errors = watch_errors(page)
    browser_login(page, base, "aa-super", "aarhus")
    page.goto(base + "/console/privacy")
    page.fill("#ref", "BREV-UI-7")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name=cid).click()
    page.get_by_text("hvornår kommer skraldebilen").wait_for()
    with page.expect_download() as info:
        page.get_by_role("link", name="Hent samtalen som JSON").click()
    saved = tmp_path / "samtale.json"
    info.value.save_as(saved)
    assert json.loads(saved.read_text())["conversation"] == cid
    page.check("#confirm")
    page.get_by_role("button", name="Slet samtalen").click()
    page.get_by_role("heading", name="Samtalen er slettet").wait_for()
    with runtime.db.read() as session:
        assert session.get(ConversationRow, cid) is None
    assert errors == []
    context.close()


def test_pages_are_accessible_and_run_under_the_csp(browser, live_server, runtime):  # noqa: F811
    add_every_role(runtime)
    cid = stored_conversation(runtime, "aarhus", [("pas", "Et pas koster 893 kr.")])
    base = live_server.url
    for username, tenant, paths in (
        ("aa-super", "aarhus", ["/console/privacy", "/console/privacy?ref=x",
                                f"/console/privacy/conversations/{cid}",
                                f"/console/conversations/{cid}"]),
        ("c-editor", "", ["/console/corpus"]),
    ):
        for bypass in (False, True):  # CSP errors in a normal context; axe needs bypass_csp
            context = browser.new_context(bypass_csp=bypass)
            page = context.new_page()
            errors = watch_errors(page)
            browser_login(page, base, username, tenant)
            for path in paths:
                page.goto(base + path)
                if bypass:
                    assert axe_violations(page) == [], path
            if not bypass:
                assert errors == [], errors
            context.close()
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(base + "/t/aarhus/om-chatbotten")
    assert axe_violations(page) == []
    context.close()
