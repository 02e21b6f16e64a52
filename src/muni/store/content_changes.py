"""Content changes and publishes in the database: drafts (tenant-scoped), their publish rows,
and writing a passed publish into the live content tables.

A repository is made for a scope: a municipality (its own rows only) or None for central
staff (every row). A draft of another municipality is not found (the route answers 404).
`write_change` puts one change into the content tables exactly as the candidate pack of the
quality gate had it (`muni.content.editing.apply` computes the same in memory).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from muni.content.editing.apply import merge_topic, strip_phrasings
from muni.content.editing.model import OPEN, Change
from muni.domain import Tenant
from muni.store.tables import (
    ContentChangeRow,
    ContentMetaRow,
    ContentOverrideRow,
    ContentPublishRow,
    ContentTopicRow,
    PhrasingRow,
    TenantRow,
    utcnow,
)
from muni.tenancy import parse_variables

PUBLISHED_KEY = "published"  # content_meta: id and time of the last publish (the version)


def change_of(row: ContentChangeRow) -> Change:
    return Change(
        id=row.id,
        kind=row.kind,
        topic=row.topic,
        sub_answer=row.sub_answer or "",
        tenant_id=row.tenant_id,
        before=row.before,
        after=row.after,
        status=row.status,
        author=row.author,
        created_at=row.created_at,
        publish_id=row.publish_id,
        note=row.note or "",
    )


class ContentChanges:
    """Drafts and publishes of one municipality (`scope`), or of all (None: central staff)."""

    def __init__(self, session: Session, scope: Tenant | None) -> None:
        self.session = session
        self.scope = scope

    def _query(self):  # type: ignore[no-untyped-def]
        query = select(ContentChangeRow)
        if self.scope is not None:
            query = query.where(ContentChangeRow.tenant_id == self.scope.id)
        return query

    def get(self, change_id: int) -> ContentChangeRow | None:
        return self.session.scalar(self._query().where(ContentChangeRow.id == change_id))

    def open_draft(
        self, kind: str, topic: str, sub_answer: str, tenant_id: int | None
    ) -> ContentChangeRow | None:
        """The draft still waiting for a publish on the same thing, if any (edits add to it)."""
        query = self._query().where(
            ContentChangeRow.kind == kind,
            ContentChangeRow.topic == topic,
            ContentChangeRow.sub_answer == sub_answer,
            ContentChangeRow.status == OPEN,
        )
        query = query.where(
            ContentChangeRow.tenant_id.is_(None)
            if tenant_id is None
            else ContentChangeRow.tenant_id == tenant_id
        )
        return self.session.scalar(query.order_by(ContentChangeRow.id.desc()))

    def save_draft(
        self,
        kind: str,
        topic: str,
        sub_answer: str,
        tenant_id: int | None,
        before: Any,
        after: Any,
        author: str,
        author_id: int | None,
        note: str = "",
    ) -> ContentChangeRow:
        """Add a draft, or update the open draft on the same thing (its `before` stays the
        live version it was started from)."""
        if self.scope is not None and tenant_id != self.scope.id:
            raise PermissionError("a draft of another municipality")
        row = self.open_draft(kind, topic, sub_answer, tenant_id)
        if row is None:
            row = ContentChangeRow(
                kind=kind,
                topic=topic,
                sub_answer=sub_answer,
                tenant_id=tenant_id,
                before=before,
                status=OPEN,
            )
            self.session.add(row)
        row.after = after
        row.author = author[:100]
        row.author_id = author_id
        row.created_at = utcnow()
        row.note = note[:500]
        self.session.flush()
        return row

    def drafts(self) -> list[ContentChangeRow]:
        return list(
            self.session.scalars(
                self._query().where(ContentChangeRow.status == OPEN).order_by(ContentChangeRow.id)
            )
        )

    def history(self, limit: int = 200, topic: str | None = None) -> list[ContentChangeRow]:
        query = self._query()
        if topic:
            query = query.where(ContentChangeRow.topic == topic)
        return list(self.session.scalars(query.order_by(ContentChangeRow.id.desc()).limit(limit)))

    def of_publish(self, publish_id: int) -> list[ContentChangeRow]:
        return list(
            self.session.scalars(
                select(ContentChangeRow)
                .where(ContentChangeRow.publish_id == publish_id)
                .order_by(ContentChangeRow.id)
            )
        )

    # -- publishes ---------------------------------------------------------------------------
    def publish(self, publish_id: int) -> ContentPublishRow | None:
        query = select(ContentPublishRow).where(ContentPublishRow.id == publish_id)
        if self.scope is not None:
            query = query.where(ContentPublishRow.tenant_id == self.scope.id)
        return self.session.scalar(query)

    def publishes(self, limit: int = 30) -> list[ContentPublishRow]:
        query = select(ContentPublishRow).order_by(ContentPublishRow.id.desc()).limit(limit)
        if self.scope is not None:
            query = query.where(ContentPublishRow.tenant_id == self.scope.id)
        return list(self.session.scalars(query))

    def start_publish(
        self, drafts: list[ContentChangeRow], author: str, author_id: int | None
    ) -> ContentPublishRow:
        row = ContentPublishRow(
            author=author[:100],
            author_id=author_id,
            tenant_id=self.scope.id if self.scope is not None else None,
            status="queued",
        )
        self.session.add(row)
        self.session.flush()
        for draft in drafts:
            draft.status, draft.publish_id = "publishing", row.id
        self.session.flush()
        return row


def finish_publish(
    session: Session, publish_id: int, status: str, report: dict[str, Any], fingerprint: str | None
) -> None:
    """Record the gate's outcome; blocked or failed drafts become drafts again."""
    row = session.get_one(ContentPublishRow, publish_id)
    row.status, row.report, row.fingerprint = status, report, fingerprint
    row.finished_at = utcnow()
    for change in session.scalars(
        select(ContentChangeRow).where(ContentChangeRow.publish_id == publish_id)
    ):
        change.status = "published" if status == "passed" else OPEN
    session.flush()


