"""A handoff that feels human, in real Chromium: the citizen's widget in one browser context,
the agent console in another. The queue shows topic, waiting time, language and plain Danish
status; a draft survives a reload and is not lost before "Tag samtalen"; when the agent joins
the widget says who (name and team) and labels their messages; live messages come pushed over
server-sent events (no polling); after the agent closes, a reload shows the whole human part,
case number included, in order with the chatbot's turns. axe-core (WCAG 2.2 AA) on the agent
pages. Screenshots for the README: docs/screenshots/handoff-*.png."""

from __future__ import annotations

import pytest

from muni.store.staff import StaffRepository
from muni.store.tenants import TenantRepository
from tests.integration.console_helpers import WCAG22_AA, axe_violations
from tests.integration.screenshots import screenshot
from tests.integration.test_handoff import always_open
from tests.integration.test_widget_browser import (  # noqa: F401  (fixtures)
    ask,
    browser,
    host_page,
    widget,
)

pytestmark = pytest.mark.slow
CASE = "Dit sagsnummer er 2026-0117. Du får svar i e-Boks inden for 5 dage."


def wcag_violations(page) -> list[dict]:
    return axe_violations(page, WCAG22_AA)


def agent_login(agent, base: str, username: str) -> None:
    agent.goto(base + "/agent")
    agent.select_option("#tenant", "aarhus")
    agent.fill("#username", username)
    agent.fill("#password", "en-god-adgangskode")
    agent.click("button[type=submit]")


def test_a_person_joins_speaks_and_stays_in_the_transcript(
        browser, host_page, live_server, runtime):  # noqa: F811  (the fixtures)
    with runtime.db.session() as session:
        StaffRepository(session, TenantRepository(session).by_slug("aarhus")).add(
            "mette", "Mette", "en-god-adgangskode")
    with always_open(runtime, "aarhus"):
        citizen_context = browser.new_context(viewport={"width": 1000, "height": 860})
        citizen = citizen_context.new_page()
        polled: list[str] = []
        citizen.on("request", lambda r: polled.append(r.url) if "/live?after=" in r.url
                   else None)
        streams: list[str] = []
        citizen.on("request", lambda r: streams.append(r.url) if "/live/events" in r.url
                   else None)
        citizen.goto(host_page)
        chat = widget(citizen)
        chat.locator(".launcher").click()
        ask(citizen, "hvad koster et pas")
        ask(citizen, "jeg vil gerne tale med en medarbejder")
        chat.locator("button.handoff").last.click()
        chat.get_by_text("Du er nu i kø til en medarbejder").wait_for(timeout=15000)
        notice = chat.locator(".notice")
        assert "Du venter på en medarbejder" in notice.inner_text()

        # the agent's queue: topic (not "Tal med en medarbejder"), waiting time, language,
        # status in plain Danish
        agent_context = browser.new_context(bypass_csp=True,  # axe is an injected script
                                            viewport={"width": 1000, "height": 420})
        agent = agent_context.new_page()
        agent_login(agent, live_server.url, "mette")
        row = agent.locator("#queue tr").last
        row.wait_for(timeout=15000)
        cells = row.locator("td").all_inner_texts()
        assert cells[1:5] == ["Pas", "venter under 1 min", "Dansk", "Venter"], cells
        assert "queued" not in agent.locator("main").inner_text()
        assert "team Borgerservice" in agent.locator("main").inner_text()
        assert wcag_violations(agent) == []
        screenshot(agent, "handoff-agent-queue")

        # a draft typed before taking the conversation survives a reload ...
        row.locator("a").click()
        agent.get_by_text("jeg vil gerne tale med en medarbejder").first.wait_for()
        assert agent.locator("#status").inner_text() == "Venter"
        agent.fill("#text", CASE)
        agent.reload()
        assert agent.locator("#text").input_value() == CASE
        # ... and sending it takes the conversation instead of dropping it
        agent.click("#say button")
        agent.locator("#live").get_by_text(f"Dig: {CASE}").wait_for(timeout=15000)
        assert agent.locator("#text").input_value() == ""
        assert agent.locator("#status").inner_text() == "I gang"

        # the citizen sees who joined, and the agent's message labelled and unlike the bot's
        said = chat.locator(".msg.agent").filter(has_text="2026-0117")
        said.wait_for(timeout=15000)
        assert "Du skriver med Mette fra Borgerservice" in notice.inner_text()
        assert "chatbot, ikke et menneske" not in notice.inner_text()
        assert said.locator(".speaker").inner_text().strip() == "Mette fra Borgerservice skrev:"
        assert said.locator(".agent-name").inner_text() == "Mette, Borgerservice"
        bot = chat.locator(".msg.bot").first
        style = ("e => getComputedStyle(e).borderLeftWidth + ' ' + "
                 "getComputedStyle(e).backgroundColor")
        assert said.evaluate(style) != bot.evaluate(style)
        screenshot(citizen, "handoff-widget")
        chat.locator("button.lang").click()  # the citizen's language, also for who is there
        assert "You are writing with Mette from Borgerservice" in notice.inner_text()
        chat.locator("button.lang").click()
        assert "Du skriver med Mette fra Borgerservice" in notice.inner_text()

        chat.locator("#muni-q").fill("Tak for hjælpen")
        chat.locator("#muni-q").press("Enter")
        agent.get_by_text("Borger: Tak for hjælpen").wait_for(timeout=15000)
        assert wcag_violations(agent) == []
        agent.click("#close")
        chat.get_by_text("Medarbejderen har afsluttet samtalen").wait_for(timeout=15000)
        assert agent.locator("#status").inner_text() == "Afsluttet"
        citizen.wait_for_function(
            "() => document.querySelector('muni-chat').shadowRoot.querySelector('.notice')"
            ".textContent.includes('chatbot, ikke et menneske')", timeout=15000)
        assert streams and not polled, (streams, polled)  # pushed, not asked for

        # a reload after the close: the human part is still there, in order
        citizen.reload()
        log = widget(citizen).locator(".log")
        log.get_by_text("2026-0117").wait_for(timeout=15000)
        text = log.inner_text()
        order = [text.index(t) for t in ("hvad koster et pas", "Du er nu i kø",
                                         "Mette fra Borgerservice er nu med", "2026-0117",
                                         "Tak for hjælpen", "afsluttet samtalen")]
        assert order == sorted(order), order
        assert widget(citizen).locator(".msg.agent").count() == 1
        assert "chatbot, ikke et menneske" in widget(citizen).locator(".notice").inner_text()
        agent_context.close()
        citizen_context.close()


