"""The municipality's own name ties no page to a question. Every page of the tenant's site is
about the municipality, so "i aarhus" in "hvor kan jeg aflevere et bilbatteri i aarhus" says
nothing about which page answers it; on a small site the name is rare, and it tied Borgerservice's
street address ("Dokk1, ..., 8000 Aarhus C") to a question about a car battery."""

from __future__ import annotations

import re

from muni.domain import Tenant
from muni.nlu.normalize import normalize

# words of a municipality's name that are not its place name
_NOT_THE_PLACE = frozenset(
    {"kommune", "kommunes", "kommunen", "regionskommune", "municipality", "of", "the"}
)
_WORD = re.compile(r"[\w'’]+")


def own_names(tenant: Tenant) -> frozenset[str]:
    """The tenant's place name(s), normalised ("århus" for Aarhus): from its name, its short
    name and its slug ("Bornholms Regionskommune", slug `bornholm`: both forms)."""
    names = f"{tenant.name} {tenant.variables.get('kommune_kort', '')} {tenant.slug}"
    words = normalize(names.replace("-", " ")).split()
    return frozenset(w for w in words if w not in _NOT_THE_PLACE)


def without_own_name(text: str, tenant: Tenant) -> str:
    """`text` without the words that name the municipality itself (also "Aarhus'" and
    "Aarhus Kommunes"); everything else as it was."""
    names = own_names(tenant)
    if not names:
        return text

    def keep(match: re.Match[str]) -> str:
        word = normalize(match.group(0).rstrip("'’"))
        bare = word[:-1] if word.endswith("s") and word[:-1] in names else word
        return "" if bare in names else match.group(0)

    return re.sub(r"\s{2,}", " ", _WORD.sub(keep, text)).strip()
