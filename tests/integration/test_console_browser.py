"""The console in Chromium as each role sees it: logging in with the form, the menu shows what
the role may open (and only that), every console page a role can open has zero axe-core
violations and runs under the strict CSP without script errors, and logging out works."""

from __future__ import annotations

import pytest

from muni.staff.roles import Role
from tests.integration.console_helpers import (
    ACCOUNTS,
    add_every_role,
    axe_violations,
    browser,  # noqa: F401  (fixture)
    browser_login,
    watch_errors,
)

pytestmark = pytest.mark.slow

# the menu each role sees (labels), and the pages to check with axe as that role
MENUS = {
    Role.PLATFORM_ADMIN: ["Overblik", "Statistik", "Indhold", "Indbakke",
                          "Borgernes rettigheder", "Træningskorpus", "Medarbejdere",
                          "Revisionslog"],
    Role.CENTRAL_EDITOR: ["Overblik", "Statistik", "Indhold", "Indbakke", "Træningskorpus"],
    Role.SUPERUSER: ["Overblik", "Statistik", "Indhold", "Indbakke", "Chat med borgere",
                     "Borgernes rettigheder", "Medarbejdere", "Revisionslog"],
    Role.AGENT: ["Overblik", "Chat med borgere"],
    Role.VIEWER: ["Overblik", "Statistik"],
}
PAGES = {
    Role.PLATFORM_ADMIN: ["/console", "/console/staff", "/console/staff?tenant=odense",
                          "/console/audit", "/console/privacy", "/console/corpus"],
    Role.CENTRAL_EDITOR: ["/console", "/console/content", "/console/content/topics/pas",
                          "/console/content/changes", "/console/content/publish",
                          "/console/content/review", "/console/inbox", "/console/inbox/across",
                          "/console/stats", "/console/stats/compare"],
    Role.SUPERUSER: ["/console", "/console/content/topics/pas", "/console/content/variables",
                     "/console/inbox", "/console/stats", "/console/staff", "/console/audit",
                     "/console/privacy", "/agent", "/agent/callbacks"],
    Role.AGENT: ["/console", "/agent", "/agent/callbacks"],
    Role.VIEWER: ["/console", "/console/stats"],
}


@pytest.fixture(scope="module")
def accounts(runtime):
    add_every_role(runtime)
    return {role: (username, tenant) for username, role, tenant in ACCOUNTS
            if username != "od-super"}


@pytest.mark.parametrize("role", list(MENUS), ids=lambda r: r.value)
def test_each_role_sees_its_menu_and_accessible_pages(browser, live_server,  # noqa: F811
                                                      accounts, role):
    username, tenant = accounts[role]
    plain = browser.new_context(viewport={"width": 1280, "height": 900})
    page = plain.new_page()
    errors = watch_errors(page)
    browser_login(page, live_server.url, username, tenant)
    page.goto(live_server.url + "/console")
    menu = page.get_by_role("navigation", name="Konsollens menu")
    assert menu.get_by_role("link").all_inner_texts() == MENUS[role]
    for path in PAGES[role]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    assert errors == [], errors
    # axe-core is injected, which the CSP rightly refuses: a second context that bypasses it
    cookies = plain.cookies()
    checked = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    checked.add_cookies(cookies)
    axe_page = checked.new_page()
    for path in PAGES[role]:
        axe_page.goto(live_server.url + path)
        axe_page.wait_for_load_state("networkidle")
        assert axe_violations(axe_page) == [], path
    # a page the role may not open says so in Danish, not in JSON
    if role == Role.VIEWER:
        refused = page.goto(live_server.url + "/console/staff")
        assert refused.status == 403 and "Ingen adgang" in page.inner_text("h1")
    page.goto(live_server.url + "/console")
    page.get_by_role("button", name="Log ud").click()
    page.get_by_role("heading", name="Log ind i muni").wait_for()
    assert page.goto(live_server.url + "/console/stats").url.startswith(
        live_server.url + "/console/login")
    checked.close()
    plain.close()


def test_the_login_page_is_accessible(browser, live_server):  # noqa: F811
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + "/console/login")
    assert axe_violations(page) == []
    page.fill("#username", "ingen")
    page.fill("#password", "forkert-adgangskode")
    page.click("button[type=submit]")
    assert page.get_by_role("alert").inner_text().startswith("Forkert kommune")
    assert axe_violations(page) == []
    context.close()


def test_a_central_editor_downloads_the_corpus_in_the_browser(browser, live_server,  # noqa: F811
                                                              client, accounts, tmp_path):
    import io
    import zipfile

    import pyarrow.parquet as pq

    conversation = client.post("/api/tenants/odense/conversations", json={}).json()["id"]
    client.post(f"/api/tenants/odense/conversations/{conversation}/messages",
                json={"text": "mit cpr er 010190-1234, hvad koster et pas?"})
    said_yes = client.post(f"/api/tenants/odense/conversations/{conversation}/consent",
                           json={"consent": True})
    assert said_yes.status_code == 200
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    errors = watch_errors(page)
    browser_login(page, live_server.url, "c-editor")
    page.goto(live_server.url + "/console/corpus")
    page.select_option("#tenant", "odense")
    with page.expect_download() as download:
        page.get_by_role("button", name="Byg og hent korpus (.zip)").click()
    archive = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
    names = archive.namelist()
    assert "README.md" in names and "data/train-00000-of-00001.parquet" in names
    archive.extractall(tmp_path)
    rows = pq.read_table(tmp_path / "data" / "train-00000-of-00001.parquet").to_pylist()
    questions = [turn["question"] for row in rows for turn in row["turns"]]
    assert any("hvad koster et pas" in q for q in questions)
    assert all(row["tenant"] == "odense" for row in rows)
    assert not any("010190" in q or "1234" in q for q in questions)
    assert errors == [], errors
    context.close()
