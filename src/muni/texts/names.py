"""Names in running Danish text: the genitive of a name, and the widget's greeting.

Danish forms the genitive with -s, and with an apostrophe alone after a name that ends in
s, x or z ("Aarhus'", "Vejle Kommunes", "Frederiksbergs"). The greeting names the chatbot and
its municipality without saying "chatbot" twice ("Vejle Kommunes chatbots chatbot")."""

from __future__ import annotations

_SIBILANTS = ("s", "x", "z")


def genitive(name: str) -> str:
    """The Danish genitive of a name: "Aarhus" -> "Aarhus'", "Vejle Kommune" -> "Vejle
    Kommunes", "Frederiksberg" -> "Frederiksbergs"; a name ending in an apostrophe is left."""
    name = name.strip()
    if not name or name.endswith("'"):
        return name
    if name.lower().endswith(_SIBILANTS):
        return name + "'"
    return name + "s"


def names_itself(bot: str, municipality: str) -> bool:
    """Whether the chatbot's name already says what it is ("Vejle Kommunes chatbot",
    "Odense Kommunes chat"), so the greeting must not add "X Kommunes chatbot" to it."""
    lowered = bot.lower()
    return not bot or bot == municipality or "chat" in lowered or "kommune" in lowered


def greeting(bot: str, municipality: str, templates: dict[str, str]) -> str:
    """The widget's greeting in one language: "Hej. Jeg er Spørg Aarhus, Aarhus Kommunes
    chatbot. ..." or, for a name that says it all, "Hej. Du skriver med Vejle Kommunes chatbot.
    ..." (`templates` is da.WIDGET or en.WIDGET)."""
    if names_itself(bot, municipality):
        return templates["greeting_plain"].replace("{name}", bot or municipality)
    return (
        templates["greeting"]
        .replace("{name}", bot)
        .replace("{municipality}", municipality)
        .replace("{owner}", genitive(municipality))
    )
