"""The Danish words for the subjects of an English question, from the content pack's glossary.

The municipality's pages are Danish, so the words of an English question ("swimming pool",
"digging permit") never meet them by keyword; only e5's meaning does, and for short English
questions against Danish pages it is weak. `content/glossary_en_da.yaml` maps English terms to
the Danish words the pages use; the words found here are added to an English question's
keyword search and to what ties a page's sentence to it. Longest phrase first; a plural "s",
"es" or "ies" on the last word is matched too. See docs/adr/0009-question-level-answers.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from muni.nlu.term_file import read_terms

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def _singular(word: str) -> list[str]:
    """The forms a plural English word may have in the glossary ("boxes": "box", "batteries":
    "battery"), the word itself first."""
    forms = [word]
    if word.endswith("ies") and len(word) > 4:
        forms.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 3:
        forms.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 2:
        forms.append(word[:-1])
    return forms


class EnglishTerms:
    """English term -> the Danish words the pages use for it."""

    def __init__(self, terms: Mapping[str, str]) -> None:
        self.terms = {" ".join(_WORD.findall(k.lower())): v.strip() for k, v in terms.items()}
        self.terms.pop("", None)
        self.longest = max((len(k.split()) for k in self.terms), default=0)

    @classmethod
    def load(cls, path: Path) -> EnglishTerms:
        """The glossary at `path`; an installation without one has no terms."""
        return cls(read_terms(path, "English terms to Danish words"))

    def danish(self, text: str) -> str:
        """The Danish words for the English terms in `text`, in the order they occur, each
        once ("" when none is known)."""
        words = _WORD.findall(text.lower())
        found: list[str] = []
        i = 0
        while i < len(words):
            match = self._match_at(words, i)
            if match is None:
                i += 1
                continue
            length, danish = match
            if danish not in found:
                found.append(danish)
            i += length
        return " ".join(found)

    def _match_at(self, words: list[str], i: int) -> tuple[int, str] | None:
        for length in range(min(self.longest, len(words) - i), 0, -1):
            head = words[i : i + length - 1]
            for last in _singular(words[i + length - 1]):
                danish = self.terms.get(" ".join([*head, last]))
                if danish is not None:
                    return length, danish
        return None
