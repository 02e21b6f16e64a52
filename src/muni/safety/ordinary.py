"""Ordinary messages the way citizens write them in a conversation, for the safety
classifier's "none" class.

Topic phrasings are short and one question each. Citizens write longer: a personal detail and
a question ("min søn er 14 og vil på knallertholdet, hvor gammel skal han være"), two questions
at once, an opener ("okay, noget helt andet: ..."), a follow-up with a pronoun ("hvis hun får
det, hvor tit ..."). A classifier that only saw short phrasings as "none" takes such messages
for danger. These examples are built from the topic phrasings (deterministically, so training
is reproducible) and only teach what ordinary looks like; they never train the topic model.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Sequence

OPENERS = (
    "okay. ",
    "ok tak. ",
    "tak for svaret. ",
    "tak. et andet spørgsmål: ",
    "skal lige høre om noget helt andet, ",
    "noget helt andet, ",
    "et helt andet spørgsmål: ",
    "btw ",
    "forresten, ",
    "hej igen, ",
    "hej, ",
    "godmorgen, ",
    "undskyld jeg spørger igen, ",
    "ps. ",
    "og så en ting mere: ",
    "jeg har et spørgsmål: ",
    "min mor spørger: ",
    "for min far: ",
    "på vegne af min nabo: ",
    "thanks. another question: ",
    "ok and ",
    "also, ",
)
JOINERS = (", og ", ". ", ", også ", " - og ", ". og så ", ", men ", "? og ")
PAIRS = 900
WITH_OPENER = 500


def ordinary_messages(phrasings: list[str]) -> list[str]:
    """Longer ordinary messages: two phrasings joined, and phrasings after an opener.

    Which phrasings are joined, to which, and with what, follows from each phrasing's own
    text (a hash), not from its place in the list. So a content edit that adds or changes a
    few phrasings changes only the few examples made from them: when the picks were drawn at
    random from the sorted list, adding 16 phrasings to 8,754 replaced 1,396 of the 1,398
    examples, and every edit moved the safety classifier's idea of "ordinary"."""
    unique = sorted(set(phrasings))
    if len(unique) < 2:
        return []
    points, ring = zip(*sorted((_hash(text, "partner"), text) for text in unique), strict=True)
    made: list[str] = []
    for first in sorted(unique, key=lambda text: _hash(text, "first"))[:PAIRS]:
        second = _after(ring, points, _hash(first, "to"), first)
        joiner = JOINERS[_hash(first, "joiner") % len(JOINERS)]
        made.append(f"{first.rstrip('?.! ')}{joiner}{second}")
    for text in sorted(unique, key=lambda text: _hash(text, "opener"))[:WITH_OPENER]:
        made.append(f"{OPENERS[_hash(text, 'which opener') % len(OPENERS)]}{text}")
    return list(dict.fromkeys(made))


def _hash(text: str, purpose: str) -> int:
    return int.from_bytes(hashlib.sha1(f"{purpose}|{text}".encode()).digest()[:8], "big")


def _after(ring: Sequence[str], points: Sequence[int], point: int, other_than: str) -> str:
    """The phrasing whose hash follows `point` on the ring (not `other_than`): a new
    phrasing takes over only the points just before its own."""
    at = bisect.bisect_left(points, point) % len(ring)
    if ring[at] == other_than:
        at = (at + 1) % len(ring)
    return ring[at]
