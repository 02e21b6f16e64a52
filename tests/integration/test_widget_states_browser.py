# ruff: noqa: F811 - the browser fixtures come from test_widget_browser
"""The widget's connection states in real Chromium: a shared computer (resume within the idle
time, nothing of the last citizen after it or after "Start forfra" or a rating), the API down
(launcher and phone number from the last good settings or the script tag), a failed request
(the question kept, "Prøv igen" succeeds against the real server), a hanging answer (timeout),
offline (the question waits and is sent when back online), a question sent again with its id
after a busy server or a lost answer (answered once), and feedback (thumbs with
aria-pressed, ≥ 24 px, stored on the turn; the rating sent once)."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Route

from muni.store.tables import TenantRow, TurnRow
from muni.web.edge.body_limit import TOO_LARGE
from muni.web.routes.widget import widget_source
from tests.conftest import LiveServer
from tests.integration.console_helpers import axe_violations
from tests.integration.screenshots import screenshot
from tests.integration.test_widget_browser import (  # noqa: F401 - fixtures
    ask,
    browser,
    host_page,
    page,
    widget,
)

pytestmark = pytest.mark.slow
QUESTION = "hvad koster et pas til et barn"
IDLE = 31 * 60 * 1000  # one minute past the default idle time (30 minutes), in ms
PROXY_PAGE = """<!doctype html><html lang="da"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Aarhus Kommune</title>
</head><body><main><h1>Affald og genbrug</h1><p>Her kan du læse om affald.</p></main>
<script src="/widget.js" data-tenant="aarhus"{attrs}></script></body></html>"""


def opened(page, url):
    page.goto(url)
    chat = widget(page)
    launcher = chat.locator(".launcher")
    launcher.wait_for()
    if launcher.is_visible():
        launcher.click()
    chat.locator(".panel").wait_for()
    return chat


def log_text(page) -> str:
    return widget(page).locator(".log").inner_text()


def stored(page, key="conversation"):
    return page.evaluate(f"localStorage.getItem('muni:aarhus:{key}')")


# -- a shared computer -------------------------------------------------------------------------


def test_resumes_on_reload_and_in_a_new_tab_but_not_after_the_idle_time(browser, host_page):
    context = browser.new_context()
    first = context.new_page()
    opened(first, host_page)
    ask(first, QUESTION)
    conversation = stored(first)
    first.reload()  # the same tab: resumes
    widget(first).locator(".msg.me").first.wait_for()
    assert QUESTION in log_text(first)
    second = context.new_page()  # a new visit within the idle time: resumes too
    opened(second, host_page)
    widget(second).locator(".msg.me").first.wait_for()
    assert QUESTION in log_text(second)
    first.close()
    second.close()
    # the citizen leaves; 31 minutes later the next person opens the same page
    probe = context.new_page()
    probe.goto(host_page + "?probe")
    probe.evaluate(f"localStorage.setItem('muni:aarhus:active', String(Date.now() - {IDLE}))")
    probe.close()
    nxt = context.new_page()
    chat = opened(nxt, host_page)
    chat.locator(".msg.bot").first.wait_for()  # the greeting
    assert chat.locator(".msg.me").count() == 0 and QUESTION not in log_text(nxt)
    assert stored(nxt) is None and conversation
    context.close()


def test_the_idle_time_passing_with_the_page_open_clears_the_screen(browser, host_page):
    context = browser.new_context()
    page = context.new_page()
    page.clock.install()
    opened(page, host_page)
    ask(page, QUESTION)
    assert QUESTION in log_text(page)
    page.clock.fast_forward("31:00")  # the interval check runs; the next person walks up
    widget(page).locator(".msg.me").wait_for(state="detached")
    assert QUESTION not in log_text(page) and stored(page) is None
    context.close()


def test_start_over_forgets_the_conversation(page, host_page):
    chat = opened(page, host_page)
    ask(page, QUESTION)
    button = chat.get_by_role("button", name="Start forfra")
    assert button.is_visible()
    button.click()
    assert QUESTION not in log_text(page) and stored(page) is None
    assert page.evaluate("document.querySelector('muni-chat').shadowRoot.activeElement.id") \
        == "muni-q"
    page.reload()
    widget(page).locator(".msg.bot").first.wait_for()  # it was open: the greeting
    assert QUESTION not in log_text(page)


def test_a_municipality_may_shorten_the_idle_time(client, runtime):
    assert client.get("/api/tenants/aarhus/widget").json()["idle_minutes"] == 30
    with runtime.db.session() as session:
        row = session.scalar(select(TenantRow).where(TenantRow.slug == "aarhus"))
        saved = dict(row.config)
        row.config = {**saved, "website": {**saved.get("website", {}), "widget_idle_minutes": 5}}
    try:
        settings = client.get("/api/tenants/aarhus/widget").json()
        assert settings["idle_minutes"] == 5 and settings["phone"] == "89 40 20 00"
        assert settings["answer_timeout_seconds"] == 20
    finally:
        with runtime.db.session() as session:
            session.scalar(select(TenantRow).where(TenantRow.slug == "aarhus")).config = saved


# -- the API down, failing or hanging: a proxy in front of the real server ----------------------


@pytest.fixture(scope="module")
def proxy(live_server):
    """The host page and /widget.js on one origin; /api/* forwarded to the real muni server
    (mode up), refused with 503 (down), or, for a question, one token and then silence
    (stall)."""
    state = {"mode": "up"}

    async def page(request: Request):  # type: ignore[no-untyped-def]
        attrs = ' data-name="Aarhus Kommune" data-phone="89 40 20 00"' \
            if request.url.path == "/fallback" else ""
        return HTMLResponse(PROXY_PAGE.replace("{attrs}", attrs))

    async def script(_request):  # type: ignore[no-untyped-def]
        return Response(widget_source(), media_type="application/javascript")

    async def health(_request):  # type: ignore[no-untyped-def]
        return PlainTextResponse("ok")

    async def forward(request: Request):  # type: ignore[no-untyped-def]
        if state["mode"] == "down":
            return JSONResponse({"error": {"code": "unavailable", "message": "nede"}},
                                status_code=503)
        if state["mode"] == "stall" and request.url.path.endswith("/messages"):
            async def stalled():  # type: ignore[no-untyped-def]
                yield 'event: token\ndata: {"text": "Et pas koster"}\n\n'
                for _ in range(300):  # then nothing, until the test lets go
                    if state["mode"] != "stall":
                        return
                    await asyncio.sleep(0.1)
            return StreamingResponse(stalled(), media_type="text/event-stream")
        async with httpx.AsyncClient(base_url=live_server.url, timeout=60) as http:
            answer = await http.request(
                request.method, request.url.path, params=request.query_params,
                content=await request.body(),
                headers={"content-type": request.headers.get("content-type", "")})
        return Response(answer.content, status_code=answer.status_code,
                        media_type=answer.headers.get("content-type"))

    app = Starlette(routes=[
        Route("/", page), Route("/fallback", page), Route("/widget.js", script),
        Route("/health", health),
        Route("/api/{rest:path}", forward, methods=["GET", "POST"]),
    ])
    with LiveServer(app, health="/health") as server:
        server.state = state
        yield server
        state["mode"] = "up"


def test_api_down_the_launcher_shows_the_last_good_settings_and_the_phone(browser, proxy):
    context = browser.new_context(viewport={"width": 1100, "height": 800}, bypass_csp=True)
    page = context.new_page()
    proxy.state["mode"] = "up"
    page.goto(proxy.url + "/")
    widget(page).locator(".launcher").wait_for()
    assert json.loads(stored(page, "settings"))["phone"] == "89 40 20 00"
    proxy.state["mode"] = "down"
    try:
        page.reload()
        chat = widget(page)
        launcher = chat.locator(".launcher")
        launcher.wait_for()
        assert "89 40 20 00" in launcher.inner_text()
        launcher.click()
        down = chat.locator(".msg.bot.down")
        assert "Chatten virker ikke lige nu." in down.inner_text()
        tel = down.locator("a[href^='tel:']")
        assert tel.inner_text() == "89 40 20 00"
        assert tel.get_attribute("href") == "tel:+4589402000"
        assert axe_violations(page) == []
        screenshot(page, "states-api-down")
    finally:
        proxy.state["mode"] = "up"
        context.close()


def test_api_down_on_a_first_visit_the_script_tag_gives_name_and_phone(browser, proxy):
    context = browser.new_context()  # nothing cached
    page = context.new_page()
    proxy.state["mode"] = "down"
    try:
        page.goto(proxy.url + "/fallback")
        chat = widget(page)
        chat.locator(".launcher").wait_for()
        assert chat.locator(".launcher").inner_text().startswith("Aarhus Kommune")
        chat.locator(".launcher").click()
        assert "Chatten virker ikke lige nu." in chat.locator(".msg.bot.down").inner_text()
        assert chat.locator(".msg.bot.down a").get_attribute("href") == "tel:+4589402000"
        assert "{name}" not in chat.locator(".panel").inner_text()
    finally:
        proxy.state["mode"] = "up"
        context.close()


def test_a_failed_request_keeps_the_question_and_retry_succeeds(page, host_page, client):
    chat = opened(page, host_page)
    page.route("**/messages?stream=true", lambda route: route.abort("connectionrefused"))
    chat.locator("#muni-q").fill(QUESTION)
    chat.locator("#muni-q").press("Enter")
    retry = chat.get_by_role("button", name="Prøv igen")
    retry.wait_for()
    assert "Svaret nåede ikke frem." in log_text(page)
    assert chat.locator("#muni-q").input_value() == QUESTION  # back in the input
    assert chat.locator(".typing").inner_text() == ""
    page.unroute("**/messages?stream=true")
    retry.click()
    chat.locator(".msg.bot .votes").first.wait_for(timeout=30000)  # the real answer
    assert chat.locator(".msg.me").count() == 1 and "Prøv igen" not in log_text(page)
    assert chat.locator("#muni-q").input_value() == ""
    turns = client.get(f"/api/tenants/aarhus/conversations/{stored(page)}").json()["turns"]
    assert [t["question"] for t in turns] == [QUESTION]


