"""What staff do with inbox questions: add them as phrasings of a topic or sub-answer (a draft
content change of kind "phrasings", published under /console/content), dismiss them (not a
question for muni), or, central editors, make a new shared sub-answer of a group of questions
(a draft of kind "topic" with the sub-answer appended, and its phrasings). Nothing is
published here. Every action marks the questions handled and writes an audit row; a question
outside the member's scope is "not found"."""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from muni.content.loader import answer_from_dict, sub_answer_from_dict
from muni.nlu.normalize import normalize
from muni.staff.roles import StaffMember
from muni.store import audit
from muni.store.content_changes import ContentChanges
from muni.store.inbox import InboxRepository, phrasings_of
from muni.store.tables import ContentChangeRow, ContentTopicRow, InboxQuestionRow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from muni.runtime import Runtime

SUB_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}$")  # as `muni content check` wants it
ADDED, DISMISSED = "added", "dismissed"


class InboxError(Exception):
    """An action that cannot be done: HTTP status, code, and a Danish message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def not_found() -> InboxError:
    return InboxError(404, "unknown_question", "Spørgsmålet findes ikke her.")


@dataclass(frozen=True)
class Outcome:
    message: str
    handled: int  # questions (rows) marked
    changes: tuple[int, ...] = ()  # draft content changes made


def scope_of(member: StaffMember):  # type: ignore[no-untyped-def]
    """Whose questions the member may act on: their municipality's, or (central) all."""
    return None if member.central else member.tenant


def _rows(session: Session, member: StaffMember, ids: Sequence[int]) -> list[InboxQuestionRow]:
    """The questions with these ids and the other rows of their turns; every id must be in
    the member's scope (else 404, also when only some are another tenant's)."""
    if not ids:
        raise InboxError(422, "no_question", "Vælg mindst ét spørgsmål.")
    repo = InboxRepository(session, scope_of(member))
    rows = repo.get_many(ids)
    if len(rows) != len(set(ids)):
        raise not_found()
    by_id = {row.id: row for row in rows}
    for row in repo.same_turns(rows):
        by_id.setdefault(row.id, row)
    return sorted(by_id.values(), key=lambda row: row.id)


def _texts(rows: Sequence[InboxQuestionRow]) -> list[str]:
    """The distinct questions (by normalised text), in the order they came."""
    seen: dict[str, str] = {}
    for row in rows:
        seen.setdefault(normalize(row.text) or row.text, row.text)
    return list(seen.values())


def _tenant_of(rows: Sequence[InboxQuestionRow]) -> int | None:
    tenants = {row.tenant_id for row in rows}
    return tenants.pop() if len(tenants) == 1 else None


def check_target(runtime: Runtime, topic: str, sub_answer: str) -> None:
    found = runtime.pack.topics.get(topic)
    if found is None:
        raise InboxError(422, "unknown_topic", "Vælg et emne, der findes.")
    if sub_answer and found.sub(sub_answer) is None:
        raise InboxError(
            422,
            "unknown_sub_answer",
            f"Emnet {found.label_in('da')} har ikke det delsvar. Vælg delsvaret igen.",
        )


MAX_PHRASING = 500  # characters, as the content editor takes them


def _merge_phrasings(document: dict, texts: list[str]) -> list[str]:  # type: ignore[type-arg]
    """Add the texts to a phrasings draft's `after` (a text it removed is kept instead);
    the texts really added."""
    added = []
    for text in texts:
        if text in document["remove"]:
            document["remove"].remove(text)
        elif text not in document["add"]:
            document["add"].append(text)
            added.append(text)
    return added


def _phrasings_change(
    session: Session,
    member: StaffMember,
    topic: str,
    sub_answer: str,
    texts: list[str],
    tenant_id: int | None,
) -> tuple[ContentChangeRow | None, list[str]]:
    """Add the texts that are not phrasings of the target yet to the open phrasings draft of
    (topic, sub_answer) — the content editor's own draft, so both add to one — or start one.
    The draft and the texts added (None, []: all were phrasings already)."""
    known = {normalize(t) for t in phrasings_of(session, topic, sub_answer)}
    wanted = [" ".join(t.split()) for t in texts]
    new = [t for t in wanted if t and len(t) <= MAX_PHRASING and normalize(t) not in known]
    if not new:
        return None, []
    changes = ContentChanges(session, member.tenant if tenant_id is not None else None)
    row = changes.open_draft("phrasings", topic, sub_answer, tenant_id)
    document = copy.deepcopy(row.after) if row is not None else {"add": [], "remove": []}
    added = _merge_phrasings(document, new)
    if not added:
        return None, []
    saved = changes.save_draft(
        "phrasings",
        topic,
        sub_answer,
        tenant_id,
        None,
        document,
        member.display_name or member.username,
        member.id,
        note="Fra indbakken",
    )
    return saved, added


