"""What a content change is: its kind, what it changes, and the whole document before and
after (so it can be shown as a diff and rolled back).

Kinds and shapes of `after` (shared by the console's editor and the inbox):
- "topic": the whole shared topic document (the `content_topics.document` shape, with its
  sub-answers; a new sub-answer may carry its `phrasings`); tenant_id None.
- "override": a municipality's override of the topic's overview (`sub_answer` "") or of one
  sub-answer: `{"answer": {"da": ..., "en": ...}, "links"?, "quick_replies"?, "action"?}`;
  None or {} removes the override.
- "variables": the municipality's variables as in its YAML (`name: value` or
  `name: {value, source, as_of, en}`); topic "".
- "phrasings": `{"add": [texts], "remove": [texts]}` for (topic, sub_answer).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

KINDS = ("topic", "override", "variables", "phrasings")
SHARED_KINDS = ("topic",)  # need Permission.SHARED_CONTENT
OPEN = "draft"  # a change waiting for a publish
STATUS_NAMES = {
    "draft": "kladde",
    "publishing": "udgives",
    "published": "udgivet",
    "discarded": "kasseret",
}


@dataclass(frozen=True)
class Change:
    id: int
    kind: str
    topic: str
    sub_answer: str
    tenant_id: int | None
    before: Any
    after: Any
    status: str = OPEN
    author: str = ""
    created_at: datetime | None = None
    publish_id: int | None = None
    note: str = ""

    @property
    def order(self) -> tuple[int, int]:
        """Topics first (a new sub-answer before its phrasings), then in the order made."""
        return (KINDS.index(self.kind) if self.kind in KINDS else len(KINDS), self.id)


def shared_part(document: dict[str, Any], sub_answer: str) -> dict[str, Any]:
    """The part of a shared topic an override of (topic, sub_answer) overrides."""
    if sub_answer:
        for sub in document.get("sub_answers") or []:
            if sub.get("id") == sub_answer:
                return {k: v for k, v in sub.items() if k != "phrasings"}
        return {}
    return {k: document.get(k) for k in ("answer", "links", "quick_replies", "action")}


def shared_hash(document: dict[str, Any], sub_answer: str) -> str:
    """A short hash of the shared answer an override was written against."""
    payload = json.dumps(shared_part(document, sub_answer), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]