def test_a_server_error_offers_retry_too(page, host_page):
    chat = opened(page, host_page)
    page.route("**/messages?stream=true", lambda route: route.fulfill(
        status=502, content_type="text/html", body="<h1>Bad gateway</h1>"))
    chat.locator("#muni-q").fill(QUESTION)
    chat.locator("#muni-q").press("Enter")
    chat.get_by_role("button", name="Prøv igen").wait_for()
    page.unroute("**/messages?stream=true")
    chat.get_by_role("button", name="Prøv igen").click()
    chat.locator(".msg.bot .votes").first.wait_for(timeout=30000)


def test_the_character_counter_follows_the_input_after_a_failed_send(page, host_page, runtime):
    # the widget puts text into the input itself (a question kept after a failed send) or
    # empties it (sent again, "Start forfra"): the counter, the limit and Send follow
    chat = opened(page, host_page)
    field, count = chat.locator("#muni-q"), chat.locator("#muni-count")
    send = chat.locator("form.ask button[type=submit]")

    def counted(n: int) -> str:
        return f"{n} af {runtime.settings.max_message_chars:,} tegn".replace(",", ".")

    page.route("**/messages?stream=true", lambda route: route.abort("internetdisconnected"))
    field.fill(QUESTION)
    assert count.inner_text() == counted(len(QUESTION))
    field.press("Enter")
    chat.get_by_role("button", name="Prøv igen").wait_for()
    assert field.input_value() == QUESTION and count.inner_text() == counted(len(QUESTION))
    field.fill(QUESTION + "?")  # edited, then back: the same text again
    field.fill(QUESTION)
    page.unroute("**/messages?stream=true")
    chat.get_by_role("button", name="Prøv igen").click()
    chat.locator(".msg.bot .votes").first.wait_for(timeout=30000)
    assert field.input_value() == "" and count.inner_text() == counted(0)
    # refused, not to be tried again (413 as the server sends it): the question is kept too
    refused = {"error": {"code": "body_too_large", "message": TOO_LARGE}}
    page.route("**/messages?stream=true", lambda route: route.fulfill(status=413, json=refused))
    field.fill("hvad koster et kørekort")
    field.press("Enter")
    chat.get_by_text(TOO_LARGE).wait_for()
    assert field.input_value() == "hvad koster et kørekort"
    assert count.inner_text() == counted(len("hvad koster et kørekort"))
    # over the limit, then "Start forfra": an empty input, nothing told, Send usable
    field.fill("x" * (runtime.settings.max_message_chars + 1))
    assert send.get_attribute("aria-disabled") == "true"
    chat.get_by_role("button", name="Start forfra").click()
    assert field.input_value() == "" and count.inner_text() == counted(0)
    assert chat.locator("#muni-limit").inner_text() == ""
    assert send.get_attribute("aria-disabled") == "false"
    assert field.get_attribute("aria-invalid") == "false"


