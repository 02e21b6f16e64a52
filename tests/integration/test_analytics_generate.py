"""`muni stats generate` at small scale on SQLite and PostgreSQL: the rows are marked as
generated, have the intended shape, and the rolled-up statistics add up to the rows."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import func, select

from muni.analytics.generate import Spec, generate
from muni.analytics.rollup import reroll
from muni.bootstrap import ensure_initialised
from muni.store.database import Database
from muni.store.tables import (
    ConversationRow,
    GuardEventRow,
    HandoffRow,
    StatsGuardRow,
    StatsHourRow,
    StatsTopicRow,
    TenantRow,
    TurnRow,
)
from tests.conftest import REPO_ROOT

END = datetime(2025, 12, 31, 12, tzinfo=UTC)


def totals(db: Database) -> dict[str, int]:
    with db.read() as s:
        hours = s.execute(select(func.sum(StatsHourRow.conversations), func.sum(
            StatsHourRow.turns), func.sum(StatsHourRow.handoffs), func.sum(StatsHourRow.synthetic),
            func.sum(StatsHourRow.rating_1 + StatsHourRow.rating_2 + StatsHourRow.rating_3),
        )).one()
        return {
            "conversations": int(hours[0]), "turns": int(hours[1]), "handoffs": int(hours[2]),
            "synthetic": int(hours[3]), "ratings": int(hours[4]),
            "topics": int(s.scalar(select(func.sum(StatsTopicRow.turns)))),
            "guards": int(s.scalar(select(func.sum(StatsGuardRow.events)))),
        }


def test_generated_conversations_are_marked_shaped_and_rolled_up(database_url):
    db = Database(database_url)
    try:
        ensure_initialised(db, REPO_ROOT / "content", REPO_ROOT / "tenants")
        report = generate(db, Spec(300, years=1, seed=3, end=END))
        assert report.conversations == 300
        assert 3.5 <= report.turns / 300 <= 5.8  # about 4-5 turns each
        with db.read() as s:
            assert s.scalar(select(func.count(ConversationRow.id))) == 300
            assert s.scalar(select(func.count()).where(
                ConversationRow.channel_ref != "generated")) == 0
            assert s.scalar(select(func.count(TurnRow.id))) == report.turns
            generated = s.scalars(select(TurnRow.details).limit(20)).all()
            assert all(d["generated"] is True for d in generated)
            first, last = s.execute(select(func.min(ConversationRow.created_at),
                                           func.max(ConversationRow.created_at))).one()
            handoffs = s.scalar(select(func.count(HandoffRow.id)))
            guards = s.scalar(select(func.count(GuardEventRow.id)))
            tenants = s.scalar(select(func.count(func.distinct(ConversationRow.tenant_id))))
            answered = s.scalar(select(func.count()).where(
                TurnRow.status == "answered", TurnRow.topic.is_not(None)))
            topics = set(s.scalars(select(TurnRow.topic).where(TurnRow.topic.is_not(None))))
        assert first.year >= 2024 and last.replace(tzinfo=UTC) <= END
        assert handoffs == report.handoffs > 0 and guards == report.guard_events > 0
        assert tenants == 3  # every demo tenant
        assert "pas" in topics  # the real taxonomy
        rolled = totals(db)
        assert rolled == {
            "conversations": 300, "turns": report.turns, "handoffs": handoffs,
            "synthetic": 300, "ratings": report.ratings, "topics": answered, "guards": guards,
        }
        # re-rolling every day gives the same numbers
        with db.read() as s:
            ids = s.scalars(select(TenantRow.id)).all()
        for tenant_id in ids:
            reroll(db, tenant_id, date(2024, 12, 1), date(2026, 1, 2))
        assert totals(db) == rolled
    finally:
        db.dispose()


def test_the_same_seed_gives_the_same_data(tmp_path):
    counts = []
    for name in ("a", "b"):
        db = Database(f"sqlite:///{tmp_path / name}.db")
        ensure_initialised(db, REPO_ROOT / "content", REPO_ROOT / "tenants")
        report = generate(db, Spec(50, years=0.5, seed=9, tenants=("odense",), end=END))
        counts.append((report.turns, report.handoffs, report.ratings, report.guard_events))
        with db.read() as s:
            assert {t for t, in s.execute(select(TenantRow.slug).join(
                ConversationRow, ConversationRow.tenant_id == TenantRow.id))} == {"odense"}
        db.dispose()
    assert counts[0] == counts[1]


def test_topic_counts_from_whole_months_equal_the_days(tmp_path):
    from muni.analytics.calendar import whole_months
    from muni.analytics.filters import StatsFilter
    from muni.analytics.queries import topic_counts

    assert whole_months(date(2025, 1, 15), date(2025, 4, 10)) == (date(2025, 2, 1),
                                                                  date(2025, 4, 1))
    assert whole_months(date(2025, 1, 1), date(2025, 1, 31)) == (date(2025, 1, 1),
                                                                 date(2025, 2, 1))
    assert whole_months(date(2025, 1, 2), date(2025, 1, 31)) is None
    assert whole_months(date(2024, 12, 1), date(2025, 12, 31)) == (date(2024, 12, 1),
                                                                   date(2026, 1, 1))
    db = Database(f"sqlite:///{tmp_path / 'm.db'}")
    ensure_initialised(db, REPO_ROOT / "content", REPO_ROOT / "tenants")
    generate(db, Spec(400, years=1, seed=5, end=END))
    with db.read() as s:
        for first, last, channel in [(date(2025, 1, 15), date(2025, 4, 10), None),
                                     (date(2025, 3, 1), date(2025, 8, 31), "web"),
                                     (date(2025, 5, 3), date(2025, 5, 20), None)]:
            f = StatsFilter(first, last, None, channel)
            brute: dict[tuple[str, str], int] = {}
            query = select(StatsTopicRow).where(StatsTopicRow.day >= first,
                                                StatsTopicRow.day <= last)
            for row in s.scalars(query):
                if channel is None or row.channel == channel:
                    key = (row.topic, row.sub_answer)
                    brute[key] = brute.get(key, 0) + row.turns
            assert {(t, sub): n for t, sub, n in topic_counts(s, f)} == brute
            assert brute
    db.dispose()
