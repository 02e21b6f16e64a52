"""One spelling for the many ways a keyboard, phone or copy-paste writes the same characters.

`normalise` is what `redact` sees first: NFKC (full-width and other compatibility digits and
letters become ASCII; Danish æøå are untouched), every dash variant becomes "-", every space
variant " ", invisible characters (zero-width, bidi marks, BOM) disappear and control
characters become spaces. Newlines stay, so a message keeps its lines.
"""

from __future__ import annotations

import re
import unicodedata

DASHES = (
    "\u00ad"  # soft hyphen (invisible, but it stands where a dash was typed or wrapped)
    "\u058a\u05be\u1400\u1806"
    "\u2010\u2011\u2012\u2013\u2014\u2015"  # hyphen, non-breaking hyphen, figure dash, en, em, bar
    "\u2043\u2212\u2796\u02d7"  # hyphen bullet, minus sign, heavy minus, modifier minus
    "\u2e17\u2e1a\u2e3a\u2e3b\u2e40\u301c\u3030\u30a0"
    "\ufe31\ufe32\ufe58\ufe63\uff0d"  # presentation forms, small and full-width hyphen-minus
)
SPACES = (
    "\t\u000b\u000c\u00a0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"
)
INVISIBLE = (
    "\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e"
    "\u200b\u200c\u200d\u200e\u200f"  # zero-width space/non-joiner/joiner, LRM, RLM
    "\u202a\u202b\u202c\u202d\u202e"  # bidi embeddings and overrides
    "\u2060\u2061\u2062\u2063\u2064"  # word joiner, invisible operators
    "\u2066\u2067\u2068\u2069\ufeff"  # bidi isolates, BOM / zero-width no-break space
)
LINE_BREAKS = "\u0085\u2028\u2029"

_TABLE: dict[int, str | None] = {
    **{ord(c): "-" for c in DASHES},
    **{ord(c): " " for c in SPACES},
    **{ord(c): None for c in INVISIBLE},
    **{ord(c): "\n" for c in LINE_BREAKS},
    **{c: " " for c in [*range(0x00, 0x09), 0x0E, 0x0F, *range(0x10, 0x20), 0x7F]},
    **{c: " " for c in range(0x80, 0xA0) if c != 0x85},
}
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # Arabic-Indic, Devanagari ... decimal digits


def _ascii_digit(match: re.Match[str]) -> str:
    return str(unicodedata.decimal(match.group()))


def normalise(text: str) -> str:
    """The same text in one spelling (see the module docstring); idempotent."""
    text = text.translate(_TABLE)
    if text.isascii():
        return text
    if not unicodedata.is_normalized("NFKC", text):
        # after the table, so "a<zero-width space><ring>" composes; NFKC itself makes some
        # dashes (U+FE58 -> U+2014), so the table runs again
        text = unicodedata.normalize("NFKC", text).translate(_TABLE)
    return _OTHER_DIGIT.sub(_ascii_digit, text)
