"""Everything muni says to citizens in its own words (not curated content), one module per
language: `da.py` and `en.py` hold the same keys. `say(key, language, **values)` fills in
`{placeholders}`; a key missing in English falls back to Danish (a test keeps them equal)."""

from __future__ import annotations

from muni.domain import Language
from muni.texts import da, en

TEXTS: dict[str, dict[str, str]] = {"da": da.TEXTS, "en": en.TEXTS}


def say(key: str, language: Language, **values: str) -> str:
    text = TEXTS.get(language, da.TEXTS).get(key) or da.TEXTS[key]
    return text.format(**values) if values else text


def both(key: str, **values: str) -> str:
    """A message for the API's error answers: Danish, then English."""
    return f"{say(key, 'da', **values)} / {say(key, 'en', **values)}"
