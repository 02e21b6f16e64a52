"""Booking in the chat widget, in real Chromium: book a slot by pressing buttons and filling
in the form, download its .ics file, move it, cancel it; axe-core finds no violations on the
slot buttons or the booking form."""

from __future__ import annotations

import re

import pytest

from tests.integration.booking_helpers import calendar_ready  # noqa: F401
from tests.integration.test_widget_browser import (  # noqa: F401
    ask,
    axe_violations,
    browser,
    host_page,
    page,
    widget,
)

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("calendar_ready")]


def press(tab, label: str):  # type: ignore[no-untyped-def]
    """Press a button under the last answer; the next answer once it has come."""
    chat = widget(tab)
    count = chat.locator(".msg.bot").count()
    chat.locator(".msg.bot").last.locator(".replies button", has_text=label).first.click()
    answer = chat.locator(".msg.bot").nth(count)
    answer.locator("a, .replies, .ai, form").first.wait_for(timeout=30000)
    return answer


def code_in(text: str) -> str:
    found = re.search(r"kode: ([A-Z0-9]{6})", text)
    assert found, text
    return found.group(1)


def test_book_move_and_cancel_in_the_widget(page, host_page, client, live_server) -> None:  # noqa: F811
    page.goto(host_page)
    chat = widget(page)
    chat.locator(".launcher").click()
    answer = ask(page, "jeg skal bestille tid til pas")
    assert answer.locator(".replies button", has_text="Borgerservice Dokk1").count() == 1
    slots = press(page, "Borgerservice Dokk1")
    buttons = slots.locator(".replies button")
    assert buttons.count() == 7 and buttons.last.inner_text() == "Flere tider"
    assert re.match(
        r"^(man|tirs|ons|tors|fre)\. \d+\. \w+\.? kl\. \d\d\.\d\d$", buttons.first.inner_text()
    )
    assert axe_violations(page) == []  # the slot buttons

    summary = press(page, buttons.first.inner_text())
    form = summary.locator("form.book")
    form.wait_for()
    assert "Du har valgt" in summary.inner_text()
    assert axe_violations(page) == []  # the booking form

    count = chat.locator(".msg.bot").count()
    form.locator("#muni-bk-name").fill("Karen Testesen")
    form.locator("#muni-bk-phone").fill("20 30 40 50")
    form.locator("button[type=submit]").click()
    done = chat.locator(".msg.bot").nth(count)
    done.locator("a").first.wait_for(timeout=30000)
    text = done.inner_text()
    assert "Din tid er bestilt" in text
    code = code_in(text)
    link = done.locator("a", has_text="Gem tiden i din kalender")
    href = link.get_attribute("href")
    assert href == f"{live_server.url}/api/tenants/aarhus/bookings/{code}.ics"
    assert client.get(href).headers["content-type"].startswith("text/calendar")

    moving = ask(page, f"flyt min tid {code}")
    assert "Vælg en ny tid" in moving.inner_text()
    second = moving.locator(".replies button").nth(1).inner_text()
    moved = press(page, second)
    assert "Din tid er flyttet" in moved.inner_text()
    new_code = code_in(moved.inner_text())
    assert new_code != code
    assert client.get(f"/api/tenants/aarhus/bookings/{code}.ics").status_code == 404

    confirm = ask(page, f"aflys min tid {new_code}")
    assert "Vil du aflyse" in confirm.inner_text()
    cancelled = chat.locator(".msg.bot").count()
    confirm.locator(".replies button", has_text="Ja, aflys tiden").click()
    chat.locator(".msg.bot").nth(cancelled).get_by_text("er aflyst").wait_for(timeout=30000)
    assert client.get(f"/api/tenants/aarhus/bookings/{new_code}.ics").status_code == 404
    assert "Karen" not in chat.locator(".log").inner_text()
