"""The widget for every citizen, in real Chromium (WCAG 2.2 AA in fact, not only in axe):
speaker labels, answers as lists from a safe Markdown subset, the language of each message,
reflow at 320 CSS px (400 % zoom), focus (the phone's modal dialog, each new answer, Escape),
a visible focus ring, 24 px targets, forced colours, the character limit, the greeting's
suggestions, the language switch, page mode, and axe-core's WCAG 2.2 AA rules."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.routing import Route

from tests.conftest import LiveServer
from tests.integration.console_helpers import WCAG22_AA, axe_violations
from tests.integration.screenshots import screenshot
from tests.integration.test_widget_browser import browser, widget, widget_origin  # noqa: F401

pytestmark = pytest.mark.slow
ROOT = Path(__file__).parents[2]
MARKDOWN = ROOT / "src" / "muni" / "web" / "static" / "widget" / "markdown.js"

HEAD = """<!doctype html><html lang="da"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>
<style>body {{ margin: 0; font-family: sans-serif; }}</style></head><body>"""
HOST = HEAD + """<header><p>Aarhus Kommune</p></header><main><h1>Affald og genbrug</h1>
<p>Her kan du læse om affald.</p></main>
<script src="{api}/widget.js" data-tenant="aarhus"></script></body></html>"""
# the citizen page's shape (helper STATES builds the real one): a heading, then the chat in
# the page's [data-muni-chat] element
PAGE = HEAD + """<style>.shell {{ display: flex; flex-direction: column; height: 100vh; }}
.shell main {{ flex: 1; min-height: 0; display: flex; flex-direction: column; }}
[data-muni-chat] {{ flex: 1; min-height: 0; }}</style>
<div class="shell"><header><p>Aarhus Kommune</p></header><main><h1>Spørg Aarhus</h1>
<div data-muni-chat></div></main></div>
<script src="{api}/widget.js" data-tenant="aarhus" data-mode="page"></script></body></html>"""
BARE_PAGE = HEAD + """<main><h1 class="sr-only" style="position:absolute;left:-9999px">
Spørg Aarhus</h1></main>
<script src="{api}/widget.js" data-tenant="aarhus" data-mode="page"></script></body></html>"""


@pytest.fixture(scope="module")
def site(live_server, runtime):
    """A municipality's pages on another origin: the floating widget, and page mode with and
    without a [data-muni-chat] element."""
    def serve(template, title):
        async def handler(_request):  # type: ignore[no-untyped-def]
            return HTMLResponse(template.format(api=live_server.url, title=title))
        return handler

    async def health(_request):  # type: ignore[no-untyped-def]
        return PlainTextResponse("ok")

    app = Starlette(routes=[
        Route("/", serve(HOST, "Aarhus Kommune")),
        Route("/page", serve(PAGE, "Spørg Aarhus")),
        Route("/bare", serve(BARE_PAGE, "Spørg Aarhus")),
        Route("/health", health)])
    with LiveServer(app, health="/health") as server:
        with widget_origin(runtime, "aarhus", server.url):
            yield server.url


@pytest.fixture
def context_for(browser):  # noqa: F811
    made = []

    def make(width=1100, height=900, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        made.append(context)
        return context.new_page()

    yield make
    for context in made:
        context.close()


def axe_wcag22(page) -> list[dict]:
    """axe-core's violations of the WCAG 2.0-2.2 A and AA rules (it sees the shadow root)."""
    return axe_violations(page, WCAG22_AA)


def shadow(page, expression: str):
    """Evaluate `expression` with `root` = the widget's shadow root."""
    return page.evaluate(f"() => {{ const root = document.querySelector('muni-chat')"
                         f".shadowRoot; return {expression}; }}")


def active(page) -> str:
    """The focused element inside the widget, as tag.class#id."""
    return shadow(page, "(e => e ? `${e.tagName.toLowerCase()}.${e.className}#${e.id}` : '')"
                        "(root.activeElement)")


def open_widget(page, url):
    page.goto(url)
    chat = widget(page)
    chat.locator(".launcher").click()
    chat.locator(".msg.bot").first.wait_for()
    return chat


