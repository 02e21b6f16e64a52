"""Usage counters on SQLite and a real PostgreSQL: atomic under concurrency, per window,
and nothing counted in clear text."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from muni.store.database import Database
from muni.store.tables import UsageCounterRow
from muni.store.usage_counters import Hit, UsageCounters


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_concurrent_hits_each_get_their_own_count(db: Database):
    counters = UsageCounters(db, b"k", Clock(1_000_000))
    with ThreadPoolExecutor(16) as pool:
        counts = list(pool.map(lambda _: counters.hit("msgs", "conv-1", 60), range(80)))
    assert sorted(counts) == list(range(1, 81))
    assert counters.peek("msgs", "conv-1", 60) == 80


def test_windows_and_subjects_are_apart(db: Database):
    clock = Clock(0)
    counters = UsageCounters(db, b"k", clock)
    start = 1_000_020 - 1_000_020 % 60
    clock.now = start + 5
    assert counters.hit("msgs", "a", 60) == 1
    assert counters.hit("msgs", "a", 60) == 2
    assert counters.hit("msgs", "b", 60) == 1
    assert counters.hit("other", "a", 60) == 1
    clock.now = start + 65  # the next window
    assert counters.hit("msgs", "a", 60) == 1
    counters.reset("msgs", "a", 60)
    assert counters.peek("msgs", "a", 60) == 0


def test_several_subjects_are_counted_in_one_statement_each_with_its_own_total(db: Database):
    counters = UsageCounters(db, b"k", Clock(1_000_000))
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(Engine, "before_cursor_execute", count)  # counters write on an engine of
    try:  # their own (Database.relaxed)
        # the order given is kept in the answer, whatever order the database returns rows in
        hits = (Hit("msgs/ip", "10.0.0.1", 60), Hit("msgs/conversation", "c-1", 60, amount=3))
        assert counters.hit_many(hits) == [1, 3]
        assert counters.hit_many(hits) == [2, 6]
        assert counters.hit_many(hits[::-1]) == [9, 3]
        assert counters.hit("msgs/ip", "10.0.0.1", 60) == 4
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    inserts = [s for s in statements if s.lstrip().upper().startswith("INSERT")]
    assert len(inserts) == 4, statements  # one statement per call, two rows in the first three
    assert counters.peek("msgs/conversation", "c-1", 60) == 9


def test_concurrent_hits_on_shared_subjects_neither_deadlock_nor_lose_a_count(db: Database):
    """Messages of one client IP to two conversations, sent at once: every statement locks
    the shared IP row and a conversation row, in either order of the call."""
    counters = UsageCounters(db, b"k", Clock(1_000_000))

    def send(i: int) -> list[int]:
        hits = [Hit("msgs/ip", "10.0.0.1", 60), Hit("msgs/conversation", f"c-{i % 2}", 60)]
        return counters.hit_many(hits if i % 3 else hits[::-1])

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(send, range(60)))
    ip_counts = [r[0] if i % 3 else r[1] for i, r in enumerate(results)]
    assert sorted(ip_counts) == list(range(1, 61))
    assert counters.peek("msgs/conversation", "c-0", 60) == 30
    assert counters.peek("msgs/conversation", "c-1", 60) == 30


def test_the_same_subject_twice_in_one_call_is_refused(db: Database):
    counters = UsageCounters(db, b"k", Clock(1_000_000))
    with pytest.raises(ValueError, match="once per call"):
        counters.hit_many((Hit("msgs", "a", 60), Hit("msgs", "a", 60)))
    assert counters.peek("msgs", "a", 60) == 0


def test_subjects_are_stored_as_keyed_hashes(db: Database):
    UsageCounters(db, b"secret", Clock(5_000)).hit("conversations/ip", "203.0.113.9", 600)
    with db.session() as session:
        keys = list(session.scalars(select(UsageCounterRow.key)))
    assert len(keys) == 1 and "203.0.113.9" not in keys[0] and len(keys[0]) == 64
    other = UsageCounters(db, b"another", Clock(5_000))
    assert other.peek("conversations/ip", "203.0.113.9", 600) == 0
