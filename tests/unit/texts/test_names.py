"""Names in the widget's Danish: the genitive, the greeting for every tenant, and the widget's
texts in Danish and English with the same keys."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from muni.texts import da, en
from muni.texts.names import genitive, greeting, names_itself

TENANTS = sorted((Path(__file__).parents[3] / "tenants").glob("*.yaml"))


@pytest.mark.parametrize(("name", "expected"), [
    ("Aarhus", "Aarhus'"),
    ("Aarhus Kommune", "Aarhus Kommunes"),
    ("Vejle Kommune", "Vejle Kommunes"),
    ("Frederiksberg", "Frederiksbergs"),
    ("Odense", "Odenses"),
    ("Fanø", "Fanøs"),
    ("Lolland-Falster", "Lolland-Falsters"),
    ("Halsnæs", "Halsnæs'"),
    ("Marx", "Marx'"),
    ("Aabenraa", "Aabenraas"),
    ("Aarhus'", "Aarhus'"),
    ("  Vejle  ", "Vejles"),
    ("", ""),
])
def test_danish_genitive(name, expected):
    assert genitive(name) == expected


def test_greeting_names_the_bot_and_its_municipality_once():
    assert greeting("Spørg Aarhus", "Aarhus Kommune", da.WIDGET) == (
        "Hej. Jeg er Spørg Aarhus, Aarhus Kommunes chatbot. Hvad kan jeg hjælpe dig med?")
    assert greeting("Vejle Kommunes chatbot", "Vejle Kommune", da.WIDGET) == (
        "Hej. Du skriver med Vejle Kommunes chatbot. Hvad kan jeg hjælpe dig med?")
    assert greeting("Aarhus Kommune", "Aarhus Kommune", da.WIDGET).startswith(
        "Hej. Du skriver med Aarhus Kommune.")
    assert greeting("Spørg Aarhus", "Aarhus Kommune", en.WIDGET) == (
        "Hello. I am Spørg Aarhus, the chatbot of Aarhus Kommune. How can I help you?")
    assert names_itself("Odense Kommunes chat", "Odense Kommune")
    assert not names_itself("Spørg Aarhus", "Aarhus Kommune")


def bad_danish(text: str) -> list[str]:
    """The slips the issue saw: a double genitive s and "chatbots chatbot"."""
    found = re.findall(r"\b\w+ss\b", text)
    found = [w for w in found if w.lower() not in {"pas", "adgangskodens"}]
    found += re.findall(r"\b(\w+)s \1\b", text)
    found += [w for w in ("chatbots chatbot", "chats chatbot", "Kommunes Kommune") if w in text]
    return found


@pytest.mark.parametrize("path", TENANTS, ids=lambda p: p.stem)
def test_greeting_of_every_tenant_reads_right(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    bot = (data.get("theme") or {}).get("name") or data["name"]
    for words in (da.WIDGET, en.WIDGET):
        text = greeting(bot, data["name"], words)
        assert bad_danish(text) == [], text
        assert text.count("chatbot") + text.count("chat ") <= 1, text
        assert "{" not in text, text


def test_bad_danish_is_caught():
    assert bad_danish("Hej. Jeg er Spørg Aarhuss chatbot.") == ["Aarhuss"]
    assert bad_danish("Jeg er Vejle Kommunes chatbots chatbot.") != []


def test_widget_texts_have_the_same_keys_in_danish_and_english():
    assert set(da.WIDGET) == set(en.WIDGET)
    for key in da.WIDGET:
        assert da.WIDGET[key].strip() and en.WIDGET[key].strip(), key
        if key == "greeting":  # "{owner} chatbot" / "the chatbot of {municipality}"
            continue
        # the same placeholders in both languages
        assert set(re.findall(r"\{\w+\}", da.WIDGET[key])) == set(
            re.findall(r"\{\w+\}", en.WIDGET[key])), key