def ask(page, text):
    chat = widget(page)
    count = chat.locator(".msg.bot").count()
    chat.locator("#muni-q").fill(text)
    chat.locator("#muni-q").press("Enter")
    answer = chat.locator(".msg.bot").nth(count)
    answer.locator(".body:not(.plain)").wait_for(timeout=30000)  # rendered, not streaming
    return answer


def box(locator) -> dict:
    found = locator.bounding_box()
    assert found is not None, locator
    return found


def luminance(rgb: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    def parse(css: str) -> tuple[float, ...]:
        return tuple(float(x) for x in re.findall(r"[\d.]+", css)[:3])
    la, lb = sorted((luminance(parse(a)), luminance(parse(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# -- the Markdown subset, unit-tested in the browser (markdown.js alone) ----------------------

@pytest.fixture(scope="module")
def markdown_page(browser):  # noqa: F811
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<!doctype html><html><body></body></html>")
    page.add_script_tag(content="window.md = (function () {\n" + MARKDOWN.read_text()
                        + "\nreturn { renderMarkdown };\n})();")
    yield page
    context.close()


def render(page, text: str) -> str:
    return page.evaluate("(t) => { const d = document.createElement('div');"
                         " d.appendChild(md.renderMarkdown(t)); return d.innerHTML; }", text)


def test_markdown_lists_paragraphs_and_bold(markdown_page):
    html = render(markdown_page, "Sådan gør du:\n\n1. Find **beholderen**.\n2. Luk låget.\n\n"
                                 "- Glas\n* Metal\n• Plast\n\nTak.")
    assert html == ("<p>Sådan gør du:</p><ol><li>Find <strong>beholderen</strong>.</li>"
                    "<li>Luk låget.</li></ol><ul><li>Glas</li><li>Metal</li><li>Plast</li>"
                    "</ul><p>Tak.</p>")
    assert render(markdown_page, "Linje et\nlinje to") == "<p>Linje et<br>linje to</p>"
    html = render(markdown_page, "3. tre\n4. fire")
    assert html == '<ol start="3"><li>tre</li><li>fire</li></ol>'


def test_markdown_links_only_with_safe_schemes(markdown_page):
    html = render(markdown_page, "Se [borger.dk](https://www.borger.dk/pas) eller skriv til "
                                 "[os](mailto:post@aarhus.dk).")
    assert ('<a href="https://www.borger.dk/pas" target="_blank" rel="noopener">borger.dk</a>'
            in html)
    assert '<a href="mailto:post@aarhus.dk">os</a>' in html
    for evil in ("[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](data:text/html,hi)",
                 "[x](vbscript:msgbox)", "[x](//evil.example)"):
        html = render(markdown_page, evil)
        assert "<a" not in html and "href" not in html, (evil, html)
    html = render(markdown_page, "Læs mere på https://aarhus.dk/affald.")
    assert html == ('<p>Læs mere på <a href="https://aarhus.dk/affald" target="_blank" '
                    'rel="noopener">https://aarhus.dk/affald</a>.</p>')


def test_markdown_raw_html_stays_text(markdown_page):
    attack = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script> **<b>x</b>**'
    html = render(markdown_page, attack)
    assert "<img" not in html and "<script" not in html and "<b>" not in html
    assert "&lt;img src=x onerror=" in html and "<strong>&lt;b&gt;x&lt;/b&gt;</strong>" in html
    assert markdown_page.evaluate("window.pwned") is None


@pytest.mark.parametrize(("text", "href"), [
    ("Ring på 89 40 20 00.", "tel:+4589402000"),
    ("Ring +45 89 40 20 00", "tel:+4589402000"),
    ("Ring 8940 2000", "tel:+4589402000"),
    ("Ring 89402000", "tel:+4589402000"),
    ("Ring 112 ved fare for liv.", "tel:112"),
    ("Ring 1888 for oplysninger", "tel:1888"),
    ("Børnetelefonen: 116 111", "tel:116111"),
    ("Ring 70 201 201", "tel:+4570201201"),
])
def test_markdown_phone_numbers_are_tel_links(markdown_page, text, href):
    html = render(markdown_page, text)
    assert f'<a href="{href}">' in html, html


@pytest.mark.parametrize("text", [
    "Det koster 225 kr.", "Prisen er 1.112,00 kr.", "CPR 010190-1234", "I år 2026",
    "Beløbet er 112 kr.", "§ 112 i loven", "Kontonummer 1234567890", "12.345.678",
])
def test_markdown_leaves_other_numbers_alone(markdown_page, text):
    assert "<a" not in render(markdown_page, text)


# -- the widget in Chromium ------------------------------------------------------------------

def test_speaker_labels_for_every_message(context_for, site):
    page = context_for()
    chat = open_widget(page, site + "/")
    ask(page, "hvad koster et pas")
    tree = chat.locator(".log").aria_snapshot()
    assert "Chatbotten svarede: Hej." in tree, tree  # the greeting
    assert "Du skrev: hvad koster et pas" in tree, tree
    labels = chat.locator(".log .msg .speaker")
    assert labels.count() == chat.locator(".log .msg").count() == 3
    # visually hidden: in the tree, not on the screen
    assert box(labels.first)["width"] <= 1
    assert chat.locator(".msg.me .body").inner_text() == "hvad koster et pas"


def test_an_answer_with_steps_is_a_list_and_phone_numbers_are_tappable(context_for, site,
                                                                       crawled):
    # crawled: the municipality's pages are indexed, as in production (and as after any other
    # test that crawls), so the answers below are the ones citizens get
    page = context_for()
    chat = open_widget(page, site + "/")
    answer = ask(page, "affald")
    steps = answer.locator("ol > li")
    assert steps.count() >= 3
    assert "1." not in steps.first.inner_text()  # the list numbers it, not the text
    assert axe_wcag22(page) == []
    answer = ask(page, "børneydelse")
    assert answer.locator("ul > li").count() >= 3
    answer = ask(page, "hvad er telefonnummeret til borgerservice")
    assert answer.locator("a[href='tel:+4589402000']").first.inner_text() == "89 40 20 00"
    assert chat.locator(".msg.bot a[href^='javascript']").count() == 0


def test_html_and_script_links_never_become_markup(context_for, site):
    page = context_for()
    chat = open_widget(page, site + "/")
    attack = ('<img src=x onerror="window.pwned=1"> [klik](javascript:window.pwned=2) '
              "hvad koster et pas")
    answer = ask(page, attack)
    assert chat.locator(".msg.me .body").last.inner_text() == attack
    # the server's answer, whatever it quotes, is rendered by the same safe renderer
    assert chat.locator("img:not(header img)").count() == 0
    assert chat.locator("a[href^='javascript']").count() == 0
    assert "pas" in answer.inner_text().lower()
    # an answer that carries HTML and a script link (a compromised model, a bad override)
    evil = {"text": 'Se <img src=x onerror="window.pwned=3"> og [her](javascript:window.pwned=4)'
                    "\n\n1. Et\n2. To", "language": "da", "links": [
                        {"title": "Ond", "url": "javascript:window.pwned=5"}]}
    page.route("**/messages?stream=true", lambda route: route.fulfill(
        status=200, content_type="text/event-stream",
        headers={"access-control-allow-origin": "*"},
        body=f"event: answer\ndata: {json.dumps({'answer': evil, 'question': 'x', 'seq': 9})}\n\n"))
    answer = ask(page, "x")
    assert answer.locator("ol > li").count() == 2
    assert chat.locator("img:not(header img)").count() == 0
    assert chat.locator("a[href^='javascript']").count() == 0
    assert "<img src=x" in answer.inner_text()
    answer.locator("ol").click()
    assert page.evaluate("window.pwned") is None


def test_each_message_carries_its_language(context_for, site):
    page = context_for()
    chat = open_widget(page, site + "/")
    ask(page, "hvad koster et pas")
    assert chat.locator(".msg.me").last.get_attribute("lang") == "da"
    assert chat.locator(".msg.bot").last.get_attribute("lang") == "da"
    ask(page, "How do I get access to documents?")
    assert chat.locator(".msg.me").last.get_attribute("lang") == "en"
    assert chat.locator(".msg.bot").last.get_attribute("lang") == "en"
    assert chat.locator(".msg.me").first.get_attribute("lang") == "da"  # the first stays Danish
    assert chat.locator(".panel").get_attribute("lang") == "en"  # the interface follows
    assert axe_wcag22(page) == []


def test_opening_while_the_login_check_runs_keeps_the_notice_open(context_for, site):
    """A click on the launcher before the widget has asked whether the citizen is logged in
    opens the panel once: the notice stays open on a small screen (a second open, when the
    check came back, folded it up; seen on a loaded machine)."""
    page = context_for(320, 568)
    held = []
    page.route("**/citizen/me", lambda route: held.append(route))
    page.goto(site + "/")
    chat = widget(page)
    chat.locator(".launcher").click()
    chat.locator(".msg.bot").first.wait_for()
    assert held, "the login check is still waiting"
    for route in held:
        route.continue_()
    page.wait_for_timeout(500)  # the check's answer is handled
    assert chat.locator(".panel").is_visible()
    assert chat.locator("details.notice").evaluate("d => d.open")


@pytest.mark.parametrize(("width", "height"), [(320, 256), (320, 568)])
def test_reflow_at_320_px(context_for, site, width, height):
    """400 % zoom of a 1280 x 1024 screen: 320 x 256 CSS px; and a small phone."""
    page = context_for(width, height)
    chat = open_widget(page, site + "/")
    assert chat.locator("details.notice").evaluate("d => d.open")  # the first view: open
    ask(page, "affald")
    ask(page, "hvad koster et pas")
    for name in ("#muni-q", "form.ask button[type=submit]", ".end"):
        control = chat.locator(name)
        found = box(control)
        assert found["width"] >= 24 and found["height"] >= 24, (name, found)
        assert 0 <= found["y"] and found["y"] + found["height"] <= height, (name, found)
        assert 0 <= found["x"] and found["x"] + found["width"] <= width, (name, found)
        # on top, not covered by the messages
        hit = shadow(page, f"(() => {{ const e = root.querySelector('{name}'); const b = "
                           "e.getBoundingClientRect(); const h = root.elementFromPoint(b.x + "
                           "b.width / 2, b.y + b.height / 2); return e === h || "
                           "e.contains(h); })()")
        assert hit, name
    assert chat.locator(".end").evaluate("e => e.tagName") == "BUTTON"
    # the messages have room to be read: the part of the screen above the input area, and
    # the input area stays at the bottom when the citizen scrolls back to the first message
    bottom = box(chat.locator(".bottom"))
    assert bottom["y"] >= 0.45 * height and box(chat.locator(".log"))["height"] >= 90, bottom
    chat.locator(".msg").first.scroll_into_view_if_needed()
    assert box(chat.locator(".msg").first)["y"] < bottom["y"]
    end = box(chat.locator(".end"))
    assert end["y"] + end["height"] <= height, end
    # nothing scrolls sideways
    assert shadow(page, "root.querySelector('.panel').scrollWidth <= "
                        "root.querySelector('.panel').clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # the end control works from here
    chat.locator(".end").click()
    chat.locator("form.rate").wait_for()
    # the next view on a small screen: the notice is folded, its first line still shown
    page.reload()
    chat = widget(page)
    chat.locator(".msg.bot").first.wait_for()
    assert not chat.locator("details.notice").evaluate("d => d.open")
    assert "chatbot, ikke et menneske" in chat.locator("details.notice summary").inner_text()
    assert box(chat.locator("details.notice summary"))["height"] >= 24
    assert axe_wcag22(page) == []


def test_full_screen_panel_is_a_modal_dialog_that_keeps_focus(context_for, site):
    page = context_for(390, 844, is_mobile=True, has_touch=True)
    chat = open_widget(page, site + "/")
    assert chat.locator(".panel").get_attribute("aria-modal") == "true"
    assert chat.locator(".panel").get_attribute("role") == "dialog"
    assert box(chat.locator(".panel")) == {"x": 0, "y": 0, "width": 390, "height": 844}
    ask(page, "hvad koster et pas")
    chat.locator("#muni-q").focus()
    seen = set()
    for key in ["Tab"] * 25 + ["Shift+Tab"] * 25:
        page.keyboard.press(key)
        assert page.evaluate("document.activeElement && document.activeElement.tagName") \
            == "MUNI-CHAT", key
        inside = shadow(page, "root.querySelector('.panel').contains(root.activeElement)")
        assert inside, (key, active(page))
        seen.add(active(page))
    assert len(seen) >= 5  # it really moved around
    assert axe_wcag22(page) == []


def test_desktop_panel_is_not_modal(context_for, site):
    page = context_for()
    chat = open_widget(page, site + "/")
    assert chat.locator(".panel").get_attribute("aria-modal") == "false"


def test_focus_moves_to_each_new_answer_and_escape_returns_to_the_launcher(context_for, site):
    page = context_for()
    chat = open_widget(page, site + "/")
    answer = ask(page, "affald")
    first = shadow(page, "(() => { const a = root.activeElement; return a && a.tabIndex === -1 &&"
                         " a.closest('.msg.bot') === [...root.querySelectorAll('.msg.bot')]"
                         ".pop() && a === a.closest('.body').firstElementChild; })()")
    assert first, active(page)
    assert answer.locator(".body > :first-child").evaluate(
        "e => e.getRootNode().activeElement === e")
    page.keyboard.press("Shift+Tab")  # one key back to the input
    assert active(page).endswith("#muni-q")
    page.keyboard.type("hvad koster et pas")
    page.keyboard.press("Enter")
    chat.locator(".msg.bot").nth(2).locator(".body:not(.plain)").wait_for(timeout=30000)
    assert shadow(page, "root.activeElement.closest('.msg') === "
                        "root.querySelectorAll('.msg.bot')[2]"), active(page)
    page.keyboard.press("Escape")
    assert not chat.locator(".panel").is_visible()
    assert active(page).startswith("button.launcher")


def test_focus_ring_contrast_on_the_panel_and_the_header(context_for, site):
    page = context_for()
    chat = open_widget(page, site + "/")
    header_background = chat.locator("header").evaluate("e => getComputedStyle(e).backgroundColor")
    panel_background = chat.locator(".panel").evaluate(
        "e => getComputedStyle(e).backgroundColor")
    checked = {}
    for _ in range(30):
        page.keyboard.press("Tab")
        name = active(page)
        if not name:  # the desktop panel is no trap: Tab leaves it after the last control
            continue
        style = shadow(page, "(e => { const s = getComputedStyle(e); return [s.outlineStyle, "
                             "s.outlineColor, s.outlineWidth, !!e.closest('header')]; })"
                             "(root.activeElement)")
        outline_style, colour, width, in_header = style
        assert outline_style != "none" and float(width[:-2]) >= 2, (name, style)
        against = header_background if in_header else panel_background
        checked[name] = contrast(colour, against)
        assert checked[name] >= 3, (name, colour, against, checked[name])
        if in_header:  # the ring is also on the white panel next to the header's edge
            assert contrast(colour, panel_background) >= 1  # (white ring; dark inner shadow)
    assert any(n.startswith("button.close") for n in checked), checked
    assert any(n.startswith("button.primary") for n in checked), checked


def targets(page) -> list:
    return shadow(page, """[...root.querySelectorAll(`button, a[href], input, textarea, select,
        summary, [role=button]`)].filter(e => e.getClientRects().length && !e.closest('[hidden]'))
        .map(e => { const b = e.getBoundingClientRect(); return [e.tagName + '.' + e.className +
        ' ' + (e.textContent || e.value || '').trim().slice(0, 30), Math.round(b.width * 10) / 10,
        Math.round(b.height * 10) / 10]; })""")


def test_every_target_is_at_least_24_px(context_for, site):
    page = context_for()
    chat = open_widget(page, site + "/")
    assert chat.locator(".replies button").count() >= 3  # the greeting's suggestions
    ask(page, "hvornår kommer skraldebilen")
    ask(page, "What about waste?")  # a tel: link in the text
    chat.locator(".end").click()
    chat.locator("form.rate").wait_for()
    found = targets(page)
    kinds = {t[0].split(".")[0] for t in found}
    assert {"BUTTON", "A", "INPUT", "TEXTAREA", "SUMMARY"} <= kinds, kinds
    small = [t for t in found if t[1] < 24 or t[2] < 24]
    assert small == [], small
    assert axe_wcag22(page) == []


def test_forced_colours_keep_buttons_and_focus_visible(context_for, site):
    page = context_for(forced_colors="active")
    chat = open_widget(page, site + "/")
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")
    for name in (".close", "form.ask button[type=submit]", ".end", ".replies button"):
        style = chat.locator(name).first.evaluate(
            "e => { const s = getComputedStyle(e); return [s.borderTopStyle, s.borderTopWidth]; }")
        assert style[0] == "solid" and float(style[1][:-2]) >= 1, (name, style)
    page.keyboard.press("Tab")
    chat.locator("#muni-q").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    outline = shadow(page, "(s => [s.outlineStyle, s.outlineWidth])"
                           "(getComputedStyle(root.activeElement))")
    assert outline[0] == "solid" and float(outline[1][:-2]) >= 2, outline
    ask(page, "affald")
    assert axe_wcag22(page) == []


def test_character_counter_and_a_limit_told_not_cut(context_for, site, runtime, client):
    limit = runtime.settings.max_message_chars
    assert client.get("/api/tenants/aarhus/widget").json()["max_chars"] == limit
    page = context_for()
    chat = open_widget(page, site + "/")
    field = chat.locator("#muni-q")
    assert field.evaluate("e => e.tagName") == "TEXTAREA"
    assert field.get_attribute("maxlength") is None  # the browser would cut a paste silently
    field.fill("hej")
    assert chat.locator(".count").inner_text() == f"3 af {limit:,} tegn".replace(",", ".")
    long_text = "Jeg har et spørgsmål om affald. " * 40  # 1.280 characters
    field.fill(long_text)
    assert field.input_value() == long_text  # nothing cut
    n = f"{len(long_text):,}".replace(",", ".")
    told = chat.locator("#muni-limit")
    assert told.inner_text().startswith(
        f"Din besked er {n} tegn. Der er plads til {limit:,}.".replace(",", ".")), told.inner_text()
    assert told.get_attribute("role") == "alert"
    assert chat.locator("form.ask button[type=submit]").get_attribute("aria-disabled") == "true"
    assert field.get_attribute("aria-invalid") == "true"
    field.press("Enter")
    chat.locator("form.ask button[type=submit]").click(force=True)  # aria-disabled: pressed
    assert chat.locator(".msg.me").count() == 0  # not sent
    assert field.input_value() == long_text
    field.fill("Hvad koster et pas?")
    assert told.inner_text() == ""
    assert chat.locator("form.ask button[type=submit]").get_attribute("aria-disabled") == "false"
    # Shift+Enter: a new line; Enter: send
    field.fill("")
    field.type("Hej")
    field.press("Shift+Enter")
    field.type("hvad koster et pas")
    assert field.input_value() == "Hej\nhvad koster et pas"
    assert chat.locator(".msg.me").count() == 0
    field.press("Enter")
    chat.locator(".msg.me").first.wait_for()
    assert chat.locator(".msg.me .body").inner_text() == "Hej\nhvad koster et pas"
    assert axe_wcag22(page) == []


def test_greeting_suggestions_and_a_briefly_labelled_group(context_for, site):
    page = context_for()
    chat = open_widget(page, site + "/")
    greeting = chat.locator(".msg.bot").first
    assert greeting.locator(".body").inner_text().startswith(
        "Hej. Jeg er Spørg Aarhus, Aarhus Kommunes chatbot.")
    starters = greeting.get_by_role("group", name="Forslag").get_by_role("button")
    assert 3 <= starters.count() <= 4
    label = starters.first.inner_text()
    before = chat.locator(".msg.bot").count()
    starters.first.click()
    assert chat.locator(".msg.me .body").first.inner_text() == label
    chat.locator(".msg.bot").nth(before).locator(".body:not(.plain)").wait_for(timeout=30000)
    answer = ask(page, "hvornår kommer skraldebilen")
    group = answer.locator(".replies")
    if group.count():  # quick replies are labelled "Forslag", not with the answer's sentence
        assert group.first.get_attribute("aria-label") == "Forslag"


def test_language_switch_is_remembered(context_for, site):
    page = context_for()
    chat = open_widget(page, site + "/")
    switch = chat.locator("header button.lang")
    assert switch.inner_text() == "English" and switch.get_attribute("lang") == "en"
    switch.click()
    assert chat.locator("label[for=muni-q]").inner_text() == "Your question"
    assert switch.inner_text() == "Dansk" and switch.get_attribute("lang") == "da"
    greeting = chat.locator(".msg.bot").first
    assert greeting.get_attribute("lang") == "en"
    assert greeting.locator(".body").inner_text().startswith(
        "Hello. I am Spørg Aarhus, the chatbot of Aarhus")
    assert greeting.get_by_role("group", name="Suggestions").count() == 1
    assert chat.locator(".start-over").inner_text() == "Start over"  # a part's button too
    page.reload()
    chat = widget(page)
    chat.locator(".msg.bot").first.wait_for()
    assert chat.locator(".end").inner_text() == "End the conversation"
    chat.locator("header button.lang").click()
    assert chat.locator(".end").inner_text() == "Afslut samtalen"


def test_page_mode_fills_the_page_element(context_for, site):
    page = context_for()
    page.goto(site + "/page")
    chat = widget(page)
    chat.locator(".msg.bot").first.wait_for()  # open at load
    assert page.evaluate("document.querySelector('muni-chat').parentElement.hasAttribute("
                         "'data-muni-chat')")
    assert chat.locator(".launcher").count() == 0 and chat.locator(".close").count() == 0
    assert chat.locator(".panel").get_attribute("role") == "region"
    host = page.locator("[data-muni-chat]").bounding_box()
    assert box(chat.locator(".panel")) == host
    ask(page, "affald")
    page.keyboard.press("Escape")  # nothing to close
    assert chat.locator(".panel").is_visible()
    assert axe_wcag22(page) == []


@pytest.mark.parametrize(("width", "height"), [(1100, 900), (320, 256)])
def test_page_mode_without_an_element_fills_the_viewport(context_for, site, width, height):
    page = context_for(width, height)
    page.goto(site + "/bare")
    chat = widget(page)
    chat.locator(".msg.bot").first.wait_for()
    assert box(chat.locator(".panel")) == {"x": 0, "y": 0, "width": width, "height": height}
    ask(page, "hvad koster et pas")
    for name in ("#muni-q", ".end"):
        found = box(chat.locator(name))
        assert found["y"] + found["height"] <= height, (name, found)
    assert axe_wcag22(page) == []


def test_axe_english_answer_quick_replies_and_rating(context_for, site):
    page = context_for()
    chat = open_widget(page, site + "/")
    assert axe_wcag22(page) == []
    ask(page, "How do I get access to documents?")
    assert chat.locator(".replies button").count() >= 1
    assert axe_wcag22(page) == []
    chat.locator(".end").click()
    chat.locator("form.rate").wait_for()
    assert axe_wcag22(page) == []


def test_axe_reports_a_flaw_with_these_tags(context_for, site):
    """Guards the check: an unlabelled button inside the shadow root is reported."""
    page = context_for()
    open_widget(page, site + "/")
    shadow(page, "root.querySelector('.panel').appendChild(document.createElement('button'))")
    assert "button-name" in [v["id"] for v in axe_wcag22(page)]


@pytest.mark.parametrize("name,size", [("desktop", (1100, 760)), ("phone", (390, 844)),
                                       ("320px", (320, 568))])
def test_a_numbered_answer_is_a_list_on_desktop_phone_and_320_px(context_for, site, name, size):
    """The README's screenshots (MUNI_SCREENSHOTS=1) show this: the waste answer's steps as a
    numbered list, nothing scrolling sideways."""
    page = context_for(*size)
    open_widget(page, site + "/")
    answer = ask(page, "affald")
    assert answer.locator(".body ol li").count() >= 2
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    screenshot(page, f"widget-{name}")
