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

import random

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


def ordinary_messages(phrasings: list[str], seed: int = 0) -> list[str]:
    """Longer ordinary messages: two phrasings joined, and phrasings after an opener."""
    unique = sorted(set(phrasings))
    if len(unique) < 2:
        return []
    rng = random.Random(seed)
    made: list[str] = []
    for _ in range(PAIRS):
        first, second = rng.sample(unique, 2)
        made.append(f"{first.rstrip('?.! ')}{rng.choice(JOINERS)}{second}")
    for _ in range(WITH_OPENER):
        made.append(f"{rng.choice(OPENERS)}{rng.choice(unique)}")
    return list(dict.fromkeys(made))
