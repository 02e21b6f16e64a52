"""Transcript retention on the real database: conversations past their municipality's limit
are deleted with their turns, guard events, handoffs and inbox questions; recent ones stay;
each municipality's own limit is respected; the statistics of the deleted days do not change;
`muni retention run --dry-run` only counts; the daily purge job runs it."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from muni.analytics.calendar import local_day
from muni.analytics.rollup import ensure_rolled_up
from muni.jobs.kinds import run_purge
from muni.jobs.queue import Job
from muni.privacy.retention import run_retention, transcript_days
from muni.store.tables import (
    ConversationRow,
    GuardEventRow,
    HandoffRow,
    InboxQuestionRow,
    LiveMessageRow,
    StatsGuardRow,
    StatsHourRow,
    StatsTopicRow,
    TenantRow,
    TurnRow,
)
from muni.tenancy import tenant_from_dict
from tests.integration.privacy_helpers import stored_conversation, tenant_id


@contextmanager
def retention_of(runtime, slug: str, days: int | None):
    with runtime.db.session() as session:
        row = session.scalar(select(TenantRow).where(TenantRow.slug == slug))
        saved = dict(row.config)
        row.config = {**saved, "retention": {"transcripts_days": days} if days else {}}
    try:
        yield
    finally:
        with runtime.db.session() as session:
            session.scalar(select(TenantRow).where(TenantRow.slug == slug)).config = saved


def stats(runtime, slug: str) -> list:
    tid = tenant_id(runtime, slug)
    with runtime.db.read() as session:
        return [sorted(tuple(sorted((k, str(v)) for k, v in vars(r).items()
                                    if not k.startswith("_")))
                       for r in session.scalars(select(table).where(table.tenant_id == tid)))
                for table in (StatsHourRow, StatsTopicRow, StatsGuardRow)]


def exists(runtime, cid: str) -> bool:
    with runtime.db.read() as session:
        return session.get(ConversationRow, cid) is not None


def with_everything(runtime, cid: str) -> None:
    """A guard event, a handoff with a live message and an inbox question on the conversation."""
    with runtime.db.read() as session:
        row = session.get(ConversationRow, cid)
        turn = session.scalar(select(TurnRow).where(TurnRow.conversation_id == cid))
    with runtime.db.session() as session:
        session.add(GuardEventRow(tenant_id=row.tenant_id, conversation_id=cid, kind="abuse",
                                  source="rules", text="[redacted]", created_at=row.created_at))
        handoff = HandoffRow(tenant_id=row.tenant_id, conversation_id=cid, status="closed",
                             created_at=row.created_at, updated_at=row.created_at)
        session.add(handoff)
        session.flush()
        session.add(LiveMessageRow(tenant_id=row.tenant_id, handoff_id=handoff.id,
                                   sender="citizen", text="hej", created_at=row.created_at))
        session.add(InboxQuestionRow(tenant_id=row.tenant_id, turn_id=turn.id,
                                     conversation_id=cid, text="hej", reason="unanswered",
                                     created_at=row.created_at))


def count(runtime, table, cid: str) -> int:
    with runtime.db.read() as session:
        return session.scalar(select(func.count()).select_from(table)
                              .where(table.conversation_id == cid))


def test_tenant_yaml_sets_the_limit():
    config = tenant_from_dict({"slug": "x", "name": "X Kommune", "municipality_code": "1",
                               "retention": {"transcripts_days": 30}})
    assert transcript_days(config.as_document(), 90) == 30
    assert transcript_days({}, 90) == 90
    assert transcript_days({"retention": {"transcripts_days": "nonsense"}}, 90) == 90


@pytest.fixture
def fresh(runtime, tmp_path):
    """The runtime on a database of its own: in the shared one other tests have already rolled
    up (and made final) days this test writes backdated conversations into, and a final day is
    rightly never rolled up again."""
    from dataclasses import replace

    from muni.bootstrap import ensure_initialised
    from muni.store.database import Database

    db = Database(f"sqlite:///{tmp_path / 'retention.db'}")
    ensure_initialised(db, runtime.settings.content_dir, runtime.settings.tenants_dir)
    yield replace(runtime, db=db)
    db.dispose()


def test_old_conversations_go_recent_stay_and_statistics_are_kept(fresh):
    runtime = fresh
    now = datetime.now(UTC)
    old = stored_conversation(runtime, "aarhus", [("hvad koster et pas", "Et pas koster 893 kr.")],
                              days_old=120)
    with_everything(runtime, old)
    recent = stored_conversation(runtime, "aarhus", [("storskrald", "Bestil afhentning.")],
                                 days_old=10)
    odense_old = stored_conversation(runtime, "odense", [("pas", "Et pas ...")], days_old=120)
    odense_older = stored_conversation(runtime, "odense", [("pas", "Et pas ...")], days_old=400)
    ensure_rolled_up(runtime.db, tenant_id(runtime, "aarhus"), now)
    before = stats(runtime, "aarhus")
    assert any(before), "the rollup counted the old conversation"
    with retention_of(runtime, "odense", 365):
        dry = run_retention(runtime.db, now, 90, dry_run=True)
        assert {r.tenant: r.days for r in dry}.items() >= {"aarhus": 90, "odense": 365}.items()
        assert exists(runtime, old)  # a dry run deletes nothing
        done = {r.tenant: r for r in run_retention(runtime.db, now, 90)}
    assert done["aarhus"].conversations >= 1 and done["odense"].conversations >= 1
    assert not exists(runtime, old) and exists(runtime, recent)
    assert exists(runtime, odense_old) and not exists(runtime, odense_older)  # odense: 365 days
    for table in (TurnRow, GuardEventRow, HandoffRow, InboxQuestionRow):
        assert count(runtime, table, old) == 0, table
    with runtime.db.read() as session:
        assert session.scalar(select(func.count()).select_from(LiveMessageRow)
                              .where(LiveMessageRow.text == "hej")) == 0
    assert stats(runtime, "aarhus") == before  # aggregates of the deleted days unchanged
    # odense was never rolled up by hand: retention rolled its old days up before deleting
    with runtime.db.read() as session:
        counted = session.scalar(select(func.sum(StatsHourRow.conversations)).where(
            StatsHourRow.tenant_id == tenant_id(runtime, "odense"),
            StatsHourRow.day == local_day(now - timedelta(days=400))))
    assert counted >= 1


def test_cli_dry_run_and_the_daily_purge_job(runtime):
    from muni.cli import app

    old = stored_conversation(runtime, "vejle", [("affald", "Se kalenderen.")], days_old=200)
    env = {"MUNI_DATA_DIR": str(runtime.settings.data_dir),
           "MUNI_DATABASE_URL": runtime.settings.resolved_database_url}
    result = CliRunner().invoke(app, ["retention", "run", "--dry-run", "--tenant", "vejle"],
                                env=env)
    assert result.exit_code == 0, result.output
    assert "vejle: ville slette" in result.output and exists(runtime, old)
    unknown = CliRunner().invoke(app, ["retention", "run", "--tenant", "nowhere"], env=env)
    assert unknown.exit_code == 2
    job = Job(id=0, kind="purge", tenant_id=None, status="running", attempts=1, max_attempts=3,
              lock_key="purge", payload={}, created_at=datetime.now(UTC), started_at=None,
              finished_at=None, worker=None, progress=None, result=None, error=None)
    summary = run_purge(runtime, job, lambda _text: None)
    assert summary["conversations"] >= 1 and not exists(runtime, old)
