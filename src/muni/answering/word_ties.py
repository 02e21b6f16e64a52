"""Word ties between a question and a sentence: the rare words they share, and compounds.

How many of a question's words a sentence has (`overlap`), its compounds beginning with one of
them or made of two of them ("gæstebevis" for "gæste bevis"), and how much shared words weigh
by how rare they are on the site (`weight`, `shared_weight`). `answering/fact_sentences.py`
ties fact sentences to a question with them.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet

from muni.answering.sentence_reading import relevant_stems

COMMON_IDF = 1.5  # words at least this common on the site do not tie a sentence to a question


def overlap(question_text: str, sentence: str) -> int:
    """How many of the question's words the sentence has, its compounds of two of them
    ("gæstebevis" for "gæste bevis") counted as one."""
    asked, words = relevant_stems(question_text), relevant_stems(sentence)
    return len(asked & words) + len(joined(asked, words))


COMPOUND_FROM = 6  # a question word this long may begin a compound ("nytårsaften-sdag")


def compounds_of(asked: AbstractSet[str], words: AbstractSet[str]) -> set[str]:
    """The sentence's words that are compounds beginning with a word of the question."""
    long = [a for a in asked if len(a) >= COMPOUND_FROM]
    return {w for w in words if any(w != a and w.startswith(a) for a in long)}


JOINED_FROM = 3  # a question word this long may be half of a compound of two of them


def joined(asked: AbstractSet[str], words: AbstractSet[str]) -> set[str]:
    """The sentence's compounds of two of the question's words ("vandprøver" for "prøver af
    vandet"), with or without a joining s or e."""
    parts = {a for a in asked if len(a) >= JOINED_FROM and not a.startswith("l:")}
    found = set()
    for word in words - asked:
        for head in parts:
            if word.startswith(head) and len(word) > len(head) + JOINED_FROM - 1:
                tail = word[len(head) :]
                if tail in parts or (tail[0] in "se" and tail[1:] in parts):
                    found.add(word)
                    break
    return found


def shared_weight(text: str, other: str, idf: Mapping[str, float]) -> float:
    """How much the rare words two texts share tie them (see `weight`)."""
    return weight(relevant_stems(text) & relevant_stems(other), idf)


def weight(stems_: AbstractSet[str], idf: Mapping[str, float]) -> float:
    """How much shared words tie a sentence to a question: rare words on the site count,
    common ones ("går", "bliver", "kommunen") hardly."""
    return sum(max(0.0, idf.get(s, COMMON_IDF) - COMMON_IDF) for s in stems_)