def test_outside_opening_hours_the_widget_says_when_we_open_again(browser, host_page,  # noqa: F811
                                                                   runtime):
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import select

    from muni.handoff.hours import DANISH_TIME, DAYS
    from muni.store.tables import TenantRow

    tomorrow = (datetime.now(DANISH_TIME) + timedelta(days=1)).date()
    with runtime.db.session() as session:  # open only tomorrow, 08:00-15:00
        row = session.scalar(select(TenantRow).where(TenantRow.slug == "aarhus"))
        saved = dict(row.config)
        row.config = {**saved, "opening_hours": {DAYS[tomorrow.weekday()]: "08:00-15:00"},
                      "holidays": []}
    try:
        page = browser.new_page()
        page.goto(host_page)
        chat = widget(page)
        chat.locator(".launcher").click()
        answer = ask(page, "jeg vil gerne tale med en medarbejder")
        assert "sætte dig igennem" not in answer.inner_text()
        closed = answer.locator("p.closed-now")
        expected = ("Vi har lukket nu. Du kan bede om at blive ringet op. "
                    "Vi åbner igen i morgen kl. 08.00.")
        page.wait_for_function(
            "(want) => [...document.querySelector('muni-chat').shadowRoot"
            ".querySelectorAll('p.closed-now')].some(p => p.textContent === want)", arg=expected,
            timeout=15000)
        assert closed.inner_text() == expected, datetime.now(UTC)
        assert answer.locator("button.handoff").inner_text() == "Bed om at blive ringet op"
        page.context.close()
    finally:
        with runtime.db.session() as session:
            session.scalar(select(TenantRow).where(TenantRow.slug == "aarhus")).config = saved
