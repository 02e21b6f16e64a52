"""Making drafts from what an editor typed, and the content as the drafts would make it
(for the editor's forms and the live preview).

Each edit adds to the open draft on the same thing (a topic, one override, a municipality's
variables, one sub-answer's phrasings) or starts one; `before` is the live version when the
draft was started, `after` the whole edited document.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from muni.content.answer_book import AnswerBook
from muni.content.editing.apply import Candidate
from muni.content.editing.model import Change
from muni.content.model import OVERVIEW
from muni.domain import Language, Tenant
from muni.staff.roles import StaffMember
from muni.store.content import ContentRepository
from muni.store.content_changes import ContentChanges, change_of, override_key
from muni.store.tables import ContentChangeRow, TenantRow
from muni.store.tenants import TenantRepository

LANGUAGES: tuple[Language, ...] = ("da", "en")


class DraftError(ValueError):
    """The edit cannot become a draft; the message says why, for the editor."""


def live_content(session: Session) -> Candidate:
    content = ContentRepository(session)
    tenants = TenantRepository(session).all()
    return Candidate.of(content.load_pack(), {t.id: content.overrides(t) for t in tenants}, tenants)


def with_drafts(session: Session, live: Candidate, scope: Tenant | None) -> Candidate:
    """The content with the open drafts the member can see applied (shared drafts and, for
    municipal staff, their own municipality's)."""
    rows = ContentChanges(session, None).drafts()
    visible = [
        change_of(r)
        for r in rows
        if r.tenant_id is None or scope is None or r.tenant_id == scope.id
    ]
    try:
        return live.with_changes(visible)
    except (LookupError, ValueError):
        return live


def _base(row: ContentChangeRow | None, live_value: Any) -> Any:
    return copy.deepcopy(row.after if row is not None else live_value)


def edit_shared(
    session: Session,
    live: Candidate,
    member: StaffMember,
    topic: str,
    sub: str,
    texts: dict[str, str],
    labels: dict[str, str] | None = None,
) -> ContentChangeRow:
    """The shared overview (`sub` "") or sub-answer text, and a sub-answer's label."""
    if topic not in live.pack.topics:
        raise DraftError(f"Emnet {topic} findes ikke.")
    if not texts.get("da", "").strip():
        raise DraftError("Svaret skal have en dansk tekst.")
    changes = ContentChanges(session, None)
    row = changes.open_draft("topic", topic, "", None)
    document = _base(row, live.shared_document(topic))
    if sub:
        target = next((s for s in document.get("sub_answers", []) if s.get("id") == sub), None)
        if target is None:
            raise DraftError(f"Delsvaret {topic}/{sub} findes ikke.")
        target["answer"] = {k: v.strip() for k, v in texts.items() if v.strip()}
        if labels:
            target["label"] = {k: v.strip() for k, v in labels.items() if v.strip()}
    else:
        document["answer"] = {k: v.strip() for k, v in texts.items() if v.strip()}
    return changes.save_draft(
        "topic",
        topic,
        "",
        None,
        live.shared_document(topic),
        document,
        member.display_name or member.username,
        member.id,
    )


def live_override(live: Candidate, tenant: Tenant, topic: str, sub: str) -> dict[str, Any] | None:
    return live.overrides.get(tenant.id, {}).get(override_key(topic, sub))


def edit_override(
    session: Session,
    live: Candidate,
    member: StaffMember,
    tenant: Tenant,
    topic: str,
    sub: str,
    texts: dict[str, str],
) -> ContentChangeRow:
    """A municipality's own text for a topic's overview or a sub-answer; no text at all
    removes the override (the shared answer is shown again)."""
    found = live.pack.topics.get(topic)
    if found is None or (sub and found.sub(sub) is None):
        raise DraftError(f"Svaret {override_key(topic, sub)} findes ikke.")
    changes = ContentChanges(session, tenant)
    row = changes.open_draft("override", topic, sub, tenant.id)
    before = live_override(live, tenant, topic, sub)
    document = dict(_base(row, before) or {})
    answer = {k: v.strip() for k, v in texts.items() if v.strip()}
    if answer and "da" not in answer:
        raise DraftError("Et lokalt svar skal have en dansk tekst.")
    if answer:
        document["answer"] = answer
    else:
        document.pop("answer", None)
    if row is None and (document or None) == before:
        raise DraftError("Ingen ændringer at gemme.")
    return changes.save_draft(
        "override",
        topic,
        sub,
        tenant.id,
        before,
        document or None,
        member.display_name or member.username,
        member.id,
    )


def live_variables(session: Session, tenant: Tenant) -> dict[str, Any]:
    """The municipality's variables in the YAML shape (value, or value with en/source/as_of)."""
    row = session.get_one(TenantRow, tenant.id)
    config = row.config or {}
    english = config.get("variables_en", {})
    provenance = config.get("provenance", {})
    shaped: dict[str, Any] = {}
    for name, value in config.get("variables", {}).items():
        extra = {k: v for k, v in (provenance.get(name) or {}).items() if v}
        if name in english:
            extra["en"] = english[name]
        shaped[name] = {"value": value, **extra} if extra else value
    return shaped


def edit_variables(
    session: Session,
    member: StaffMember,
    tenant: Tenant,
    values: dict[str, str],
    as_of: dict[str, str],
) -> ContentChangeRow:
    """New values (and `as_of` dates) for the municipality's variables; an empty value
    removes a variable."""
    changes = ContentChanges(session, tenant)
    row = changes.open_draft("variables", "", "", tenant.id)
    before = live_variables(session, tenant)
    document = dict(_base(row, before))
    for name, value in values.items():
        name = name.strip()
        if not name:
            continue
        if not name.replace("_", "").isalnum() or not name.islower():
            raise DraftError(f"Variablens navn må kun have små bogstaver, tal og _: {name}")
        value = value.strip()
        if not value:
            document.pop(name, None)
            continue
        current = document.get(name)
        if isinstance(current, dict):
            document[name] = {**current, "value": value}
        else:
            document[name] = value
    for name, when in as_of.items():
        when = when.strip()
        current = document.get(name)
        if not when or current is None:
            continue
        shaped = current if isinstance(current, dict) else {"value": current}
        document[name] = {**shaped, "as_of": when}
    if row is None and document == before:
        raise DraftError("Ingen ændringer at gemme.")
    return changes.save_draft(
        "variables",
        "",
        "",
        tenant.id,
        before,
        document,
        member.display_name or member.username,
        member.id,
    )


def edit_phrasings(
    session: Session,
    live: Candidate,
    member: StaffMember,
    topic: str,
    sub: str,
    add: list[str],
    remove: list[str],
) -> ContentChangeRow:
    """Phrasings to add to or remove from a topic's overview or a sub-answer (drafts of
    municipal staff carry their municipality; the phrasings themselves are shared)."""
    found = live.pack.topics.get(topic)
    if found is None or (sub and found.sub(sub) is None):
        raise DraftError(f"Svaret {override_key(topic, sub)} findes ikke.")
    add = [" ".join(t.split()) for t in add if t.strip()]
    if any(len(t) > 500 for t in add):
        raise DraftError("En formulering må højst være 500 tegn.")
    if not add and not remove:
        raise DraftError("Skriv en formulering at tilføje, eller vælg en at fjerne.")
    tenant_id = member.tenant.id if member.tenant is not None else None
    changes = ContentChanges(session, member.tenant)
    row = changes.open_draft("phrasings", topic, sub, tenant_id)
    document = _base(row, {"add": [], "remove": []})
    for text in remove:
        if text in document["add"]:
            document["add"].remove(text)
        elif text not in document["remove"]:
            document["remove"].append(text)
    for text in add:
        if text in document["remove"]:
            document["remove"].remove(text)
        elif text not in document["add"]:
            document["add"].append(text)
    return changes.save_draft(
        "phrasings",
        topic,
        sub,
        tenant_id,
        None,
        document,
        member.display_name or member.username,
        member.id,
    )


def rollback_change(
    session: Session, member: StaffMember, change: ContentChangeRow
) -> ContentChangeRow:
    """A new draft that restores what a published change replaced (for phrasings: removes
    what it added and adds back what it removed)."""
    if change.status != "published":
        raise DraftError("Kun en udgivet ændring kan rulles tilbage.")
    after: Any = copy.deepcopy(change.before)
    if change.kind == "phrasings":
        done = change.after or {}
        after = {"add": list(done.get("remove") or []), "remove": list(done.get("add") or [])}
    if change.kind == "topic" and after is None:
        raise DraftError("Ændringen har ingen tidligere version at vende tilbage til.")
    row = ContentChangeRow(
        kind=change.kind,
        topic=change.topic,
        sub_answer=change.sub_answer,
        tenant_id=change.tenant_id,
        before=copy.deepcopy(change.after),
        after=after,
        status="draft",
        author=(member.display_name or member.username)[:100],
        author_id=member.id,
        note=f"Tilbagerulning af ændring {change.id}",
    )
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True)
class Preview:
    tenant: str
    text: str
    overridden: bool  # the municipality has its own text for this answer


