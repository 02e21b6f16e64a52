"""The citizen page /t/{tenant}: the municipality's name, the widget for that tenant, under
the page CSP; an unknown municipality is a 404."""

from __future__ import annotations


def test_the_citizen_page_carries_the_widget_of_its_municipality(client):
    page = client.get("/t/odense")
    assert page.status_code == 200
    assert "Odense Kommune" in page.text
    assert '<script src="/widget.js" data-tenant="odense"></script>' in page.text
    assert '/t/odense/om-chatbotten' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_an_unknown_municipality_has_no_citizen_page(client):
    assert client.get("/t/nowhere").status_code == 404
