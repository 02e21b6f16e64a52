"""Booking codes: what a citizen types to cancel or move an appointment. Six characters from
an alphabet without the look-alikes 0/O, 1/I/L, drawn with `secrets`; every code has a
letter and a digit, so a code is never an ordinary word or a number (and so can be found in
a typed message)."""

from __future__ import annotations

import re
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 6
_TOKEN = re.compile(rf"(?<![A-Za-z0-9])[{ALPHABET}{ALPHABET.lower()}]{{{LENGTH}}}(?![A-Za-z0-9])")


def is_code(text: str) -> bool:
    return (
        len(text) == LENGTH
        and all(c in ALPHABET for c in text)
        and any(c.isdigit() for c in text)
        and any(c.isalpha() for c in text)
    )


def new_code() -> str:
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        if is_code(code):
            return code


def find_code(text: str) -> str | None:
    """The first booking code in a message ("aflys min tid abc234" → "ABC234")."""
    for token in _TOKEN.findall(text):
        if is_code(token.upper()):
            return token.upper()
    return None