def _short_timeout(page):
    """The widget settings as the server sends them, with a 2 s answer timeout."""
    def settings(route):  # type: ignore[no-untyped-def]
        answer = route.fetch()
        body = {**answer.json(), "answer_timeout_seconds": 2}
        route.fulfill(response=answer, json=body)
    page.route("**/api/tenants/aarhus/widget", settings)


def test_an_answer_that_never_comes_times_out_and_retry_succeeds(page, host_page):
    _short_timeout(page)
    chat = opened(page, host_page)
    page.route("**/messages?stream=true", lambda route: None)  # never answered: hangs
    chat.locator("#muni-q").fill(QUESTION)
    chat.locator("#muni-q").press("Enter")
    assert chat.locator(".typing").inner_text() == "Chatbotten skriver ..."
    chat.get_by_text("Der kom ikke noget svar. Prøv igen om lidt.").wait_for(timeout=6000)
    assert chat.locator(".typing").inner_text() == ""
    assert chat.locator("#muni-q").input_value() == QUESTION
    page.unroute("**/messages?stream=true")
    chat.get_by_role("button", name="Prøv igen").click()
    chat.locator(".msg.bot .votes").first.wait_for(timeout=30000)


def test_an_answer_that_stops_halfway_times_out(browser, proxy):
    context = browser.new_context()
    page = context.new_page()
    _short_timeout(page)
    proxy.state["mode"] = "up"
    try:
        chat = opened(page, proxy.url + "/")
        proxy.state["mode"] = "stall"
        chat.locator("#muni-q").fill(QUESTION)
        chat.locator("#muni-q").press("Enter")
        chat.get_by_text("Der kom ikke noget svar.").wait_for(timeout=8000)
        assert "Et pas koster" not in log_text(page)  # the half answer is gone
        proxy.state["mode"] = "up"
        chat.get_by_role("button", name="Prøv igen").click()
        chat.locator(".msg.bot .votes").first.wait_for(timeout=30000)
    finally:
        proxy.state["mode"] = "up"
        context.close()


