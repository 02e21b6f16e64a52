"""Waste collection days in the chat widget, in real Chromium: ask when the waste is
collected, type the address, choose between two postcodes with a button, and see the next
day per fraction; axe-core finds no violations on that view; the typed address is in no
stored turn."""

from __future__ import annotations

import json

import pytest

from tests.integration.test_widget_browser import (  # noqa: F401
    axe_violations,
    browser,
    host_page,
    page,
    widget,
)

pytestmark = pytest.mark.slow


def say(tab, text: str, expect: str):  # type: ignore[no-untyped-def]
    """Send a message; the next answer once it says `expect`."""
    chat = widget(tab)
    count = chat.locator(".msg.bot").count()
    chat.locator("#muni-q").fill(text)
    chat.locator("#muni-q").press("Enter")
    answer = chat.locator(".msg.bot").nth(count)
    answer.get_by_text(expect, exact=False).first.wait_for(timeout=30000)
    return answer


def press(tab, label: str, expect: str):  # type: ignore[no-untyped-def]
    chat = widget(tab)
    count = chat.locator(".msg.bot").count()
    chat.locator(".msg.bot").last.locator(".replies button", has_text=label).first.click()
    answer = chat.locator(".msg.bot").nth(count)
    answer.get_by_text(expect, exact=False).first.wait_for(timeout=30000)
    return answer


def test_waste_days_by_address_in_the_widget(page, host_page, client) -> None:  # noqa: F811
    page.goto(host_page)
    chat = widget(page)
    chat.locator(".launcher").click()
    say(page, "hvornår bliver mit skrald hentet", "adresse")
    days = say(page, "vestergade 12", "Næste tømning")
    text = days.inner_text()
    assert "Vestergade 12, 8000 Aarhus C" in text
    for fraction in ("Restaffald og madaffald:", "Papir:", "Plast:", "Glas og metal:"):
        assert fraction in text
    assert days.locator("a", has_text="Se tømningskalenderen").count() == 1
    assert axe_violations(page) == []  # the dates per fraction

    say(page, "hvornår kommer skraldemanden på skolevej 2", "Vælg din adresse")
    assert axe_violations(page) == []  # the address buttons
    chosen = press(page, "8361 Hasselager", "Næste tømning")
    assert "Skolevej 2, 8361 Hasselager" in chosen.inner_text()

    conversation = page.evaluate("localStorage.getItem('muni:aarhus:conversation')")
    turns = client.get(f"/api/tenants/aarhus/conversations/{conversation}").json()["turns"]
    stored = json.dumps(turns, ensure_ascii=False).lower()
    assert "vestergade" not in stored and "skolevej" not in stored
    assert turns[1]["question"] == "[ADRESSE]"
