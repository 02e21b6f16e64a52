"""Split a page's main text into passages along its headings, each with its heading path."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_CHARS = 700
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[A-ZÆØÅ0-9])")
_FORMATTING = re.compile(r"(\*\*|__|`)")
# The markdown writer escapes what would otherwise be markup ("1\. april" at a line start,
# "\*"); a citizen reads the page's words, so the backslashes go.
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


def plain(text: str) -> str:
    """Markdown text without its bold/code markers and backslash escapes."""
    return _ESCAPED.sub(r"\1", _FORMATTING.sub("", text))


@dataclass(frozen=True)
class PassageDraft:
    heading_path: tuple[str, ...]
    text: str


def _split_long(text: str) -> list[str]:
    if len(text) <= MAX_CHARS:
        return [text]
    pieces, current = [], ""
    for sentence in _SENTENCE_END.split(text):
        if current and len(current) + len(sentence) + 1 > MAX_CHARS:
            pieces.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        pieces.append(current)
    return pieces


def chunk(markdown: str, title: str) -> list[PassageDraft]:
    """One passage per section (split further when long); the heading path starts at the title."""
    path: list[tuple[int, str]] = []
    lines: list[str] = []
    passages: list[PassageDraft] = []

    def flush() -> None:
        text = " ".join(line.strip() for line in lines if line.strip())
        text = plain(text)
        lines.clear()
        if not text:
            return
        heading = tuple(h for _, h in path if h != title)
        for piece in _split_long(text):
            passages.append(PassageDraft(heading_path=(title, *heading), text=piece))

    for raw in markdown.splitlines():
        match = _HEADING.match(raw.strip())
        if match:
            flush()
            level, heading = len(match.group(1)), plain(match.group(2)).strip()
            path[:] = [(lv, h) for lv, h in path if lv < level] + [(level, heading)]
        else:
            item = re.sub(r"^\s*([-*]|\d+\.)\s+", "", raw)
            if item != raw and item.strip() and not item.strip().endswith((".", ":", "?")):
                item = item.strip() + "."
            lines.append(item)
    flush()
    return passages
