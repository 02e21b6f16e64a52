"""Danish tokens for the classifier: words, snowball stems and lemmy lemmas."""

from __future__ import annotations

from functools import lru_cache

import lemmy
import Stemmer

from muni.nlu.normalize import normalize

_STEMMER = Stemmer.Stemmer("danish")


@lru_cache(maxsize=1)
def _lemmatizer() -> lemmy.Lemmatizer:
    return lemmy.load("da")


# Words the stemmer makes into another word's stem: "passe" (to look after, to fit) and its
# forms are stemmed "pas", the passport's stem, so "kan han passes et andet sted" read as a
# passport question. "passet" stays "pas": it is mostly the passport ("passet er udløbet").
# "demens" is stemmed "dem", the pronoun's stem, which ties nothing ("findes der kurser for
# pårørende til en med demens" did not meet the dementia page's "demens"; "demensen" was
# already "demens").
_OWN_STEMS = {"passe": "passe", "passer": "passe", "passes": "passe", "passede": "passe",
              "demens": "demens"}


@lru_cache(maxsize=100_000)
def _word_features(word: str) -> tuple[str, ...]:
    if word in _OWN_STEMS:
        return (_OWN_STEMS[word],)
    stem = _STEMMER.stemWord(word)
    lemmas = _lemmatizer().lemmatize("", word)
    lemma = min(lemmas, key=len) if lemmas else word
    if lemma == stem or _STEMMER.stemWord(lemma) == stem:
        return (stem,)
    return (stem, "l:" + _STEMMER.stemWord(lemma))


def words(text: str) -> list[str]:
    """The normalised words of a text."""
    return normalize(text).split()


def words_by_stem(text: str) -> dict[str, frozenset[str]]:
    """Each stem (and lemma) feature of a text, with the words of the text it comes from."""
    found: dict[str, set[str]] = {}
    for word in words(text):
        for feature in _word_features(word):
            found.setdefault(feature, set()).add(word)
    return {feature: frozenset(ws) for feature, ws in found.items()}


def stems(text: str) -> list[str]:
    """Stem (and, where it differs, lemma) features of each word, in order."""
    return list(_stems(text))


@lru_cache(maxsize=50_000)
def _stems(text: str) -> tuple[str, ...]:
    # the same page sentences are stemmed for many questions: remember them (a new list
    # is handed out each time, so a caller may change its own)
    out: list[str] = []
    for word in words(text):
        out.extend(_word_features(word))
    return tuple(out)


def word_stems(text: str) -> list[frozenset[str]]:
    """Each word's forms for telling two words apart, in order: its stem, its lemma and the
    lemma's stem. Two words are one when they share one ("raket" -> {rak, raket}, "raketterne"
    -> {raket}: the stemmer cuts the singular shorter than the plural)."""
    return [_forms(w) for w in words(text)]


@lru_cache(maxsize=100_000)
def _forms(word: str) -> frozenset[str]:
    lemmas = _lemmatizer().lemmatize("", word)
    return frozenset(
        {*(f.removeprefix("l:") for f in _word_features(word)), *lemmas}
    )


def stem_text(text: str) -> str:
    """The stems as one space-separated string, ready for a vectoriser."""
    return " ".join(stems(text))
