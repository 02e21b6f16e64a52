"""The demo site's pages name only variables every demo municipality has (demo_site/pages):
a missing one renders as nothing, and a sentence like "Ring til visitationen på ." would be
crawled, quoted and answered from."""

from pathlib import Path

from muni.content.render import variables_in
from muni.demo_site.pages import all_pages
from muni.tenancy import load_tenants

REPO = Path(__file__).resolve().parents[3]


def test_every_variable_on_a_demo_page_has_a_value_in_every_demo_municipality():
    pages = all_pages(REPO / "demo_site" / "pages")
    named = {name for page in pages for name in variables_in(page.body + page.title)}
    assert "hjemmehjaelp_telefon" in named  # the home-help page names the visitation's number
    for tenant in load_tenants(REPO / "tenants"):
        if tenant.demo:
            missing = sorted(name for name in named if not tenant.variables.get(name))
            assert missing == [], tenant.slug
