"""A phone number a citizen typed (for a callback), checked and written one way."""

from __future__ import annotations

import unicodedata

import phonenumbers


def phone_number(text: str, region: str = "DK") -> str | None:
    """The number in E.164 form (+4512345678), or None when it is not a possible phone
    number (a CPR number, a word, too few digits)."""
    text = unicodedata.normalize("NFKC", text).strip()
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
