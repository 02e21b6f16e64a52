"""The statistics pages in Chromium: every chart drawn by the vendored Chart.js, a value
tooltip on hover and with the arrow keys, the data table under each chart, the CSV download,
no CSP or script errors, and axe-core without violations."""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.integration.console_helpers import (  # noqa: F401  (fixtures)
    axe_violations,
    browser,
    browser_login,
)
from tests.integration.test_console_stats import CHARTS, PERIOD, stats  # noqa: F401

pytestmark = pytest.mark.slow
TOOLTIP = """key => {
  const chart = Chart.getChart(document.querySelector(`#chart-${key} canvas`));
  return chart.tooltip.getActiveElements().length ? chart.tooltip.body.flatMap(b => b.lines) : [];
}"""


def page_errors(page) -> list[str]:
    """Script errors and CSP refusals, except Chromium's own request for /favicon.ico."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: errors.append(f"console: {m.text}")
            if m.type == "error" and not m.location.get("url", "").endswith("/favicon.ico")
            else None)
    return errors


def drawn(page) -> list[str]:
    """The keys of the charts whose canvas Chart.js has drawn."""
    return page.evaluate("""() => [...document.querySelectorAll('canvas[data-chart]')]
        .filter(c => Chart.getChart(c)).map(c => c.closest('figure').id.replace('chart-', ''))""")


def check_figures(page, keys) -> None:
    assert drawn(page) == list(keys)
    for key in keys:
        figure = page.locator(f"#chart-{key}")
        assert figure.locator("figcaption h2").inner_text()
        canvas = figure.locator("canvas")
        assert canvas.get_attribute("role") == "img"
        assert "Tallene står i tabellen" in canvas.get_attribute("aria-label")
        assert figure.locator("table tbody tr").count() >= 1
        assert figure.locator("table caption").text_content()


def test_viewer_sees_every_chart_with_tooltips_tables_and_csv(stats, live_server, browser):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    errors = page_errors(page)
    browser_login(page, live_server.url, "aa-viewer", "aarhus")
    page.goto(f"{live_server.url}/console/stats?{PERIOD}")
    page.wait_for_function("() => typeof Chart !== 'undefined'")
    check_figures(page, CHARTS)
    # hover the hour chart: a tooltip with the values of that hour
    hour = page.locator("#chart-hour canvas")
    hour.scroll_into_view_if_needed()
    box = hour.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.5)
    page.wait_for_function(f"() => ({TOOLTIP})('hour').length > 0")
    lines = page.evaluate(TOOLTIP, "hour")
    assert any(re.fullmatch(r"Samtaler: [\d.]+", line) for line in lines), lines
    # the keyboard: focus the month chart and step to its first point
    page.locator("#chart-month canvas").focus()
    page.keyboard.press("ArrowRight")
    lines = page.evaluate(TOOLTIP, "month")
    first_row = page.locator("#chart-month tbody tr").first.locator("td").first.text_content()
    assert lines and lines[0] == f"Samtaler: {first_row}", (lines, first_row)
    # the table opens, and the CSV downloads with the same rows
    page.locator("#chart-weekday summary").click()
    assert page.locator("#chart-weekday table").is_visible()
    with page.expect_download() as download:
        page.locator("#chart-weekday a.csv").click()
    text = open(download.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Ugedag", "Samtaler", "Beskeder"]
    assert [r[0] for r in rows[1:]] == ["mandag", "tirsdag", "onsdag", "torsdag", "fredag",
                                        "lørdag", "søndag"]
    assert page.locator("select#f-tenant").count() == 0  # a viewer cannot pick a municipality
    assert errors == []
    context.close()


def test_central_editor_picks_a_municipality_and_compares(stats, live_server, browser):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    errors = page_errors(page)
    browser_login(page, live_server.url, "c-editor")
    page.goto(f"{live_server.url}/console/stats?{PERIOD}")
    assert "alle kommuner" in page.locator("h1").inner_text()
    page.select_option("#f-tenant", "odense")
    page.click(".stats-filter button[type=submit]")
    page.wait_for_load_state()
    assert "Odense" in page.locator("h1").inner_text()
    check_figures(page, CHARTS)
    page.click("text=Sammenlign kommunerne")
    page.wait_for_load_state()
    page.goto(page.url + ("&" if "?" in page.url else "?") + PERIOD)
    check_figures(page, ("compare", "compare_rates"))
    names = page.locator("#chart-compare tbody th").evaluate_all(
        "els => els.map(e => e.textContent)")
    assert {"Aarhus Kommune", "Odense Kommune"} <= set(names)
    assert errors == []
    context.close()


def test_statistics_pages_have_no_axe_violations(stats, live_server, browser):  # noqa: F811
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    browser_login(page, live_server.url, "c-editor")
    for path in (f"/console/stats?{PERIOD}", f"/console/stats?tenant=aarhus&{PERIOD}",
                 f"/console/stats/compare?{PERIOD}", "/console/stats?from=2021-99-01"):
        page.goto(live_server.url + path)
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        assert axe_violations(page) == [], path
    context.close()
