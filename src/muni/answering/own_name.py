"""The municipality's own name ties no page to a question. Every page of the tenant's site is
about the municipality, so "i aarhus" in "hvor kan jeg aflevere et bilbatteri i aarhus" says
nothing about which page answers it; on a small site the name is rare, and it tied Borgerservice's
street address ("Dokk1, ..., 8000 Aarhus C") to a question about a car battery."""

from __future__ import annotations

import re
from functools import lru_cache

from muni.domain import Tenant
from muni.nlu.normalize import normalize

# words of a municipality's name that are not its place name
_NOT_THE_PLACE = frozenset(
    {"kommune", "kommunes", "kommunen", "regionskommune", "municipality", "of", "the"}
)
# place names that are also everyday words ("et hul i vejen", "høje huse", "en skive brød"):
# taken out only when written with a capital letter
EVERYDAY_WORDS = frozenset({"vejen", "greve", "odder", "skive", "høje"})
_WORD = re.compile(r"[\w'’]+")


def _ascii(word: str) -> str:
    return word.replace("ø", "o").replace("æ", "ae").replace("å", "aa")


def own_names(tenant: Tenant) -> frozenset[str]:
    """The tenant's place name(s), normalised ("århus" for Aarhus): from its name, its short
    name and its slug. A genitive name ("Københavns Kommune", slug `kobenhavn`) gives the
    place without its "s" too."""
    return _names(tenant.name, tenant.variables.get("kommune_kort", ""), tenant.slug)


@lru_cache(maxsize=256)
def _names(name: str, short: str, slug: str) -> frozenset[str]:
    words = [
        w
        for w in normalize(f"{name} {short} {slug}".replace("-", " ")).split()
        if w not in _NOT_THE_PLACE
    ]
    bare_slug = slug.replace("-", "")
    genitive = [w[:-1] for w in words if w.endswith("s") and _ascii(w[:-1]) == bare_slug]
    return frozenset(words + genitive)


def without_own_name(text: str, tenant: Tenant) -> str:
    """`text` without the words that name the municipality itself (also "Aarhus'" and
    "Aarhus Kommunes"); everything else as it was. Several steps ask for the same text in a
    turn: the result is remembered."""
    return _without(text, own_names(tenant))


@lru_cache(maxsize=4096)
def _without(text: str, names: frozenset[str]) -> str:
    if not names:
        return text

    def keep(match: re.Match[str]) -> str:
        written = match.group(0).rstrip("'’")
        word = normalize(written)
        bare = word[:-1] if word.endswith("s") and word[:-1] in names else word
        if bare not in names or (bare in EVERYDAY_WORDS and not written[:1].isupper()):
            return match.group(0)
        return ""

    return re.sub(r"\s{2,}", " ", _WORD.sub(keep, text)).strip()