def test_offline_the_question_waits_and_is_sent_when_back_online(browser, host_page):
    context = browser.new_context()
    page = context.new_page()
    chat = opened(page, host_page)
    context.set_offline(True)
    state = chat.locator(".state")
    state.get_by_text("Du er ikke på nettet").wait_for()
    chat.locator("#muni-q").fill(QUESTION)
    chat.locator("#muni-q").press("Enter")
    assert chat.locator(".msg.me").count() == 0
    assert chat.locator("#muni-q").input_value() == QUESTION
    context.set_offline(False)
    chat.locator(".msg.bot .votes").first.wait_for(timeout=30000)
    assert chat.locator(".msg.me").count() == 1 and chat.locator("#muni-q").input_value() == ""
    context.close()


# -- feedback ----------------------------------------------------------------------------------


def test_thumbs_on_an_answer_with_a_comment_are_stored(page, host_page, runtime):
    chat = opened(page, host_page)
    answer = ask(page, QUESTION)
    votes = answer.locator(".votes")
    votes.wait_for()
    up = votes.get_by_role("button", name="Ja, svaret hjalp")
    down = votes.get_by_role("button", name="Nej, svaret hjalp ikke")
    for button in (up, down):
        box = button.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24
        assert button.get_attribute("aria-pressed") == "false"
    down.click()
    votes.get_by_label("Hvad manglede? (valgfrit)").wait_for()
    assert down.get_attribute("aria-pressed") == "true"
    assert up.get_attribute("aria-pressed") == "false"
    votes.get_by_label("Hvad manglede? (valgfrit)").fill("Prisen for voksne, ring 20304050")
    votes.get_by_role("button", name="Send kommentar").click()
    votes.locator("form").wait_for(state="detached")  # the comment is stored: the form goes
    # (the screen-reader status said the same after the vote, so wait for the form, not a text)
    assert votes.locator("span[role=status]:not(.sr)").inner_text() == "Tak for din tilbagemelding."
    assert axe_violations(page) == []
    with runtime.db.session() as session:
        turn = session.scalar(select(TurnRow).where(TurnRow.conversation_id == stored(page)))
        assert (turn.vote, turn.vote_comment) == (-1, "Prisen for voksne, ring [TELEFON]")
    page.reload()  # the vote shows again after a reload
    chat = widget(page)
    chat.locator(".votes").first.wait_for()
    assert chat.get_by_role("button", name="Nej, svaret hjalp ikke").get_attribute(
        "aria-pressed") == "true"


