"""Bounded work per worker (web/edge/capacity.py): the request over capacity waits, then gets
503 + Retry-After; the health check never waits; slots come back after errors."""

from __future__ import annotations

import asyncio

import httpx
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from muni.web.edge.capacity import Capacity


def app_with(slots: int, wait: float) -> tuple[Capacity, asyncio.Event]:
    release = asyncio.Event()

    async def slow(_request):  # type: ignore[no-untyped-def]
        await release.wait()
        return PlainTextResponse("done")

    async def fail(_request):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    async def health(_request):  # type: ignore[no-untyped-def]
        return PlainTextResponse("ok")

    inner = Starlette(routes=[Route("/slow", slow), Route("/fail", fail),
                              Route("/api/health", health)])
    return Capacity(inner, slots=slots, wait=wait), release


def test_over_capacity_is_503_with_retry_after_and_health_still_answers():
    async def scenario() -> None:
        capacity, release = app_with(slots=2, wait=0.2)
        transport = httpx.ASGITransport(app=capacity)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            first = [asyncio.create_task(http.get("/slow")) for _ in range(2)]
            await asyncio.sleep(0.05)
            assert capacity.busy == 2
            refused = await http.get("/slow")
            assert refused.status_code == 503 and refused.headers["retry-after"] == "2"
            assert refused.json()["error"]["code"] == "busy"
            assert (await http.get("/api/health")).status_code == 200
            waiting = asyncio.create_task(http.get("/slow"))  # gets the slot freed below
            await asyncio.sleep(0.05)
            release.set()
            assert [r.status_code for r in await asyncio.gather(*first, waiting)] == [200] * 3
            assert capacity.busy == 0

    asyncio.run(scenario())


def test_a_failing_request_gives_its_slot_back():
    async def scenario() -> None:
        capacity, _ = app_with(slots=1, wait=0.1)
        transport = httpx.ASGITransport(app=capacity, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            for _ in range(3):
                assert (await http.get("/fail")).status_code == 500
            assert capacity.busy == 0

    asyncio.run(scenario())


def test_a_request_cancelled_while_waiting_leaks_no_slot():
    async def scenario() -> None:
        capacity, release = app_with(slots=1, wait=5)
        transport = httpx.ASGITransport(app=capacity)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            holder = asyncio.create_task(http.get("/slow"))
            await asyncio.sleep(0.05)
            gone = asyncio.create_task(http.get("/slow"))  # waits for the one slot
            await asyncio.sleep(0.05)
            assert len(capacity.waiting) == 1
            gone.cancel()
            await asyncio.sleep(0.05)
            release.set()
            assert (await holder).status_code == 200
            assert capacity.busy == 0
            assert (await http.get("/slow")).status_code == 200 and capacity.busy == 0

    asyncio.run(scenario())
