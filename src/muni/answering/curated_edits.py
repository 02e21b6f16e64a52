"""What of a curated answer stays beside a quote from the tenant's page.

The page is the authority on a local fact, so a curated sentence whose value the page
contradicts goes (`without_sentences_holding`), and a curated paragraph that only says again
what the quote before it says goes too (`without_repeats`). Values are compared by their
numbers (`value_keys`). See `page_facts.py` and docs/adr/0009-question-level-answers.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from muni.answering.sentence_reading import relevant_stems
from muni.answering.word_ties import COMMON_IDF
from muni.facts.sentences import sentence_around
from muni.facts.values import canonical, find_values

UNSEEN_IDF = 5.0  # a word on none of the tenant's pages is rare there, not common
# the words of a curated sentence that the quote lacks weigh this much: it says something
# of its own ("pasfoto", "boligbidraget")
OWN_WORDS = 1.0


def value_keys(values: list[str]) -> set[str]:
    """What is compared between a curated value and the page's: the numbers ("kl. 7-19" and
    "alle dage 7-19" agree) when there are any, otherwise the canonical text."""
    numeric = {"-".join(re.findall(r"\d+", canonical(v))) for v in values}
    numeric.discard("")
    return numeric or {canonical(v) for v in values}


def _weight_not_in(text: str, other: str, idf: Mapping[str, float]) -> float:
    """How much the words of `text` that `other` lacks weigh, as `word_ties.weight` weighs
    shared ones (a word on none of the pages counts as rare); a word counts as there when
    `other` has it or its lemma ("voksen" beside "voksne")."""
    there = relevant_stems(other)
    missing = {s for s in relevant_stems(text) if s not in there and f"l:{s}" not in there}
    return sum(max(0.0, idf.get(s, UNSEEN_IDF) - COMMON_IDF) for s in missing)


def without_sentences_holding(text: str, values: list[str]) -> str:
    """The curated text without the sentences that state the given values (a value may
    itself hold full stops: "lukket 24.-26. december"; a sentence may hold an ordinal:
    "Indskrivning til 0. klasse: ..."). A list item left with only its number goes too."""
    lines: list[str | None] = list(text.split("\n"))
    for value in values:
        for i, line in enumerate(lines):
            if line is None or not value or value not in line:
                continue
            while (at := line.find(value)) >= 0:
                begin, end = sentence_around(line, at, at + len(value))
                line = (line[:begin] + line[end:].lstrip(" ")).rstrip()
            lines[i] = None if _BARE_MARKER.fullmatch(line) else line
    kept = "\n".join(line.rstrip() for line in lines if line is not None)
    return re.sub(r"\n{3,}", "\n\n", kept).strip()


_BARE_MARKER = re.compile(r"\s*(\d+\.|[-*•])?\s*")


def _sentences_holding(line: str, kinds: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the sentences of `line` that state a value of these kinds begin and end, each
    with the brackets that go on from it: "150 kr. (under 12 år) eller 181 kr. (12-17 år)."
    is one sentence, though "kr. (" would end one for `sentence_around`."""
    spans = []
    for value in find_values(line, kinds):
        begin, end = sentence_around(line, value.start, value.end)
        while end < len(line) and line[end:].lstrip().startswith("("):
            at = len(line) - len(line[end:].lstrip()) + 1
            _, after = sentence_around(line, at, at)
            if after <= end:
                break
            end = after
        spans.append((begin, end))
    return spans


def without_repeats(
    text: str, quoted: str, kinds: tuple[str, ...], idf: Mapping[str, float]
) -> str:
    """The curated text without the paragraphs that only say again what the quote before it
    says: each of their sentences states values of the kinds asked for that are all in the
    quote, and every word of theirs that means something is in it too ("Et pas til en voksen
    koster 893 kr. Har du nået folkepensionsalderen, koster det 381 kr. …" after the page's
    price list). A paragraph that goes on with something of its own stays whole, so that no
    "De er valgt …" is left without what it refers to; so does a sentence with words of its
    own ("Vil du have taget pasfoto i Borgerservice, er prisen: ca. 150 kr.": a child's
    passport costs 150 kr. too)."""
    keys = value_keys([v.text for v in find_values(quoted, kinds)])
    if not keys:
        return text
    lines = text.split("\n")
    kept = [line for line in lines if not _repeats(line, quoted, keys, kinds, idf)]
    if len(kept) == len(lines):
        return text
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def _repeats(
    line: str, quoted: str, keys: set[str], kinds: tuple[str, ...], idf: Mapping[str, float]
) -> bool:
    """Whether every sentence of the paragraph `line` says again what `quoted` says."""
    spans: list[tuple[int, int]] = []  # the sentences holding values, overlaps joined
    for begin, end in sorted(_sentences_holding(line, kinds)):
        if spans and begin < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((begin, end))
    rest = line
    for begin, end in reversed(spans):
        sentence = line[begin:end]
        values = [v.text for v in find_values(sentence, kinds)]
        if not value_keys(values) <= keys or _weight_not_in(sentence, quoted, idf) >= OWN_WORDS:
            return False
        rest = rest[:begin] + rest[end:]
    return bool(spans) and _BARE_MARKER.fullmatch(rest) is not None
