"""Retention, citizen erasure and the corpus export on SQLite and PostgreSQL: the same
queries, the same cascades (turns, handoffs, live messages go with their conversation),
the statistics rolled up before transcripts are deleted."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from muni.corpus.consent import set_consent
from muni.corpus.export import export_corpus
from muni.corpus.select import consent_counts
from muni.privacy import citizen_requests
from muni.privacy.retention import run_retention
from muni.store.tables import (
    ConversationRow,
    HandoffRow,
    LiveMessageRow,
    StatsHourRow,
    TenantRow,
    TurnRow,
)


def tenant(db, slug: str, days: int | None = None) -> int:
    with db.session() as session:
        row = TenantRow(slug=slug, name=f"{slug.title()} Kommune", municipality_code="0101",
                        config={"retention": {"transcripts_days": days}} if days else {})
        session.add(row)
        session.flush()
        return row.id


def conversation(db, tenant_id: int, days_old: float, text: str = "hvad koster et pas",
                 ref: str | None = None) -> str:
    at = datetime.now(UTC) - timedelta(days=days_old)
    cid = uuid.uuid4().hex
    with db.session() as session:
        session.add(ConversationRow(id=cid, tenant_id=tenant_id, channel="web", channel_ref=ref,
                                    created_at=at, updated_at=at))
        session.flush()
        session.add(TurnRow(tenant_id=tenant_id, conversation_id=cid, seq=1, created_at=at,
                            question=text, answer="Ring på 89 40 20 00.", origin="curated",
                            status="answered", topic="pas", details={}))
        handoff = HandoffRow(tenant_id=tenant_id, conversation_id=cid, status="closed",
                             created_at=at, updated_at=at)
        session.add(handoff)
        session.flush()
        session.add(LiveMessageRow(tenant_id=tenant_id, handoff_id=handoff.id, sender="citizen",
                                   text="hej", created_at=at))
    return cid


def count(db, table, **where) -> int:
    with db.read() as session:
        query = select(func.count()).select_from(table)
        for key, value in where.items():
            query = query.where(getattr(table, key) == value)
        return session.scalar(query)


def test_retention_keeps_statistics_and_respects_each_tenant(db):
    a, b = tenant(db, "aa"), tenant(db, "bb", days=365)
    old_a, new_a = conversation(db, a, 200), conversation(db, a, 5)
    old_b = conversation(db, b, 200)
    results = {r.tenant: r.conversations for r in run_retention(db, datetime.now(UTC), 90)}
    assert results == {"aa": 1, "bb": 0}
    assert count(db, ConversationRow, id=old_a) == 0
    assert count(db, TurnRow, conversation_id=old_a) == 0
    assert count(db, HandoffRow, conversation_id=old_a) == 0
    assert count(db, LiveMessageRow, tenant_id=a) == 1  # the recent one's only
    assert count(db, ConversationRow, id=new_a) == 1 and count(db, ConversationRow, id=old_b) == 1
    with db.read() as session:
        assert session.scalar(select(func.sum(StatsHourRow.conversations))
                              .where(StatsHourRow.tenant_id == a)) >= 1


def test_citizen_erase_and_corpus_export(db, tmp_path):
    a, b = tenant(db, "aa"), tenant(db, "bb")
    mine = conversation(db, a, 1, ref="BREV-1")
    other = conversation(db, b, 1, ref="BREV-1")
    with db.read() as session:
        assert [f.id for f in citizen_requests.find(session, a, ref="BREV-1")] == [mine]
        assert {f.id for f in citizen_requests.find(session, None, ref="BREV-1")} == {mine, other}
        assert citizen_requests.conversation(session, a, other) is None
        data = citizen_requests.transcript(session, citizen_requests.conversation(session, a,
                                                                                  mine))
    assert data["live_chat"][0]["text"] == "hej" and data["turns"][0]["seq"] == 1
    with db.session() as session:
        set_consent(session, session.get(ConversationRow, other), True)
    with db.read() as session:
        assert consent_counts(session) == [("Aa Kommune", 0, 1), ("Bb Kommune", 1, 1)]
    report = export_corpus(db, tmp_path / "corpus")
    assert report.exported == 1 and report.refused == 0
    with db.session() as session:
        citizen_requests.erase(session, session.get(ConversationRow, mine))
    assert count(db, ConversationRow, id=mine) == 0 and count(db, HandoffRow, tenant_id=a) == 0
    assert count(db, ConversationRow, id=other) == 1
