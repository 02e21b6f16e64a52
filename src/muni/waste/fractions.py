"""The waste fractions muni answers about, and how a waste company's words map to them
("Restaffald og madaffald" → rest_mad, "Glas og metal" → glas_metal)."""

from __future__ import annotations

import re

from muni.addresses.match import normalise

FRACTIONS = ("rest_mad", "papir", "plast", "glas_metal", "storskrald", "haveaffald")

# A word in the name → the fraction; checked in this order, a name may hold several.
_WORDS = (
    ("storskrald", "storskrald"),
    ("haveaffald", "haveaffald"),
    ("have", "haveaffald"),
    ("rest", "rest_mad"),
    ("mad", "rest_mad"),
    ("dagrenovation", "rest_mad"),
    ("papir", "papir"),
    ("pap", "papir"),
    ("plast", "plast"),
    ("glas", "glas_metal"),
    ("metal", "glas_metal"),
    ("residual", "rest_mad"),
    ("food", "rest_mad"),
    ("paper", "papir"),
    ("plastic", "plast"),
    ("glass", "glas_metal"),
    ("bulky", "storskrald"),
)


def fractions_in(name: str) -> tuple[str, ...]:
    """The fractions a calendar entry or CSV value names: a code ("glas_metal") or words
    ("Glas og metal", "Papir/pap", "Restaffald og madaffald"); () when none."""
    raw = name.strip().lower()
    if raw in FRACTIONS:
        return (raw,)
    # "mad- og drikkekartoner" are packaging (collected with plastic), not food waste
    plain = normalise(re.sub(r"mad-?\s*og\s*drikke", "karton ", name, flags=re.IGNORECASE))
    if "storskrald" in plain:
        return ("storskrald",)
    found: list[str] = []
    for word, fraction in _WORDS:
        if word in plain and fraction not in found:
            if word == "have" and "storskrald" in found:
                continue
            found.append(fraction)
    return tuple(sorted(found, key=FRACTIONS.index))
