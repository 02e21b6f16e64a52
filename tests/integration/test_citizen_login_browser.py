"""Citizen login in real Chromium: the widget on a page served from muni's own origin, a
personal question gets the MitID link, the citizen logs in at a real OIDC provider (its
form), comes back to the widget logged in ("Logget ind som …"), gets their own appointment,
and logs out (the line and the conversation disappear). axe-core finds no violations on the
logged-in widget."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from starlette.responses import HTMLResponse

from muni.identity.citizen_login import broker_setup
from muni.store.tables import CitizenSessionRow
from muni.web.app import create_app
from tests.conftest import LiveServer
from tests.integration.test_citizen_login import ANNA, broker, overview_flows  # noqa: F401
from tests.integration.test_widget_browser import HOST_PAGE, axe_violations, browser, widget  # noqa: F401

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def own_origin_page(runtime, broker) -> Iterator[str]:  # noqa: F811
    """muni with the broker configured, serving the municipality's page itself (same origin:
    the citizen cookie goes with the widget's requests)."""
    settings = runtime.settings.model_copy(
        update={
            "citizen_oidc_issuer": broker,
            "citizen_oidc_client_id": "muni-borger",
            "citizen_oidc_client_secret": "hemmelig",
        }
    )
    app = create_app(runtime=replace(runtime, settings=settings))
    server_url: list[str] = []

    async def page(_request):  # type: ignore[no-untyped-def]
        return HTMLResponse(HOST_PAGE.replace("{api}", server_url[0]))

    app.add_route("/kommune", page)
    flows = overview_flows(runtime)
    saved = [flow.login_available for flow in flows]
    for flow in flows:  # the shared runtime was built without a broker
        flow.login_available = lambda t: broker_setup(settings, t) is not None
    try:
        with LiveServer(app) as server:
            server_url.append(server.url)
            yield server.url + "/kommune"
    finally:
        for flow, before in zip(flows, saved, strict=True):
            flow.login_available = before


@pytest.fixture
def page(browser):  # noqa: F811
    # bypass_csp: muni's own page forbids inline scripts, and axe-core is added inline
    context = browser.new_context(viewport={"width": 1100, "height": 900}, bypass_csp=True)
    yield context.new_page()
    context.close()


def ask(page, text: str):
    chat = widget(page)
    count = chat.locator(".msg.bot").count()
    chat.locator("#muni-q").fill(text)
    chat.locator("#muni-q").press("Enter")
    answer = chat.locator(".msg.bot").nth(count)
    answer.wait_for(timeout=30000)
    page.wait_for_function(
        "([n]) => { const r = document.querySelector('muni-chat').shadowRoot;"
        " const m = r.querySelectorAll('.msg.bot'); return m.length > n &&"
        " m[n].textContent.trim().length > 20; }",
        arg=[count],
        timeout=30000,
    )
    return answer


def test_log_in_with_mitid_in_the_widget_and_see_the_own_appointment(page, own_origin_page):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(own_origin_page)
    chat = widget(page)
    chat.locator(".launcher").click()
    assert chat.locator(".who").is_hidden()
    offer = ask(page, "hvornår er min tid?")
    assert "MitID" in offer.inner_text() and "DEMO-AAR1" not in offer.inner_text()
    link = offer.locator("a.login")
    assert link.inner_text() == "Log ind med MitID"
    conversation = page.evaluate("localStorage.getItem('muni:aarhus:conversation')")
    assert conversation and f"conversation={conversation}" in link.get_attribute("href")

    link.click()  # to muni, then the broker's own login form
    page.wait_for_url("**/oauth2/authorize**")
    page.locator("input[name=sub]").fill(ANNA["sub"])
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(own_origin_page)  # back on the municipality's page

    chat = widget(page)
    chat.locator(".who").wait_for(state="visible", timeout=15000)
    try:  # the widget reopens itself when it was open before the login
        chat.locator(".panel").wait_for(state="visible", timeout=5000)
    except PlaywrightTimeout:
        chat.locator(".launcher").click()
    assert chat.locator(".who span").inner_text() == "Logget ind som Anna Loginsdottir"
    mine = ask(page, "hvornår er min tid?")
    assert "DEMO-AAR1" in mine.inner_text() and "Pas" in mine.inner_text()
    assert axe_violations(page) == []

    chat.locator(".logout").click()
    chat.locator(".who").wait_for(state="hidden", timeout=15000)
    assert "DEMO-AAR1" not in chat.locator(".log").inner_text()
    assert page.evaluate("localStorage.getItem('muni:aarhus:conversation')") is None
    status = page.evaluate(
        "async (id) => (await fetch(`/api/tenants/aarhus/conversations/${id}`)).status",
        conversation,
    )
    assert status == 404  # the conversation was the citizen's: gone without the login


def test_an_expired_login_in_the_open_widget_offers_login_again(page, own_origin_page, runtime):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(own_origin_page)
    chat = widget(page)
    chat.locator(".launcher").click()
    ask(page, "har jeg en tid hos borgerservice").locator("a.login").click()
    page.wait_for_url("**/oauth2/authorize**")
    page.locator("input[name=sub]").fill(ANNA["sub"])
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(own_origin_page)
    chat = widget(page)
    chat.locator(".who").wait_for(state="visible", timeout=15000)
    try:
        chat.locator(".panel").wait_for(state="visible", timeout=5000)
    except PlaywrightTimeout:
        chat.locator(".launcher").click()
    chat.get_by_text("har jeg en tid hos borgerservice").wait_for()  # the conversation resumed
    assert chat.locator(".log a.login").count() == 0  # the old offer, logged in: no link now

    with runtime.db.session() as session:  # the session runs out while the page is open
        session.execute(
            update(CitizenSessionRow)
            .where(CitizenSessionRow.ended_at.is_(None))
            .values(expires_at=datetime.now(UTC) - timedelta(minutes=1))
        )
        session.commit()
    again = ask(page, "hvornår er min tid?")
    assert again.locator(".body").inner_text().startswith("Dit login er udløbet.")
    assert "DEMO-AAR1" not in again.inner_text()
    assert again.locator("a.login").count() == 1
    assert chat.locator(".who").is_hidden()
