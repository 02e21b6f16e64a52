"""The Danish names the content console shows for the kinds of content change (a topic's
history, the list of changes, the publish page)."""

from __future__ import annotations

from muni.content.editing.model import KINDS

KIND_NAMES = {
    "topic": "fælles svar",
    "override": "lokalt svar",
    "variables": "variabler",
    "phrasings": "formuleringer",
}

assert set(KIND_NAMES) == set(KINDS)
