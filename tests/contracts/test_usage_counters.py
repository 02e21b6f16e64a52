"""Usage counters on SQLite and a real PostgreSQL: atomic under concurrency, per window,
and nothing counted in clear text."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from muni.store.database import Database
from muni.store.tables import UsageCounterRow
from muni.store.usage_counters import UsageCounters


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


def test_subjects_are_stored_as_keyed_hashes(db: Database):
    UsageCounters(db, b"secret", Clock(5_000)).hit("conversations/ip", "203.0.113.9", 600)
    with db.session() as session:
        keys = list(session.scalars(select(UsageCounterRow.key)))
    assert len(keys) == 1 and "203.0.113.9" not in keys[0] and len(keys[0]) == 64
    other = UsageCounters(db, b"another", Clock(5_000))
    assert other.peek("conversations/ip", "203.0.113.9", 600) == 0
