"""The live-chat event stream: woken from any thread, reads the truth, bounded."""

from __future__ import annotations

import asyncio
import tempfile
import threading
import time

from muni.handoff.live_events import LiveHub, Snapshot, resume_point, stream
from muni.store.database import Database


class Chat:
    """A stand-in for the database: messages with ids, a state, reads counted."""

    def __init__(self) -> None:
        self.messages: list[dict[str, object]] = []
        self.status = "active"
        self.reads = 0

    def read(self, after: int) -> Snapshot:
        self.reads += 1
        return Snapshot([m for m in self.messages if int(m["id"]) > after], self.status)


def hub() -> LiveHub:
    return LiveHub(Database(f"sqlite:///{tempfile.mkdtemp()}/live.db"))


async def collect(agen, until, timeout=5.0):  # type: ignore[no-untyped-def]
    got: list[str] = []

    async def run() -> None:
        async for chunk in agen:
            got.append(chunk)
            if until(got):
                return

    await asyncio.wait_for(run(), timeout)
    return got


def test_a_message_posted_from_another_thread_wakes_the_stream_at_once():
    chat, live = Chat(), hub()

    async def main() -> tuple[list[str], float]:
        agen = stream(live, lambda: [7], chat.read, 0, poll_seconds=30, heartbeat_seconds=60)
        first = await collect(agen, lambda got: any("event: status" in g for g in got))
        assert first[0].startswith("retry:")

        def post() -> None:
            time.sleep(0.2)
            chat.messages.append({"id": 1, "sender": "agent", "text": "Hej"})
            started.append(time.monotonic())
            assert live.wake(7) == 1

        started: list[float] = []
        threading.Thread(target=post).start()
        got = await collect(agen, lambda got: any("event: message" in g for g in got))
        await agen.aclose()
        return got, time.monotonic() - started[0]

    got, delay = asyncio.run(main())
    assert got[-1] == 'id: 1\nevent: message\ndata: {"id": 1, "sender": "agent", "text": "Hej"}\n\n'
    assert delay < 0.5  # woken, not polled (the poll interval is 30 s)
    assert live._waiters == {}  # unsubscribed when the client went away


def test_without_a_wake_up_the_stream_still_looks_every_poll_interval():
    chat, live = Chat(), hub()  # e.g. a message posted by another SQLite worker

    async def main() -> list[str]:
        agen = stream(live, lambda: [7], chat.read, 0, poll_seconds=0.1)
        await collect(agen, lambda got: any("event: status" in g for g in got))
        chat.messages.append({"id": 3, "sender": "agent", "text": "Fra den anden worker"})
        got = await collect(agen, lambda got: any("event: message" in g for g in got), 2)
        await agen.aclose()
        return got

    assert "Fra den anden worker" in asyncio.run(main())[-1]


def test_the_stream_ends_when_the_handoff_ends_after_the_last_messages():
    chat, live = Chat(), hub()
    chat.messages = [{"id": 4, "sender": "agent", "text": "Dit sagsnummer er 2026-117"}]
    chat.status = "closed"

    async def main() -> list[str]:
        return [c async for c in stream(live, lambda: [7], chat.read, 0)]

    got = asyncio.run(main())
    kinds = [c.split("\n")[1] if c.startswith("id:") else c.split("\n")[0] for c in got[1:]]
    assert kinds == ["event: message", "event: status", "event: end"]


def test_heartbeats_and_a_maximum_duration_keep_the_stream_bounded():
    chat, live = Chat(), hub()

    async def main() -> list[str]:
        return [
            c
            async for c in stream(
                live,
                lambda: [7],
                chat.read,
                0,
                heartbeat_seconds=0.1,
                max_seconds=0.35,
                poll_seconds=10,
            )
        ]

    started = time.monotonic()
    got = asyncio.run(main())
    assert time.monotonic() - started < 2
    assert got.count(": ping\n\n") >= 2 and "event: end" not in "".join(got)


def test_a_reconnect_starts_after_the_last_event_id():
    assert resume_point("41", 0) == 41
    assert resume_point(None, 12) == 12
    assert resume_point("rubbish", 12) == 12
    chat, live = Chat(), hub()
    chat.messages = [{"id": i, "sender": "agent", "text": f"m{i}"} for i in (1, 2, 3)]
    chat.status = "returned"

    async def main() -> list[str]:
        return [c async for c in stream(live, lambda: [7], chat.read, resume_point("2", 0))]

    assert [c for c in asyncio.run(main()) if "event: message" in c] == [
        'id: 3\nevent: message\ndata: {"id": 3, "sender": "agent", "text": "m3"}\n\n'
    ]
