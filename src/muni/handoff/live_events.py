"""Live-chat messages pushed to the citizen and the agent as server-sent events.

A stream waits for a wake-up and then reads the database for what is new, so the database is
always the truth and a lost wake-up only delays a message, never loses it:

- in this process, a message posted through it wakes its own streams at once (`LiveHub`);
- on PostgreSQL the poster also sends `NOTIFY muni_live, '<handoff id>'`, and every worker's
  listener (one connection per process, started with its first stream) wakes its streams;
- without a notification a stream looks anyway every `poll_seconds` (short on SQLite, where
  two workers cannot tell each other; long on PostgreSQL while the listener is listening).

A stream is bounded: a heartbeat comment keeps proxies from closing it, it ends when the
handoff ends (after the last messages), after `max_seconds` (the browser's EventSource
reconnects with Last-Event-ID and gets only what is newer), and a worker refuses streams
beyond `max_streams`.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import weakref
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

from muni.store.announcements import Listener, announce
from muni.store.database import Database

CHANNEL = "muni_live"  # payload: the handoff's id
OPEN_STATES = ("queued", "active")


@dataclass
class Snapshot:
    """What a stream sends after a wake-up: new messages (dicts with an `id`) and the state."""

    messages: list[dict[str, object]]
    status: str
    extra: dict[str, object] = field(default_factory=dict)  # e.g. the agent's name and role


class LiveHub:
    """The streams of one process, by handoff id; wakes them from any thread."""

    def __init__(self, db: Database, max_streams: int = 500) -> None:
        self.db = db
        self.max_streams = max_streams
        self._lock = threading.Lock()
        self._waiters: dict[int, set[tuple[asyncio.AbstractEventLoop, asyncio.Event]]] = {}
        self._listener: Listener | None = None
        self.streams = 0

    @property
    def postgres(self) -> bool:
        return self.db.url.startswith("postgresql")

    @property
    def listening(self) -> bool:
        return self._listener is not None and self._listener.listening.is_set()

    def ensure_listener(self) -> None:
        """On PostgreSQL, start this process's LISTEN connection (once)."""
        if not self.postgres:
            return
        with self._lock:
            if self._listener is None:
                self._listener = Listener(
                    self.db.url, (CHANNEL,), lambda _channel, payload: self._wake_text(payload)
                ).start()

    def stop(self) -> None:
        if self._listener is not None:
            self._listener.stop()
            self._listener = None

    def _wake_text(self, payload: str) -> None:
        if payload.isdigit():
            self.wake(int(payload))

    def subscribe(self, handoff_ids: list[int]) -> asyncio.Event:
        event = asyncio.Event()
        entry = (asyncio.get_running_loop(), event)
        with self._lock:
            for handoff_id in handoff_ids:
                self._waiters.setdefault(handoff_id, set()).add(entry)
        return event

    def unsubscribe(self, handoff_ids: list[int], event: asyncio.Event) -> None:
        with self._lock:
            for handoff_id in handoff_ids:
                waiters = self._waiters.get(handoff_id, set())
                for entry in [e for e in waiters if e[1] is event]:
                    waiters.discard(entry)
                if not waiters:
                    self._waiters.pop(handoff_id, None)

    def wake(self, handoff_id: int) -> int:
        """Wake this process's streams of a handoff (thread-safe); returns how many."""
        with self._lock:
            waiters = list(self._waiters.get(handoff_id, ()))
        for loop, event in waiters:
            try:
                loop.call_soon_threadsafe(event.set)
            except RuntimeError:  # that loop has closed
                pass
        return len(waiters)

    def posted(self, handoff_id: int) -> None:
        """Something changed in a handoff (committed): wake the streams here and elsewhere."""
        self.wake(handoff_id)
        if self.postgres:
            announce(self.db, CHANNEL, str(handoff_id))


_HUBS: weakref.WeakKeyDictionary[Database, LiveHub] = weakref.WeakKeyDictionary()
_HUBS_LOCK = threading.Lock()


def hub_for(db: Database) -> LiveHub:
    """The one hub of this process for a database."""
    with _HUBS_LOCK:
        hub = _HUBS.get(db)
        if hub is None:
            hub = _HUBS[db] = LiveHub(db)
        return hub


def sse(event: str | None, data: object, event_id: int | None = None) -> str:
    lines = []
    if event_id is not None:
        lines.append(f"id: {event_id}")
    if event:
        lines.append(f"event: {event}")
    lines.append("data: " + json.dumps(data, ensure_ascii=False))
    return "\n".join(lines) + "\n\n"


def resume_point(last_event_id: str | None, after: int) -> int:
    """Where a (re)connecting stream starts: the browser's Last-Event-ID wins over ?after=."""
    if last_event_id and last_event_id.strip().isdigit():
        return max(int(last_event_id.strip()), after)
    return after


async def stream(
    hub: LiveHub,
    handoff_ids: Callable[[], list[int]],
    read: Callable[[int], Snapshot],
    after: int,
    *,
    heartbeat_seconds: float = 15.0,
    max_seconds: float = 600.0,
    poll_seconds: float | None = None,
    retry_ms: int = 1500,
) -> AsyncIterator[str]:
    """The event stream: `read(after)` (run in a thread) gives what is newer than `after`.

    Events: `message` (id: the message id), `status` when the state changes, `end` when the
    handoff is no longer open (the client closes; the server closes too)."""
    from starlette.concurrency import run_in_threadpool

    hub.ensure_listener()
    ids = await run_in_threadpool(handoff_ids)
    wake = hub.subscribe(ids)
    hub.streams += 1
    started = last_sent = time.monotonic()
    last_status: tuple[str, str] | None = None
    try:
        yield f"retry: {retry_ms}\n\n"
        while True:
            wake.clear()  # before reading: a wake-up during the read is kept for the next
            snapshot = await run_in_threadpool(read, after)
            for message in snapshot.messages:
                after = max(after, int(message["id"]))  # type: ignore[call-overload]
                yield sse("message", message, after)
                last_sent = time.monotonic()
            state = (snapshot.status, json.dumps(snapshot.extra, sort_keys=True))
            if state != last_status:
                last_status = state
                yield sse("status", {"status": snapshot.status, **snapshot.extra})
                last_sent = time.monotonic()
            if snapshot.status not in OPEN_STATES:
                yield sse("end", {"status": snapshot.status})
                return
            now = time.monotonic()
            if now - started >= max_seconds:
                return  # the browser reconnects with Last-Event-ID
            if poll_seconds is not None:
                interval = poll_seconds
            elif hub.postgres:
                interval = 5.0 if hub.listening else 1.0
            else:
                interval = 1.0  # SQLite: another worker's message is seen within a second
            timeout = min(interval, heartbeat_seconds - (now - last_sent), max_seconds)
            try:
                await asyncio.wait_for(wake.wait(), timeout=max(timeout, 0.01))
            except TimeoutError:
                if time.monotonic() - last_sent >= heartbeat_seconds - 0.01:
                    yield ": ping\n\n"
                    last_sent = time.monotonic()
                fresh = await run_in_threadpool(handoff_ids)  # a new handoff of the conversation
                if set(fresh) - set(ids):
                    hub.unsubscribe(ids, wake)
                    ids = fresh
                    wake = hub.subscribe(ids)
    finally:
        hub.streams -= 1
        hub.unsubscribe(ids, wake)
