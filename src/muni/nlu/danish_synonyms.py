"""The words a municipality's pages use for what citizens call something else.

Citizens write "raketter", "skraldespand" and "p-plads"; the pages say "fyrværkeri",
"affaldsbeholder" and "parkeringsplads". BM25 never joins such words, and e5 only sometimes:
"hvornår må man skyde raketter af?" reached the fireworks page but quoted "Stil raketter i et
stativ …", not the dates it may be done ("Du må kun fyre fyrværkeri af fra 27. december …").
`content/synonyms_da.yaml` maps a citizen's word or phrase to the pages' words. The words found
are added to a Danish question's keyword search and to what ties a page's sentence to it, as
the English glossary's are for an English question (`english_terms.py`). Words are compared by
their stems, so every inflection of a listed word counts ("raketterne", "skraldespanden");
the longest phrase wins. See docs/adr/0009-question-level-answers.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from muni.nlu.term_file import read_terms
from muni.nlu.tokens import word_stems


class DanishSynonyms:
    """A citizen's Danish word or phrase -> the words the pages use for it."""

    def __init__(self, terms: Mapping[str, str]) -> None:
        stemmed = [(word_stems(k), v.strip()) for k, v in terms.items()]
        # longest phrase first
        self.terms = sorted(((k, v) for k, v in stemmed if k), key=lambda t: -len(t[0]))

    @classmethod
    def load(cls, path: Path) -> DanishSynonyms:
        """The list at `path`; an installation without one has none."""
        return cls(read_terms(path, "a citizen's words to the pages' words"))

    def page_words(self, text: str) -> str:
        """The pages' words for the listed words in `text`, in the order they occur, each
        once ("" when none is listed)."""
        if not self.terms:
            return ""
        stemmed = word_stems(text)
        found: list[str] = []
        i = 0
        while i < len(stemmed):
            for key, words in self.terms:
                said = stemmed[i : i + len(key)]
                if len(said) == len(key) and all(a & b for a, b in zip(key, said, strict=True)):
                    if words not in found:
                        found.append(words)
                    i += len(key)
                    break
            else:
                i += 1
        return " ".join(found)
