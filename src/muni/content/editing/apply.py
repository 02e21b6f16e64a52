"""Changes applied in memory: the candidate content a publish would make live (shared pack,
municipalities' overrides and variables), built without touching the live tables.

A topic change is applied as what it changed: the fields and sub-answers that differ between
its `before` and `after` replace those of the current topic, so two drafts of the same topic
(an editor's text, a sub-answer the inbox added) both survive. The database writer
(`muni.store.content_changes.write_change`) uses the same merge, so what the gate tested is
what goes live.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from typing import Any

from muni.content.editing.model import Change
from muni.content.loader import topic_from_dict, topic_to_dict
from muni.content.model import ContentPack
from muni.domain import Tenant
from muni.tenancy import parse_variables


def strip_phrasings(document: dict[str, Any]) -> dict[str, Any]:
    """The document as `content_topics` keeps it: phrasings live in their own table."""
    stripped = {k: v for k, v in document.items() if k != "phrasings"}
    stripped["sub_answers"] = [
        {k: v for k, v in sub.items() if k != "phrasings"}
        for sub in document.get("sub_answers") or []
    ]
    return stripped


def _sub_map(document: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    return {str(s.get("id", "")): s for s in (document or {}).get("sub_answers") or []}


def _bare(sub: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if sub is None else {k: v for k, v in sub.items() if k != "phrasings"}


def merge_topic(
    current: dict[str, Any], before: dict[str, Any] | None, after: dict[str, Any]
) -> dict[str, Any]:
    """`current` with what changed from `before` to `after`; existing sub-answers keep their
    phrasings, a new sub-answer brings its own (or none)."""
    before = before or {}
    merged = copy.deepcopy(current)
    for key in (set(before) | set(after)) - {"sub_answers", "phrasings", "topic"}:
        if before.get(key) != after.get(key):
            if key in after:
                merged[key] = copy.deepcopy(after[key])
            else:
                merged.pop(key, None)
    old, new = _sub_map(before), _sub_map(after)
    subs: list[dict[str, Any]] = []
    for sub in current.get("sub_answers") or []:
        sub_id = str(sub.get("id", ""))
        if sub_id in old and sub_id not in new:
            continue  # removed
        if sub_id in new and _bare(new[sub_id]) != _bare(old.get(sub_id)):
            replaced = copy.deepcopy(_bare(new[sub_id]) or {})
            if "phrasings" in sub:
                replaced["phrasings"] = list(sub["phrasings"])
            subs.append(replaced)
        else:
            subs.append(copy.deepcopy(sub))
    present = {str(s.get("id", "")) for s in subs}
    for sub_id, sub in new.items():
        if sub_id not in old and sub_id not in present:
            added = copy.deepcopy(sub)
            added["phrasings"] = [str(p) for p in sub.get("phrasings") or []]
            subs.append(added)
    merged["sub_answers"] = subs
    return merged


def apply_phrasings(phrasings: list[str], change: dict[str, Any]) -> list[str]:
    """Remove every copy of the removed texts, then add the new ones not already there."""
    remove = {str(t) for t in change.get("remove") or []}
    kept = [p for p in phrasings if p not in remove]
    for text in change.get("add") or []:
        if str(text) not in kept:
            kept.append(str(text))
    return kept


@dataclass
class Candidate:
    """Content as it would be after a publish (or as it is: `Candidate.of`)."""

    pack: ContentPack
    overrides: dict[int, dict[str, dict[str, Any]]]
    tenants: dict[int, Tenant]

    @classmethod
    def of(
        cls,
        pack: ContentPack,
        overrides: dict[int, dict[str, dict[str, Any]]],
        tenants: list[Tenant],
    ) -> Candidate:
        return cls(pack, overrides, {t.id: t for t in tenants})

    def document(self, topic: str) -> dict[str, Any]:
        """The topic as a document with its phrasings (the editor's and merge's shape)."""
        return topic_to_dict(self.pack.topics[topic])

    def shared_document(self, topic: str) -> dict[str, Any]:
        return strip_phrasings(self.document(topic))

    def with_changes(self, changes: list[Change]) -> Candidate:
        topics = dict(self.pack.topics)
        overrides = {tid: dict(docs) for tid, docs in self.overrides.items()}
        tenants = dict(self.tenants)
        for change in sorted(changes, key=lambda c: c.order):
            if change.kind == "topic":
                if change.topic not in topics:
                    raise LookupError(f"ukendt emne: {change.topic}")
                merged = merge_topic(
                    topic_to_dict(topics[change.topic]), change.before, change.after or {}
                )
                topics[change.topic] = topic_from_dict(topics[change.topic].info, merged)
            elif change.kind == "phrasings":
                if change.topic not in topics:
                    raise LookupError(f"ukendt emne: {change.topic}")
                document = topic_to_dict(topics[change.topic])
                if change.sub_answer:
                    for sub in document["sub_answers"]:
                        if sub["id"] == change.sub_answer:
                            sub["phrasings"] = apply_phrasings(sub["phrasings"], change.after)
                else:
                    document["phrasings"] = apply_phrasings(document["phrasings"], change.after)
                topics[change.topic] = topic_from_dict(topics[change.topic].info, document)
            elif change.kind == "override":
                assert change.tenant_id is not None
                key = f"{change.topic}/{change.sub_answer}" if change.sub_answer else change.topic
                local = overrides.setdefault(change.tenant_id, {})
                if change.after:
                    local[key] = dict(change.after)
                else:
                    local.pop(key, None)
            elif change.kind == "variables":
                assert change.tenant_id is not None
                tenant = tenants[change.tenant_id]
                values, english, _ = parse_variables(dict(change.after or {}), tenant.slug)
                tenants[change.tenant_id] = replace(tenant, variables=values, variables_en=english)
            else:
                raise ValueError(f"unknown change kind {change.kind!r}")
        pack = replace(self.pack, topics=topics)
        return Candidate(pack, overrides, tenants)


def shared_hashes(pack: ContentPack, slugs: set[str] | None = None) -> dict[str, str]:
    """Override key (`topic`, `topic/sub`) -> hash of the shared answer it overrides, from the
    topics as the pack holds them (one normal form, whatever document they were saved from)."""
    from muni.content.editing.model import shared_hash

    found: dict[str, str] = {}
    for slug, topic in pack.topics.items():
        if slugs is not None and slug not in slugs:
            continue
        document = strip_phrasings(topic_to_dict(topic))
        found[slug] = shared_hash(document, "")
        for sub in topic.sub_answers:
            found[f"{slug}/{sub.id}"] = shared_hash(document, sub.id)
    return found
