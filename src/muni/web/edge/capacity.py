"""Bounded work per worker: at most `slots` requests are handled at once; the next wait up to
`wait` seconds for a slot and otherwise get 503 with Retry-After at once, instead of piling
up on threads and database connections until everything times out. The health check never
waits, so a load balancer sees a busy worker as alive.

A slot is held until the response is sent in full (a streamed answer included)."""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Receive, Scope, Send

from muni.web.edge.responses import send_error
from muni.web.errors import BUSY

ALWAYS_ANSWERED = ("/api/health",)


class Capacity:
    def __init__(self, app: ASGIApp, slots: int, wait: float, retry_after: int = 2) -> None:
        self.app = app
        self.slots = slots
        self.wait = wait
        self.retry_after = retry_after
        self.busy = 0  # requests being handled; only the event loop's thread touches it

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in ALWAYS_ANSWERED:
            await self.app(scope, receive, send)
            return
        if not await self._take_slot():
            await send_error(send, 503, "busy", BUSY, {"retry-after": str(self.retry_after)})
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self.busy -= 1

    async def _take_slot(self) -> bool:
        # polling a counter on the one event-loop thread: nothing to leak when a waiting
        # request is cancelled (client gone), unlike a semaphore acquire under a timeout
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.wait
        while self.busy >= self.slots:
            if loop.time() >= deadline:
                return False
            await asyncio.sleep(0.01)
        self.busy += 1
        return True
