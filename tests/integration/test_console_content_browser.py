"""In real Chromium: a central editor edits a sub-answer, sees the live preview for two
municipalities, publishes (the gate passes), then makes an edit that the gate blocks (the
broken question is listed); a superuser edits their municipality's local answer; axe-core
finds 0 violations on every content page; no script or CSP errors.

On a runtime of its own (see test_console_content.py): publishing changes no other test's
content."""

from __future__ import annotations

import re

import pytest

from tests.integration.console_helpers import (
    axe_violations,
    browser,  # noqa: F401  (fixture)
    browser_login,
)
from tests.integration.test_console_content import own  # noqa: F401  (fixture)
from tests.integration.test_privacy_browser import watch_errors

pytestmark = pytest.mark.slow
ADDED = "Du kan betale med kort i Borgerservice."
GATE_SECONDS = 900_000  # ms: the first publish embeds the eval questions once


def publish_all(page, base: str) -> str:
    page.goto(base + "/console/content/publish")
    page.get_by_role("button", name="Kør kvalitetstjek og udgiv").click()
    page.wait_for_url(re.compile(r"/console/content/publishes/\d+$"))
    page.locator("#status[data-done=true]").wait_for(timeout=GATE_SECONDS)
    return page.url


def test_edit_preview_publish_block_and_local_answer(browser, own):  # noqa: F811
    rt, base, _ = own
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors = watch_errors(page)
    browser_login(page, base, "c-editor")
    page.goto(base + "/console/content/topics/pas?tenant=aarhus")
    shared = rt.pack.topics["pas"].sub("pris").answer.text["da"]
    page.locator("#h-pris").scroll_into_view_if_needed()
    page.locator("section[aria-labelledby=h-pris] summary", has_text="Ret det fælles svar").click()
    area = page.locator("#shared-da-pris")
    area.fill(shared + "\n\n" + ADDED)
    preview = page.locator("#preview-pris")
    preview.filter(has_text=ADDED).wait_for()  # updated while typing, with Aarhus' values
    assert "ca. 150 kr." in preview.inner_text() and "893 kr." in preview.inner_text()
    page.locator("section[aria-labelledby=h-pris] form[action$=shared] button").click()
    page.get_by_text("Gemt som kladde").wait_for()
    page.select_option("#preview-tenant", "odense")
    page.get_by_role("button", name="Skift kommune").click()
    page.wait_for_url(re.compile(r"tenant=odense"))
    odense = page.locator("#preview-pris").inner_text()
    assert ADDED in odense and "ca. 140 kr." in odense  # the draft with Odense's values

    passed = publish_all(page, base)
    assert "godkendt og udgivet" in page.locator("#status").inner_text()
    assert ADDED in rt.pack.topics["pas"].sub("pris").answer.text["da"]

    page.goto(base + "/console/content/topics/pas?tenant=aarhus")
    page.locator("section[aria-labelledby=h-pris] summary", has_text="Ret det fælles svar").click()
    page.locator("#shared-da-pris").fill("Prisen på et pas står på kommunens hjemmeside.")
    page.locator("section[aria-labelledby=h-pris] form[action$=shared] button").click()
    page.get_by_text("Gemt som kladde").wait_for()
    blocked = publish_all(page, base)
    assert "stoppet af kvalitetstjekket" in page.locator("#status").inner_text()
    broken = page.locator("table.broken").first.inner_text()
    assert "hvad koster et pas" in broken and "893 kr" in broken
    assert ADDED in rt.pack.topics["pas"].sub("pris").answer.text["da"]  # nothing went live
    page.goto(base + "/console/content/changes")
    page.get_by_role("button", name=re.compile("Kassér kladde")).first.click()
    page.get_by_text("Kladden er kasseret").wait_for()
    assert errors == []
    context.close()

    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors = watch_errors(page)
    browser_login(page, base, "aa-super", "aarhus")
    page.goto(base + "/console/content/topics/pas")
    assert page.locator("form[action$=shared]").count() == 0  # no shared editing
    page.locator("section[aria-labelledby=h-pris] summary", has_text="Lokalt svar").click()
    page.locator("#local-da-pris").fill("Aarhus' egen tekst om prisen: {{pris_pas_voksen}}.")
    local = page.locator("#preview-pris")
    local.filter(has_text="Aarhus' egen tekst om prisen: 893 kr.").wait_for()
    page.locator("section[aria-labelledby=h-pris] form[action$=override] button").click()
    page.get_by_text("Det lokale svar for Aarhus Kommune er gemt som kladde").wait_for()
    assert errors == []
    context.close()

    context = browser.new_context(bypass_csp=True, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    browser_login(page, base, "c-editor")
    for path in ("/console/content", "/console/content/topics/pas?tenant=aarhus",
                 "/console/content/variables?tenant=aarhus", "/console/content/changes",
                 "/console/content/publish", "/console/content/review",
                 passed.removeprefix(base), blocked.removeprefix(base)):
        page.goto(base + path)
        for summary in page.locator("summary").all()[:6]:
            summary.click()  # open some editors too
        assert axe_violations(page) == [], path
    context.close()