# -- writing a change into the live content tables -------------------------------------------
def override_key(topic: str, sub_answer: str) -> str:
    return f"{topic}/{sub_answer}" if sub_answer else topic


def write_change(session: Session, change: Change, hashes: dict[str, str]) -> None:
    """Apply one change to the content tables. `hashes`: the shared answers' hashes after the
    publish (override key -> hash), for the overrides written now."""
    if change.kind == "topic":
        _write_topic(session, change)
    elif change.kind == "override":
        _write_override(session, change, hashes)
    elif change.kind == "variables":
        _write_variables(session, change)
    elif change.kind == "phrasings":
        _write_phrasings(session, change)
    else:
        raise ValueError(f"unknown change kind {change.kind!r}")


def _write_topic(session: Session, change: Change) -> None:
    row = session.get(ContentTopicRow, change.topic)
    if row is None:
        raise LookupError(f"unknown topic {change.topic}")
    current = dict(row.document or {})
    merged = merge_topic(current, change.before, change.after or {})
    known = {s.get("id") for s in current.get("sub_answers", [])}
    for sub in merged.get("sub_answers", []):
        if sub.get("id") not in known:  # a new sub-answer brings its phrasings
            for text in sub.get("phrasings") or []:
                session.add(PhrasingRow(topic=change.topic, sub_answer=sub["id"], text=str(text)))
    row.document = strip_phrasings(merged)
    row.updated_at = utcnow()
    session.flush()


