"""The widget's settings (GET /api/tenants/{tenant}/widget): the greeting in correct Danish for
every tenant, the starter suggestions, and the longest message the server takes."""

from __future__ import annotations

import re
from dataclasses import replace

from muni.store.tenants import TenantRepository
from muni.web.routes.widget import starters
from tests.unit.texts.test_names import bad_danish


def test_every_tenant_greets_in_correct_danish_and_english(client, runtime):
    with runtime.db.session() as session:
        slugs = [t.slug for t in TenantRepository(session).all()]
    assert {"aarhus", "odense", "vejle"} <= set(slugs)
    for slug in slugs:
        settings = client.get(f"/api/tenants/{slug}/widget").json()
        for lang in ("da", "en"):
            texts = settings["texts"][lang]
            for key, text in texts.items():
                assert bad_danish(text) == [], (slug, lang, key, text)
                assert not re.search(r"\{(name|owner|municipality)\}", text), (slug, key)
            assert len(re.findall(r"\bchat(?:bot)?s?\b", texts["greeting"])) <= 1, texts
        assert settings["municipality"].endswith("Kommune")


def test_aarhus_greeting_and_starters(client):
    settings = client.get("/api/tenants/aarhus/widget").json()
    assert settings["texts"]["da"]["greeting"] == (
        "Hej. Jeg er Spørg Aarhus, Aarhus Kommunes chatbot. Hvad kan jeg hjælpe dig med?")
    vejle = client.get("/api/tenants/vejle/widget").json()["texts"]["da"]["greeting"]
    assert vejle == "Hej. Du skriver med Vejle Kommunes chatbot. Hvad kan jeg hjælpe dig med?"
    da, en = settings["starters"]["da"], settings["starters"]["en"]
    assert 3 <= len(da) <= 4 and len(en) == len(da)
    assert [s["topic"] for s in da] == [s["topic"] for s in en]
    assert da[1] == {"label": "Pas", "topic": "pas"} and en[1]["label"] == "Passport"


def test_starters_from_the_tenants_theme_keep_known_topics_only(runtime):
    with runtime.db.session() as session:
        tenant = TenantRepository(session).by_slug("aarhus")
    themed = replace(tenant, theme={**tenant.theme, "starters": [
        "pas", "findes-ikke", {"topic": "affald", "label": "Skrald", "label_en": "Rubbish"},
        "flytning", "sundhedskort", "koerekort"]})
    found = starters(themed, runtime)
    # unknown topics left out, then the first four
    assert [s["topic"] for s in found["da"]] == ["pas", "affald", "flytning", "sundhedskort"]
    assert found["da"][1]["label"] == "Skrald" and found["en"][1]["label"] == "Rubbish"
