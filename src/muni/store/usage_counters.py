"""Atomic counters in fixed time windows, shared by every server worker through the database.

`UsageCounters.hit("conversations/ip", "10.0.0.1", window=600)` adds one to the current
ten-minute window of that subject and returns the new count, in one statement
(INSERT ... ON CONFLICT DO UPDATE ... RETURNING), so concurrent requests never both see
"29 of 30". `hit_many` counts several subjects in that one statement (a message counts its
client IP and its conversation together). What is counted is stored as a keyed hash: no IP
address or username reaches the database. Windows that have ended are deleted now and then.
A hit is one round trip (autocommit), and on PostgreSQL its commit does not wait for the disk
(`Database.relaxed`).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite

from muni.store.database import Database
from muni.store.tables import UsageCounterRow

PURGE_EVERY = 500  # hits per process between deletions of ended windows


@dataclass(frozen=True)
class Hit:
    """One count to add: `amount` more of `name` for `subject` in a window of `window` s."""

    name: str
    subject: str
    window: int
    amount: int = 1


class UsageCounters:
    def __init__(self, db: Database, key: bytes, clock: Callable[[], float] = time.time) -> None:
        self.db = db
        self.key = key
        self.clock = clock
        self._since_purge = 0
        insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
        table = UsageCounterRow.__table__
        # built once: the values are parameters (building it per hit cost ~0.5 ms of CPU).
        # Several rows go in one statement (SQLAlchemy's "insertmanyvalues"), unordered, so
        # each count comes back with its key; rows are sent sorted by key, so two statements
        # that lock the same rows lock them in the same order and cannot deadlock
        upsert = insert(table)
        self._count = upsert.on_conflict_do_update(
            index_elements=["key", "window_start"],
            set_={"count": table.c.count + upsert.excluded["count"]},
        ).returning(table.c.key, table.c.window_start, table.c.count)

    def _hash(self, name: str, subject: str) -> str:
        return hmac.new(self.key, f"{name}\x00{subject}".encode(), hashlib.sha256).hexdigest()

    def hit(self, name: str, subject: str, window: int, amount: int = 1) -> int:
        """Count `amount` more of `name` for `subject` in the current window; the new total."""
        return self.hit_many((Hit(name, subject, window, amount),))[0]

    def hit_many(self, hits: Sequence[Hit]) -> list[int]:
        """Count every hit in one statement; the new totals, in the order of `hits`. Each
        (name, subject) may appear once."""
        now = int(self.clock())
        rows = []
        for hit in hits:
            start = now - now % hit.window
            key = self._hash(hit.name, hit.subject)
            rows.append(
                {
                    "key": key,
                    "window_start": start,
                    "expires_at": start + hit.window,
                    "count": hit.amount,
                }
            )
        wanted = [(row["key"], row["window_start"]) for row in rows]
        if len(set(wanted)) != len(wanted):
            raise ValueError("hit_many: each name and subject may be counted once per call")
        table = UsageCounterRow.__table__
        # one statement, atomic by itself: no BEGIN/COMMIT round trips; a lost count after a
        # database crash only lets a client one more message, so no wait for the disk either
        with self.db.relaxed() as connection, self.db.writer():
            found = connection.execute(self._count, sorted(rows, key=lambda r: r["key"]))
            counts = {(row.key, row.window_start): int(row.count) for row in found}
            self._since_purge += 1
            if self._since_purge >= PURGE_EVERY:
                self._since_purge = 0
                connection.execute(delete(table).where(table.c.expires_at < now))
        return [counts[pair] for pair in wanted]

    def peek(self, name: str, subject: str, window: int) -> int:
        """The current window's count without adding to it."""
        now = int(self.clock())
        start = now - now % window
        table = UsageCounterRow.__table__
        with self.db.engine.connect() as connection:
            found = connection.execute(
                table.select().where(
                    table.c.key == self._hash(name, subject), table.c.window_start == start
                )
            ).first()
        return int(found.count) if found else 0

    def reset(self, name: str, subject: str, window: int) -> None:
        """Forget the current window (a successful login clears its failures)."""
        now = int(self.clock())
        table = UsageCounterRow.__table__
        with self.db.engine.begin() as connection:
            connection.execute(
                delete(table).where(
                    table.c.key == self._hash(name, subject),
                    table.c.window_start == now - now % window,
                )
            )