def _write_override(session: Session, change: Change, hashes: dict[str, str]) -> None:
    assert change.tenant_id is not None
    key = override_key(change.topic, change.sub_answer)
    row = session.scalar(
        select(ContentOverrideRow).where(
            ContentOverrideRow.tenant_id == change.tenant_id, ContentOverrideRow.topic == key
        )
    )
    if not change.after:
        if row is not None:
            session.delete(row)
        session.flush()
        return
    if row is None:
        row = ContentOverrideRow(tenant_id=change.tenant_id, topic=key)
        session.add(row)
    row.document = dict(change.after)
    row.updated_at = utcnow()
    row.shared_hash = hashes.get(key)
    session.flush()


def _write_variables(session: Session, change: Change) -> None:
    row = session.get_one(TenantRow, change.tenant_id)
    values, english, provenance = parse_variables(dict(change.after or {}), row.slug)
    config = dict(row.config or {})
    config["variables"], config["variables_en"], config["provenance"] = values, english, provenance
    row.config = config
    session.flush()


def _write_phrasings(session: Session, change: Change) -> None:
    after = change.after or {}
    remove = [str(t) for t in after.get("remove") or []]
    if remove:
        session.execute(
            delete(PhrasingRow).where(
                PhrasingRow.topic == change.topic,
                PhrasingRow.sub_answer == change.sub_answer,
                PhrasingRow.text.in_(remove),
            )
        )
    existing = set(
        session.scalars(
            select(PhrasingRow.text).where(
                PhrasingRow.topic == change.topic, PhrasingRow.sub_answer == change.sub_answer
            )
        )
    )
    for text in after.get("add") or []:
        if str(text) not in existing:
            session.add(PhrasingRow(topic=change.topic, sub_answer=change.sub_answer, text=text))
            existing.add(str(text))
    session.flush()


def mark_overrides_against(session: Session, keys_before: dict[str, str]) -> None:
    """Overrides written before hashes were kept (imported from YAML) get the hash of the
    shared answer as it was before this publish, so a change of it flags them for review."""
    for key, before in keys_before.items():
        for row in session.scalars(
            select(ContentOverrideRow).where(
                ContentOverrideRow.topic == key, ContentOverrideRow.shared_hash.is_(None)
            )
        ):
            row.shared_hash = before
    session.flush()


def set_version(session: Session, fingerprint: str, publish_id: int, at: datetime) -> None:
    """The new training fingerprint and the publish that made this content (the version a
    SQLite instance polls for)."""
    for key, value in (
        ("fingerprint", fingerprint),
        (PUBLISHED_KEY, {"id": publish_id, "at": at.isoformat()}),
    ):
        row = session.get(ContentMetaRow, key)
        if row is None:
            session.add(ContentMetaRow(key=key, value=value))
        else:
            row.value = value
    session.flush()


def content_version(session: Session) -> tuple[Any, Any]:
    """(fingerprint, last publish) as stored: changes whenever content goes live."""
    rows = {
        r.key: r.value
        for r in session.scalars(
            select(ContentMetaRow).where(ContentMetaRow.key.in_(("fingerprint", PUBLISHED_KEY)))
        )
    }
    return rows.get("fingerprint"), rows.get(PUBLISHED_KEY)


def overrides_with_hashes(session: Session, tenant_id: int | None) -> list[ContentOverrideRow]:
    query = select(ContentOverrideRow).order_by(
        ContentOverrideRow.tenant_id, ContentOverrideRow.topic
    )
    if tenant_id is not None:
        query = query.where(ContentOverrideRow.tenant_id == tenant_id)
    return list(session.scalars(query))


def accept_override(
    session: Session, override_id: int, tenant_id: int | None, hashes: dict[str, str]
) -> str | None:
    """Mark a flagged override as checked against the shared answer as it is now (`hashes`:
    override key -> hash of the live shared answer); returns its key, None if not found."""
    query = select(ContentOverrideRow).where(ContentOverrideRow.id == override_id)
    if tenant_id is not None:
        query = query.where(ContentOverrideRow.tenant_id == tenant_id)
    row = session.scalar(query)
    if row is None or row.topic not in hashes:
        return None
    row.shared_hash = hashes[row.topic]
    session.flush()
    return row.topic
