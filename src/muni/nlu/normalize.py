"""Normalise citizen text so that spelling variants meet: case, punctuation, æ/ø/å, repeats."""

from __future__ import annotations

import re
import unicodedata

_ASCII_FOLDS = (("aa", "å"), ("ae", "æ"), ("oe", "ø"))
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_REPEATS = re.compile(r"(\w)\1{2,}", re.UNICODE)
_UNDERSCORE = re.compile(r"_+")


def squeeze_repeats(text: str) -> str:
    """'hjææææælp' -> 'hjælp': three or more of a letter become one (Danish has doubles)."""
    return _REPEATS.sub(r"\1", text)


def fold_ascii_danish(text: str) -> str:
    """Write ae/oe/aa as æ/ø/å, so 'koerekort' and 'kørekort' become the same word."""
    for ascii_form, letter in _ASCII_FOLDS:
        text = text.replace(ascii_form, letter)
    return text


def clean(text: str) -> str:
    """Light clean-up that keeps the words as written: NFKC, lower case, no repeats, spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = squeeze_repeats(text)
    return " ".join(text.split())


def normalize(text: str) -> str:
    """Full normalisation for lexical matching: clean, fold ae/oe/aa, drop punctuation."""
    text = fold_ascii_danish(clean(text))
    text = _UNDERSCORE.sub(" ", _NON_WORD.sub(" ", text))
    return " ".join(text.split())
