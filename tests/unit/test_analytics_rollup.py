"""Rollup on small hand-made data: Danish day and hour boundaries (winter, summer, the DST
night), every count, idempotence, and final days left alone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from muni.analytics.calendar import day_start, local_day_hour
from muni.analytics.rollup import ensure_rolled_up, pending_days, roll_days
from muni.store.database import Database
from muni.store.tables import (
    ConversationRow,
    GuardEventRow,
    HandoffRow,
    StatsDayRow,
    StatsGuardRow,
    StatsHourRow,
    StatsTopicRow,
    TenantRow,
    TurnRow,
)


@pytest.fixture
def db(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'stats.db'}")
    database.migrate()
    with database.session() as session:
        session.add_all(
            [
                TenantRow(id=1, slug="aarhus", name="Aarhus", municipality_code="0751"),
                TenantRow(id=2, slug="odense", name="Odense", municipality_code="0461"),
            ]
        )
    yield database
    database.dispose()


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def conversation(session, cid, tenant, at, channel="web", rating=None, comment=None, ref=None):
    session.add(
        ConversationRow(
            id=cid,
            tenant_id=tenant,
            channel=channel,
            channel_ref=ref,
            created_at=at,
            updated_at=at,
            rating=rating,
            rating_comment=comment,
            rated_at=at + timedelta(minutes=5) if rating else None,
        )
    )


def turn(session, cid, tenant, seq, at, status="answered", origin="curated", topic=None, sub=None,
         vote=None):
    session.add(
        TurnRow(
            tenant_id=tenant,
            conversation_id=cid,
            seq=seq,
            created_at=at,
            question="q",
            answer="a",
            origin=origin,
            status=status,
            topic=topic,
            details={"sub_answer": sub},
            vote=vote,
        )
    )


def hours(db, tenant=1):
    with db.read() as session:
        return {
            (r.day, r.hour, r.channel): r
            for r in session.scalars(select(StatsHourRow).where(StatsHourRow.tenant_id == tenant))
        }


def test_local_day_and_hour_in_winter_summer_and_dst_night():
    assert local_day_hour(utc(2026, 1, 5, 23, 30)) == (date(2026, 1, 6), 0)  # UTC+1
    assert local_day_hour(utc(2026, 7, 5, 22, 10)) == (date(2026, 7, 6), 0)  # UTC+2
    assert local_day_hour(utc(2026, 7, 5, 21, 59)) == (date(2026, 7, 5), 23)
    assert local_day_hour(datetime(2026, 7, 5, 21, 59)) == (date(2026, 7, 5), 23)  # naive=UTC
    # 29 March 2026: clocks go from 02:00 to 03:00, the day has 23 hours
    assert day_start(date(2026, 3, 30)) - day_start(date(2026, 3, 29)) == timedelta(hours=23)
    assert local_day_hour(utc(2026, 3, 29, 1, 0)) == (date(2026, 3, 29), 3)


def test_rollup_counts_each_event_on_its_own_local_day_and_hour(db):
    with db.session() as s:
        # 23:30 UTC on 5 Jan = 00:30 on 6 Jan in Copenhagen
        conversation(s, "c1", 1, utc(2026, 1, 5, 23, 30), rating=3, comment="Tak!")
        turn(s, "c1", 1, 1, utc(2026, 1, 5, 23, 31), topic="pas", sub="pris", vote=1)
        turn(s, "c1", 1, 2, utc(2026, 1, 5, 23, 32), status="clarification", topic="pas", vote=-1)
        # 22:50 UTC on 5 Jan = 23:50 on 5 Jan: handed over, a guard event, a fallback
        conversation(s, "c2", 1, utc(2026, 1, 5, 22, 50), channel="qr", rating=1)
        turn(s, "c2", 1, 1, utc(2026, 1, 5, 22, 51), status="guard_abuse", origin="guard")
        turn(s, "c2", 1, 2, utc(2026, 1, 5, 22, 52), status="unanswered", origin="fallback",
             vote=-1)
        s.flush()
        s.add(HandoffRow(tenant_id=1, conversation_id="c2", created_at=utc(2026, 1, 5, 22, 53)))
        s.add(
            GuardEventRow(
                tenant_id=1,
                conversation_id="c2",
                kind="abuse",
                source="rules",
                text="x",
                created_at=utc(2026, 1, 5, 22, 51),
            )
        )
        # another tenant at the same moment must not leak into tenant 1
        conversation(s, "o1", 2, utc(2026, 1, 5, 23, 30), rating=2)
        turn(s, "o1", 2, 1, utc(2026, 1, 5, 23, 31), topic="pas", vote=1)
    roll_days(db, 1, date(2026, 1, 5), date(2026, 1, 6), now=utc(2026, 2, 1))
    rows = hours(db)
    assert set(rows) == {(date(2026, 1, 6), 0, "web"), (date(2026, 1, 5), 23, "qr")}
    web = rows[(date(2026, 1, 6), 0, "web")]
    assert (web.conversations, web.contained, web.turns, web.answered) == (1, 1, 2, 1)
    assert (web.clarifications, web.curated, web.rating_3, web.comments) == (1, 2, 1, 1)
    assert (web.votes_up, web.votes_down) == (1, 1)  # "Hjalp svaret?" per answer
    assert (web.year, web.month, web.weekday) == (2026, 1, 1)  # a Tuesday
    qr = rows[(date(2026, 1, 5), 23, "qr")]
    assert (qr.conversations, qr.contained, qr.handoffs, qr.turns) == (1, 0, 1, 2)
    assert (qr.guarded, qr.fallbacks, qr.unanswered, qr.rating_1, qr.comments) == (1, 1, 1, 1, 0)
    assert (qr.votes_up, qr.votes_down) == (0, 1)
    with db.read() as s:
        topics = [(r.day, r.topic, r.sub_answer, r.turns) for r in s.scalars(select(StatsTopicRow))]
        guards = [(r.day, r.channel, r.kind, r.events) for r in s.scalars(select(StatsGuardRow))]
        rolled = {r.day: r.final for r in s.scalars(select(StatsDayRow))}
    assert topics == [(date(2026, 1, 6), "pas", "pris", 1)]
    assert guards == [(date(2026, 1, 5), "qr", "abuse", 1)]
    assert rolled == {date(2026, 1, 5): True, date(2026, 1, 6): True}
    assert hours(db, tenant=2) == {}


def test_rerolling_replaces_a_day_and_final_days_are_left_alone(db):
    with db.session() as s:
        conversation(s, "c1", 1, utc(2026, 7, 1, 10))
        turn(s, "c1", 1, 1, utc(2026, 7, 1, 10, 1))
    roll_days(db, 1, date(2026, 7, 1), date(2026, 7, 1), now=utc(2026, 7, 1, 12))
    roll_days(db, 1, date(2026, 7, 1), date(2026, 7, 1), now=utc(2026, 7, 1, 12))
    assert [r.conversations for r in hours(db).values()] == [1]
    with db.session() as s:
        conversation(s, "c2", 1, utc(2026, 7, 1, 10, 30))
    # not final yet (rolled before the day ended): ensure_rolled_up rolls it again
    assert date(2026, 7, 1) in pending_days(db, 1, utc(2026, 7, 3))
    ensure_rolled_up(db, 1, utc(2026, 7, 3))
    assert [r.conversations for r in hours(db).values()] == [2]
    assert pending_days(db, 1, utc(2026, 7, 3)) == []
    # the transcripts go (retention); the final day keeps its numbers
    with db.session() as s:
        for row in s.scalars(select(ConversationRow)):
            s.delete(row)
    ensure_rolled_up(db, 1, utc(2026, 7, 3))
    assert [r.conversations for r in hours(db).values()] == [2]
