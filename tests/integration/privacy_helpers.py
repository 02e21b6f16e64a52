"""Shared by the corpus, retention and citizen-rights tests: conversations written straight
into the database (a chosen age, chosen texts) and a scan of every string of an export."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from muni.store.tables import ConversationRow, TurnRow
from muni.store.tenants import TenantRepository


def tenant_id(runtime, slug: str) -> int:
    with runtime.db.read() as session:
        return TenantRepository(session).by_slug(slug).id


def stored_conversation(runtime, slug: str, turns: list[tuple[str, str]], *, days_old: float = 0,
                        consent: bool = False, ref: str | None = None, rating: int | None = None,
                        topic: str | None = "pas") -> str:
    """A conversation written directly (as an old one, or one stored before a redaction fix)."""
    at = datetime.now(UTC) - timedelta(days=days_old)
    cid = uuid.uuid4().hex
    tid = tenant_id(runtime, slug)
    with runtime.db.session() as session:
        session.add(ConversationRow(id=cid, tenant_id=tid, channel="qr" if ref else "web",
                                    channel_ref=ref, created_at=at, updated_at=at,
                                    corpus_consent=consent, consent_at=at if consent else None,
                                    rating=rating))
        session.flush()
        for seq, (question, answer) in enumerate(turns, start=1):
            session.add(TurnRow(tenant_id=tid, conversation_id=cid, seq=seq, created_at=at,
                                question=question, answer=answer, origin="curated",
                                status="answered", topic=topic,
                                details={"sub_answer": "pris", "language": "da"}))
    return cid


def strings(value) -> list[str]:
    """Every string in a nested row (dicts, lists)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in strings(v)]
    return []
