"""A readable diff of a change: each field that differs, before and after, and for texts the
words removed and added (difflib), so an editor sees at a glance what a draft changes."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Segment:
    op: str  # "same" | "del" | "add"
    text: str


@dataclass(frozen=True)
class FieldDiff:
    path: str  # e.g. "answer.da", "sub_answers[pris].answer.da", "add"
    before: str
    after: str
    segments: tuple[Segment, ...] = field(default_factory=tuple)


def _flatten(value: Any, path: str, out: dict[str, str]) -> None:
    if isinstance(value, dict):
        for key in value:
            _flatten(value[key], f"{path}.{key}" if path else str(key), out)
    elif (
        isinstance(value, list) and value and all(isinstance(v, dict) and "id" in v for v in value)
    ):
        for item in value:
            rest = {k: v for k, v in item.items() if k != "id"}
            _flatten(rest, f"{path}[{item['id']}]", out)
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        out[path] = "\n".join(value)
    elif value is None:
        out[path] = ""
    elif isinstance(value, str):
        out[path] = value
    else:
        out[path] = json.dumps(value, ensure_ascii=False)


def flatten(value: Any) -> dict[str, str]:
    """Every leaf of a document by its path; sub-answers by id, lists of texts as lines."""
    out: dict[str, str] = {}
    _flatten(value, "", out)
    return {k: v for k, v in out.items() if v != ""}


_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(before: str, after: str) -> tuple[Segment, ...]:
    """The words of `before` removed and those of `after` added, in reading order."""
    a, b = _TOKENS.findall(before), _TOKENS.findall(after)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(Segment("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("del", "".join(a[i1:i2])))
        if j2 > j1:
            segments.append(Segment("add", "".join(b[j1:j2])))
    return tuple(segments)


def diff(before: Any, after: Any) -> list[FieldDiff]:
    """The fields that differ between two documents (a missing field reads as empty)."""
    old, new = flatten(before or {}), flatten(after or {})
    found = []
    for path in sorted(set(old) | set(new), key=lambda p: (p.count("["), p)):
        a, b = old.get(path, ""), new.get(path, "")
        if a != b:
            found.append(FieldDiff(path, a, b, word_diff(a, b)))
    return found


def unified(before: Any, after: Any) -> str:
    """The same diff as unified text lines (for logs and the command line)."""
    lines = []
    for item in diff(before, after):
        lines.extend(
            difflib.unified_diff(
                item.before.splitlines(),
                item.after.splitlines(),
                fromfile=f"før: {item.path}",
                tofile=f"efter: {item.path}",
                lineterm="",
            )
        )
    return "\n".join(lines)