def add_as_phrasings(
    runtime: Runtime, member: StaffMember, ids: Sequence[int], topic: str, sub_answer: str
) -> Outcome:
    """Make a draft that adds the questions as phrasings of (topic, sub_answer)."""
    check_target(runtime, topic, sub_answer)
    with runtime.db.session() as session:
        rows = [r for r in _rows(session, member, ids) if r.status == "open"]
        if not rows:
            return Outcome("Spørgsmålene er allerede behandlet.", 0)
        # a superuser's draft carries their municipality (as the content editor's do: the
        # phrasings themselves are shared); a central editor's is shared
        tenant_id = member.tenant.id if member.tenant is not None else None
        change, added = _phrasings_change(
            session, member, topic, sub_answer, _texts(rows), tenant_id
        )
        handled = InboxRepository(session, scope_of(member)).mark(
            [r.id for r in rows], ADDED, member.username
        )
        target = f"{topic}/{sub_answer}" if sub_answer else topic
        audit.record(
            session,
            member,
            "inbox.add",
            target,
            tenant_id=_tenant_of(rows),
            details={
                "questions": [r.id for r in rows],
                "change": change.id if change else None,
                "phrasings": len(added),  # a count: the texts stay out of the audit log
            },
        )
        session.commit()
    label = runtime.pack.topics[topic].label_in("da")
    if sub_answer:
        label = f"{label}: {runtime.pack.topics[topic].sub(sub_answer).label_in('da')}"  # type: ignore[union-attr]
    if change is None:
        return Outcome(f"Spørgsmålene er allerede formuleringer af {label}.", handled)
    count = len(added)
    return Outcome(
        f"{count} {'formulering' if count == 1 else 'formuleringer'} til {label} er gemt "
        "som kladde. Udgiv kladden under Indhold.",
        handled,
        (change.id,),
    )


def dismiss(runtime: Runtime, member: StaffMember, ids: Sequence[int]) -> Outcome:
    """Not a question for muni (a greeting, a test, nonsense): off the inbox."""
    with runtime.db.session() as session:
        rows = [r for r in _rows(session, member, ids) if r.status == "open"]
        handled = InboxRepository(session, scope_of(member)).mark(
            [r.id for r in rows], DISMISSED, member.username
        )
        if rows:
            audit.record(
                session,
                member,
                "inbox.dismiss",
                f"{len(rows)} spørgsmål",
                tenant_id=_tenant_of(rows),
                details={"questions": [r.id for r in rows]},
            )
        session.commit()
    if not handled:
        return Outcome("Spørgsmålene er allerede behandlet.", 0)
    return Outcome(f"{handled} spørgsmål er afvist.", handled)


@dataclass(frozen=True)
class NewSubAnswer:
    topic: str
    id: str
    title_da: str
    title_en: str
    answer_da: str
    answer_en: str


def _sub_answer_document(new: NewSubAnswer, document: dict) -> dict:  # type: ignore[type-arg]
    """The sub-answer as the topic document holds it (loader.sub_answer_to_dict's fields,
    phrasings apart: they are their own rows and their own draft)."""
    sub = {
        "id": new.id,
        "label": {"da": new.title_da, "en": new.title_en},
        "asks": [],
        "answer": {"da": new.answer_da, "en": new.answer_en},
        "quick_replies": [],
    }
    sub_answer_from_dict(sub, answer_from_dict(document))  # parses as the loader will
    return sub


def _check_new(new: NewSubAnswer) -> None:
    if not SUB_ID.match(new.id):
        raise InboxError(
            422,
            "bad_id",
            "Delsvarets id må kun have små bogstaver a-z, tal og bindestreg (fx 'pris-boern').",
        )
    for value, name in (
        (new.title_da, "titel på dansk"),
        (new.title_en, "titel på engelsk"),
        (new.answer_da, "kort svar på dansk"),
        (new.answer_en, "kort svar på engelsk"),
    ):
        if not value.strip():
            raise InboxError(422, "missing", f"Skriv en {name}.")


def new_shared_sub_answer(
    runtime: Runtime, member: StaffMember, ids: Sequence[int], new: NewSubAnswer
) -> Outcome:
    """Drafts for a new shared sub-answer of `new.topic` and its phrasings (the questions)."""
    _check_new(new)
    with runtime.db.session() as session:
        row = session.get(ContentTopicRow, new.topic)
        if row is None or not row.document:
            raise InboxError(422, "unknown_topic", "Vælg et emne, der findes.")
        document = copy.deepcopy(row.document)
        if any(s.get("id") == new.id for s in document.get("sub_answers") or []):
            raise InboxError(
                409, "sub_answer_exists", f"Emnet har allerede et delsvar med id '{new.id}'."
            )
        rows = [r for r in _rows(session, member, ids) if r.status == "open"]
        if not rows:
            raise InboxError(409, "handled", "Spørgsmålene er allerede behandlet.")
        changes = ContentChanges(session, None)
        open_topic = changes.open_draft("topic", new.topic, "", None)
        after = (
            copy.deepcopy(open_topic.after) if open_topic is not None else copy.deepcopy(document)
        )
        if any(s.get("id") == new.id for s in after.get("sub_answers") or []):
            raise InboxError(
                409, "sub_answer_exists", f"Et udkast har allerede et delsvar med id '{new.id}'."
            )
        after["sub_answers"] = [
            *(after.get("sub_answers") or []),
            _sub_answer_document(new, document),
        ]
        # the topic's open draft, so edits of the same topic wait in one draft
        topic_change = changes.save_draft(
            "topic",
            new.topic,
            "",
            None,
            document,
            after,
            member.display_name or member.username,
            member.id,
            note=f"Nyt fælles delsvar fra indbakken: {new.title_da}",
        )
        texts = _texts(rows)
        phrasings, _added = _phrasings_change(session, member, new.topic, new.id, texts, None)
        handled = InboxRepository(session, None).mark([r.id for r in rows], ADDED, member.username)
        audit.record(
            session,
            member,
            "inbox.sub_answer",
            f"{new.topic}/{new.id}",
            tenant_id=None,
            details={
                "questions": [r.id for r in rows],
                "changes": [topic_change.id, *([phrasings.id] if phrasings else [])],
                "tenants": sorted({r.tenant_id for r in rows}),
            },
        )
        session.commit()
    return Outcome(
        f"Delsvaret '{new.title_da}' og {len(texts)} formuleringer er gemt som kladder. "
        "Udgiv dem under Indhold.",
        handled,
        (topic_change.id, *([phrasings.id] if phrasings else [])),
    )
