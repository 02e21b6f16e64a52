"""The crawler's HTTP layer against a small real server: retries, limits, conditional GET."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from muni.background_server import BackgroundServer
from muni.crawl.fetch import Fetcher
from muni.crawl.urls import is_allowed, normalize_url

calls = {"flaky": 0}


async def flaky(request):  # type: ignore[no-untyped-def]
    calls["flaky"] += 1
    if calls["flaky"] < 3:
        return PlainTextResponse("busy", status_code=503)
    return Response("<p>ok</p>", media_type="text/html")


async def big(request):  # type: ignore[no-untyped-def]
    return Response("<p>" + "x" * 50_000 + "</p>", media_type="text/html")


async def image(request):  # type: ignore[no-untyped-def]
    return Response(b"\x89PNG", media_type="image/png")


async def cached(request):  # type: ignore[no-untyped-def]
    if request.headers.get("if-none-match") == '"v1"':
        return Response(status_code=304, headers={"ETag": '"v1"'})
    return Response("<p>side</p>", media_type="text/html", headers={"ETag": '"v1"'})


async def health(request):  # type: ignore[no-untyped-def]
    return PlainTextResponse("ok")


@pytest.fixture(scope="module")
def server():
    app = Starlette(routes=[Route("/flaky", flaky), Route("/big", big), Route("/image", image),
                            Route("/cached", cached), Route("/health", health)])
    with BackgroundServer(app, health="/health") as running:
        yield running


@pytest.fixture
def fetcher():
    with httpx.Client(timeout=5) as client:
        yield Fetcher(client, max_bytes=10_000, retries=2, backoff=0.01)


def test_retries_with_backoff_then_succeeds(server, fetcher):
    calls["flaky"] = 0
    result = fetcher.get(server.url + "/flaky")
    assert result.ok and calls["flaky"] == 3


def test_size_and_type_limits(server, fetcher):
    assert fetcher.get(server.url + "/big").error == "too large"
    assert fetcher.get(server.url + "/image").error == "content-type image/png"


def test_conditional_get(server, fetcher):
    first = fetcher.get(server.url + "/cached")
    assert first.ok and first.headers["etag"] == '"v1"'
    assert fetcher.get(server.url + "/cached", etag='"v1"').not_modified


def test_unreachable_host_is_an_error_not_a_crash(fetcher):
    result = fetcher.get("http://127.0.0.1:9/nothing")
    assert result.error == "transport" and not result.ok


def test_url_rules():
    assert normalize_url("/a/b/#x", "http://Example.dk:80/start") == "http://example.dk/a/b"
    assert normalize_url("mailto:a@b.dk") is None
    assert is_allowed("https://www.aarhus.dk/x", ("aarhus.dk",))
    assert not is_allowed("https://evil-aarhus.dk/x", ("aarhus.dk",))
    assert is_allowed("http://127.0.0.1:8021/x", ("127.0.0.1:8021",))
    assert not is_allowed("http://127.0.0.1:8022/x", ("127.0.0.1:8021",))
