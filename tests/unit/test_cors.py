"""Which browser origins may call a tenant's citizen API (web/edge/cors.py)."""

from __future__ import annotations

import pytest

from muni.domain import Tenant
from muni.web.edge.cors import origin_allowed

AARHUS = Tenant(id=1, slug="aarhus", name="Aarhus Kommune", municipality_code="0751",
                domains=("aarhus.dk", "www.aarhusvand.dk"),
                website={"widget_origins": ["http://intranet.aarhus.local:8080"]})
OWN = {"https://chat.example.org"}


@pytest.mark.parametrize("origin", [
    "https://aarhus.dk", "https://www.aarhus.dk", "https://borger.aarhus.dk",
    "https://aarhusvand.dk", "https://www.aarhusvand.dk",  # www. in the YAML is the domain
    "http://intranet.aarhus.local:8080",  # listed in website.widget_origins
    "https://chat.example.org",  # muni itself
])
def test_allowed(origin):
    assert origin_allowed(origin, AARHUS, OWN)


@pytest.mark.parametrize("origin", [
    "http://aarhus.dk",  # not HTTPS
    "https://aarhus.dk.evil.example", "https://evilaarhus.dk", "https://odense.dk",
    "null", "", "https://aarhus.dk/path", "http://intranet.aarhus.local:8081",
])
def test_refused(origin):
    assert not origin_allowed(origin, AARHUS, OWN)
