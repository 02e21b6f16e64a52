"""The tenants that requests look up, kept in the process for a moment.

Every citizen request names its municipality by slug. The widget on the municipality's own
site also sends an Origin header, and that is checked against the same row
(web/edge/cors.py). Read from the database each time, that was two reads of the tenants table
per message: 1.3 ms of a worker's CPU and 0.5 ms of PostgreSQL's (bench/README (af)). A tenant
changes a few times a day (a publish of its variables, a restart with new tenant files), so
`TenantCache` keeps what it has read for CACHE_SECONDS:

- in this process a change is seen at once. Any commit that wrote a tenant row through the
  ORM empties every cache in the process (a SQLAlchemy event, so a new writer cannot forget to);
- other workers and instances see it within CACHE_SECONDS.

Unknown slugs are kept too, so that a client trying many names does not cost a read each.

On the event loop (`lookup`, which CORS calls before a request waits for a work slot), the
requests that miss the same slug at once share one read, and at most READS_AT_ONCE reads run
on worker threads at a time: a burst from the widget when the entry runs out, or a client
trying many names, would otherwise fill the thread pool the routes need.
"""

from __future__ import annotations

import asyncio
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any, Final

import anyio
from sqlalchemy import event
from sqlalchemy.orm import Session, object_session

from muni.domain import Tenant
from muni.store.database import Database
from muni.store.tables import TenantRow
from muni.store.tenants import TenantRepository

CACHE_SECONDS = 2.0  # how long another worker's change to a tenant may go unseen
MAX_ENTRIES = 1024  # slugs kept (known or not); more empties the cache
READS_AT_ONCE = 2  # tenant reads on worker threads at a time, per event loop
# an event loop's reads under way by slug, and its bound on reads at a time
_LoopReads = tuple[dict[str, "asyncio.Task[Tenant | None]"], asyncio.Semaphore]
_WROTE_TENANT = "muni_wrote_tenant"  # Session.info key: this transaction wrote a tenant row


class _Changes:
    """How many commits in this process have written a tenant row."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()

    def add(self) -> None:
        with self._lock:
            self.count += 1


CHANGES: Final = _Changes()


def _mark(_mapper: Any, _connection: Any, row: TenantRow) -> None:
    session = object_session(row)
    if session is not None:
        session.info[_WROTE_TENANT] = True


for _kind in ("after_insert", "after_update", "after_delete"):
    event.listen(TenantRow, _kind, _mark)


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    if session.info.pop(_WROTE_TENANT, False):
        CHANGES.add()


@event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    session.info.pop(_WROTE_TENANT, None)


class Missing:
    """Not in the cache, or too old: read the database."""


class TenantCache:
    def __init__(
        self,
        db: Database,
        seconds: float = CACHE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.db = db
        self.seconds = seconds
        self.clock = clock
        # slug -> (the tenant or None, valid until, CHANGES.count when it was read)
        self._entries: dict[str, tuple[Tenant | None, float, int]] = {}
        self._loops: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopReads] = (
            weakref.WeakKeyDictionary()
        )

    def cached(self, slug: str) -> Tenant | None | Missing:
        """The tenant (None: no such tenant) when a fresh answer is kept; else Missing().
        Never reads the database, so it may run on the event loop."""
        found = self._entries.get(slug)
        if found is None:
            return Missing()
        tenant, until, changes = found
        if changes != CHANGES.count or self.clock() >= until:
            return Missing()
        return tenant

    def by_slug(self, slug: str) -> Tenant | None:
        """The tenant named `slug`, or None; read from the database when not kept fresh."""
        kept = self.cached(slug)
        if not isinstance(kept, Missing):
            return kept
        changes = CHANGES.count  # before the read: a change committed meanwhile is not missed
        with self.db.read() as session:
            tenant = TenantRepository(session).by_slug(slug)
        if len(self._entries) >= MAX_ENTRIES:
            self._entries.clear()
        self._entries[slug] = (tenant, self.clock() + self.seconds, changes)
        return tenant

    async def lookup(self, slug: str) -> Tenant | None:
        """`by_slug` for the event loop: a kept tenant at once, else read on a worker thread,
        once for all who ask for the slug meanwhile."""
        kept = self.cached(slug)
        if not isinstance(kept, Missing):
            return kept
        loop = asyncio.get_running_loop()
        if loop not in self._loops:
            self._loops[loop] = ({}, asyncio.Semaphore(READS_AT_ONCE))
        reading, bound = self._loops[loop]
        task = reading.get(slug)
        if task is None:
            task = loop.create_task(self._read(slug, bound))
            reading[slug] = task
            task.add_done_callback(lambda _done: reading.pop(slug, None))
        # one caller going away does not cancel the read the others wait for
        return await asyncio.shield(task)

    async def _read(self, slug: str, bound: asyncio.Semaphore) -> Tenant | None:
        async with bound:
            return await anyio.to_thread.run_sync(self.by_slug, slug)
