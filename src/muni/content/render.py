"""Fill `{{variables}}` in curated text with a tenant's local values."""

from __future__ import annotations

import re

_VARIABLE = re.compile(r"\{\{\s*([a-z0-9_]+)\s*\}\}")


def variables_in(text: str) -> set[str]:
    return set(_VARIABLE.findall(text))


def render(text: str, values: dict[str, str], passes: int = 3) -> str:
    """Replace variables by their values; values may themselves use variables (a few levels).

    A variable without a value is left out rather than shown as `{{name}}` to a citizen;
    `muni content check` reports such gaps.
    """
    for _ in range(passes):
        if "{{" not in text:
            break
        text = _VARIABLE.sub(lambda m: _value(m, values), text)
    return _VARIABLE.sub("", text)


def _value(match: re.Match[str], values: dict[str, str]) -> str:
    """A variable's value; one that ends a sentence with an abbreviation ("893 kr.") does not
    double the full stop that follows it in the text ("koster {{pris}}.")."""
    value = values.get(match.group(1), "")
    if value.endswith(".") and match.string[match.end() : match.end() + 1] == ".":
        return value[:-1]
    return value