BUSY = {"error": {"code": "busy", "message": "Der er travlt lige nu. Prøv igen om lidt."}}


def busy(route, seconds: int) -> None:
    """A 503 as the server sends it to a widget on the municipality's site (web/edge/cors.py)."""
    route.fulfill(status=503, json=BUSY, headers={
        "Retry-After": str(seconds), "Access-Control-Allow-Origin": "*",
        "Access-Control-Expose-Headers": "Retry-After"})


def rate(chat, value: int, click: str = "click"):
    """End the conversation and send the rating; the form's error line, once it has the
    thanks or an error."""
    chat.locator(".end").click()
    chat.locator(f"input[name=rating][value='{value}']").check()
    getattr(chat.locator("form.rate button[type=submit]"), click)()
    refused = chat.locator("form.rate p.error")
    chat.get_by_text("Tak for din bedømmelse.").or_(refused).wait_for()
    return refused


def test_a_busy_server_gets_the_rating_again_after_its_wait(page, host_page, client):
    """A 503 with Retry-After has not stored the rating: the widget sends it once more after
    the wait, and the citizen sees the thanks without clicking again."""
    chat = opened(page, host_page)
    ask(page, QUESTION)
    conversation = stored(page)
    sent = []

    def first_busy(route):
        sent.append(route.request.url)
        busy(route, 1) if len(sent) == 1 else route.fallback()

    page.route("**/rating", first_busy)
    refused = rate(chat, 3)
    assert refused.count() == 0, refused.inner_text()
    assert len(sent) == 2
    assert client.get(f"/api/tenants/aarhus/conversations/{conversation}").json()["rating"] == 3


def test_a_server_busy_for_long_leaves_the_rating_form_with_its_words(page, host_page):
    """Asking for a longer wait than the widget waits itself (or busy again after the wait):
    the form stays with the server's words, and the citizen can send it later."""
    chat = opened(page, host_page)
    ask(page, QUESTION)
    sent = []
    page.route("**/rating", lambda route: (sent.append(route.request.url), busy(route, 60)))
    refused = rate(chat, 1)
    assert refused.inner_text() == BUSY["error"]["message"]
    assert len(sent) == 1  # 60 s is longer than the widget waits: no second try on its own
    assert chat.locator("form.rate button[type=submit]").is_enabled()


def test_a_busy_server_gets_the_vote_again_after_its_wait(page, host_page, runtime):
    opened(page, host_page)
    answer = ask(page, QUESTION)
    sent = []

    def first_busy(route):
        sent.append(route.request.url)
        busy(route, 1) if len(sent) == 1 else route.fallback()

    page.route("**/vote", first_busy)
    up = answer.locator(".votes").get_by_role("button", name="Ja, svaret hjalp")
    up.click()
    answer.locator(".votes form").wait_for()  # the comment form: the vote is stored
    assert up.get_attribute("aria-pressed") == "true"
    assert len(sent) == 2
    with runtime.db.session() as session:
        turn = session.scalar(select(TurnRow).where(TurnRow.conversation_id == stored(page)))
        assert turn.vote == 1


def sent_ids(sent) -> list[str]:
    return [json.loads(request.post_data)["message_id"] for request in sent]


