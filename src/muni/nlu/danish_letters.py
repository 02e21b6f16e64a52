"""Danish letters in a message typed without them, for the embedder.

Many citizens write on a keyboard without æ, ø and å: "hvornaar", "boern", "koerekort". The
lexical side reads these as the Danish words already (`normalize.fold_ascii_danish`), but e5
reads words as pieces of its vocabulary: "hvornaar" is three pieces of nothing in particular,
"hvornår" is one word it knows. A word of such a message is given the Danish letters when e5
cuts that spelling into fewer pieces; a word e5 knows as written ("maa", "does", "poet") and a
message with any of æ, ø, å (its writer typed "aa" on purpose) stay as they are.

Only the message read when answering is spelled this way; training reads its phrasings as
written (bench/README (cj): spelling the training phrasings too gained less).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from muni.nlu.normalize import fold_ascii_danish

_ASCII_FORM = re.compile(r"aa|ae|oe")
_DANISH_LETTER = re.compile(r"[æøåÆØÅ]")
_EDGE = ".,:;!?\"'()«»-"


def with_danish_letters(text: str, pieces: Callable[[str], int]) -> str:
    """`text` with å, æ, ø for aa, ae, oe in each word that `pieces` (how many vocabulary
    pieces a word is cut into) cuts into fewer pieces that way."""
    if _DANISH_LETTER.search(text) or not _ASCII_FORM.search(text):
        return text
    words = text.split(" ")
    for i, word in enumerate(words):
        core = word.strip(_EDGE)
        if not _ASCII_FORM.search(core):
            continue
        danish = fold_ascii_danish(core)
        if pieces(danish) < pieces(core):
            words[i] = word.replace(core, danish)
    return " ".join(words)