def preview(
    state: Candidate,
    tenant: Tenant,
    topic: str,
    sub: str,
    language: Language,
    kind: str = "",
    text: str | None = None,
) -> Preview:
    """The answer as the municipality's citizens would see it, with the drafts applied and,
    while the editor types, `text` in place of the shared (`kind` "shared") or local
    ("override") text."""
    if topic not in state.pack.topics:
        raise DraftError(f"Emnet {topic} findes ikke.")
    changes: list[Change] = []
    if text is not None and kind == "shared":
        document = state.shared_document(topic)
        target = (
            document
            if not sub
            else next((s for s in document["sub_answers"] if s["id"] == sub), None)
        )
        if target is None:
            raise DraftError(f"Delsvaret {topic}/{sub} findes ikke.")
        target["answer"] = {**target.get("answer", {}), language: text}
        changes.append(Change(0, "topic", topic, "", None, state.shared_document(topic), document))
    elif text is not None and kind == "override":
        current = dict(live_override(state, tenant, topic, sub) or {})
        answer = {**current.get("answer", {}), language: text} if text.strip() else {}
        current["answer"] = answer
        if not answer:
            current.pop("answer")
        changes.append(Change(0, "override", topic, sub, tenant.id, None, current or None))
    shown = state.with_changes(changes) if changes else state
    book = AnswerBook(shown.pack, shown.overrides)
    visible = shown.tenants.get(tenant.id, tenant)
    answer = book.answer(visible, topic, language, sub=sub or None)
    _, overridden = book.spec(visible, topic, sub or None)
    return Preview(tenant.slug, answer.text, overridden)


def sub_ids(state: Candidate, topic: str) -> list[str]:
    found = state.pack.topics.get(topic)
    return [OVERVIEW] + [s.id for s in found.sub_answers] if found else []