def test_a_busy_server_gets_the_message_again_after_its_wait(page, host_page, client):
    """A question refused as busy is sent once more after the server's wait, with the same id:
    the citizen gets the answer without clicking, and the conversation has one turn."""
    chat = opened(page, host_page)
    sent = []

    def first_busy(route):
        sent.append(route.request)
        busy(route, 1) if len(sent) == 1 else route.fallback()

    page.route("**/messages?stream=true", first_busy)
    ask(page, QUESTION)
    assert "Prøv igen" not in log_text(page) and chat.locator(".msg.me").count() == 1
    ids = sent_ids(sent)
    assert len(ids) == 2 and ids[0] == ids[1] and len(ids[0]) == 32
    turns = client.get(f"/api/tenants/aarhus/conversations/{stored(page)}").json()["turns"]
    assert [t["question"] for t in turns] == [QUESTION]


def test_start_over_while_waiting_out_a_busy_server_drops_the_question(page, host_page):
    """A shared computer: the citizen leaves with "Start forfra" while the widget waits to send
    the question again. It is not sent again, into the next citizen's conversation or at all,
    and nothing of it comes back on the cleared screen."""
    chat = opened(page, host_page)
    sent = []
    page.route("**/messages?stream=true", lambda route: (sent.append(route.request),
                                                        busy(route, 2)))
    chat.locator("#muni-q").fill(QUESTION)
    chat.locator("#muni-q").press("Enter")
    while not sent:
        page.wait_for_timeout(50)
    chat.locator(".start-over").click()
    page.wait_for_timeout(3000)  # past the server's 2 s wait
    assert len(sent) == 1
    assert QUESTION not in log_text(page) and "Prøv igen" not in log_text(page)
    assert chat.locator("#muni-q").input_value() == ""
    assert stored(page) is None


def test_an_answer_lost_on_the_way_is_not_given_twice_on_retry(page, host_page, client):
    """The server answered and stored the turn, but the response never reached the widget (a
    proxy dropped it): "Prøv igen" sends the same id, the stored answer comes back, and the
    conversation still has one turn, not the question twice."""
    chat = opened(page, host_page)
    sent = []

    def lost_once(route):
        sent.append(route.request)
        if len(sent) == 1:
            route.fetch()  # the server answers and stores the turn ...
            route.abort("connectionreset")  # ... and the widget never gets it
        else:
            route.fallback()

    page.route("**/messages?stream=true", lost_once)
    chat.locator("#muni-q").fill(QUESTION)
    chat.locator("#muni-q").press("Enter")
    retry = chat.get_by_role("button", name="Prøv igen")
    retry.wait_for()
    conversation = stored(page)
    turns = client.get(f"/api/tenants/aarhus/conversations/{conversation}").json()["turns"]
    assert [t["question"] for t in turns] == [QUESTION]  # stored, though the widget failed
    retry.click()
    answer = chat.locator(".msg.bot .votes")
    answer.first.wait_for(timeout=30000)
    assert answer.count() == 1 and chat.locator(".msg.me").count() == 1
    assert "Prøv igen" not in log_text(page)
    ids = sent_ids(sent)
    assert len(ids) == 2 and ids[0] == ids[1]
    again = client.get(f"/api/tenants/aarhus/conversations/{conversation}").json()["turns"]
    assert [t["seq"] for t in again] == [1]
    # a new question is a new message, with an id of its own
    ask(page, "hvornår har borgerservice åbent")
    assert len(set(sent_ids(sent))) == 2
    after = client.get(f"/api/tenants/aarhus/conversations/{conversation}").json()["turns"]
    assert [t["seq"] for t in after] == [1, 2]


def test_the_rating_is_sent_once(page, host_page, client):
    chat = opened(page, host_page)
    ask(page, QUESTION)
    conversation = stored(page)
    sent = []
    page.on("request", lambda r: sent.append(r.url) if r.url.endswith("/rating") else None)
    refused = rate(chat, 2, click="dblclick")
    # a failure says what the server answered
    assert refused.count() == 0, refused.inner_text()
    assert chat.locator("form.rate").count() == 0
    assert len(sent) == 1
    assert client.get(f"/api/tenants/aarhus/conversations/{conversation}").json()["rating"] == 2
    assert stored(page) is None  # rated: forgotten on this computer
    page.reload()
    widget(page).locator(".msg.bot").first.wait_for()  # it was open: the greeting
    assert QUESTION not in log_text(page)
