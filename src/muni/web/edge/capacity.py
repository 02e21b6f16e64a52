"""Bounded work per worker: at most `slots` requests are handled at once; the next wait up to
`wait` seconds for a slot and otherwise get 503 with Retry-After at once, instead of piling
up on threads and database connections until everything times out. The health check never
waits, so a load balancer sees a busy worker as alive.

A slot is held until the response is sent in full (a streamed answer included)."""

from __future__ import annotations

import asyncio
from collections import deque

from starlette.types import ASGIApp, Receive, Scope, Send

from muni.operations import metrics
from muni.web.edge.responses import send_error
from muni.web.errors import BUSY

# liveness, readiness and metrics never wait: a busy worker is alive, and busy is when the
# numbers are wanted most
ALWAYS_ANSWERED = ("/api/health", "/healthz", "/readyz", "/metrics")


def event_stream(path: str) -> bool:
    """A live-chat event stream idles for minutes: it takes no slot (handoff/live_events.py
    bounds the streams of a worker by its own limit; its reads are short)."""
    return path.endswith("/live/events") or (
        path.startswith("/agent/api/handoffs/") and path.endswith("/events")
    )


class Capacity:
    def __init__(self, app: ASGIApp, slots: int, wait: float, retry_after: int = 2) -> None:
        self.app = app
        self.slots = slots
        self.wait = wait
        self.retry_after = retry_after
        self.busy = 0  # slots taken; only the event loop's thread touches these
        self.waiting: deque[asyncio.Future[bool]] = deque()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["path"] in ALWAYS_ANSWERED
            or event_stream(scope["path"])
        ):
            await self.app(scope, receive, send)
            return
        if not await self._take_slot():
            metrics.REJECTED.inc()
            await send_error(send, 503, "busy", BUSY, {"retry-after": str(self.retry_after)})
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self._give_back()

    async def _take_slot(self) -> bool:
        """A slot now, or the first one freed within `wait` seconds (first come, first
        served), or False. Waiting costs nothing: no polling, one future per request."""
        if self.busy < self.slots and not self.waiting:
            self.busy += 1
            metrics.IN_PROGRESS.inc()
            return True
        loop = asyncio.get_running_loop()
        turn: asyncio.Future[bool] = loop.create_future()
        self.waiting.append(turn)
        metrics.WAITING.inc()
        timer = loop.call_later(self.wait, lambda: turn.done() or turn.set_result(False))
        try:
            return await turn
        except asyncio.CancelledError:  # the client went away while waiting
            if turn.done() and not turn.cancelled() and turn.result():
                self._give_back()  # the slot was handed over just before: pass it on
            raise
        finally:
            timer.cancel()
            metrics.WAITING.dec()

    def _give_back(self) -> None:
        """Hand the slot to the longest-waiting request, or free it."""
        while self.waiting:
            turn = self.waiting.popleft()
            if not turn.done():
                turn.set_result(True)
                return
        self.busy -= 1
        metrics.IN_PROGRESS.dec()
