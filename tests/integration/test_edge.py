"""What every request passes before a route (src/muni/web/edge/ and the abuse limits), on a
real server: body limit, CORS per tenant, security headers, abuse limits per IP, tenant and
conversation, and an atomic per-conversation message limit."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from muni.conversations.abuse_limits import MINUTE, TEN_MINUTES
from muni.web.app import create_app
from tests.conftest import LiveServer
from tests.integration.limit_windows import start_early_in_window
from tests.integration.test_burst import send_chunked
from tests.integration.test_handoff import always_open


@pytest.fixture
def limited_server(runtime):
    """A server with low limits and its own counters (another key: the suite's other
    requests from 127.0.0.1 do not count here)."""
    servers = []

    def start(**limits: object) -> str:
        settings = runtime.settings.model_copy(update={
            **{n: 0 for n in type(runtime.settings).model_fields if n.startswith("limit_")},
            "secret_key": f"edge-test-{len(servers)}-{id(servers)}",
            **limits,
        })
        server = LiveServer(create_app(runtime=dataclasses.replace(runtime, settings=settings)))
        servers.append(server.start())
        return server.url

    yield start
    for server in servers:
        server.stop()


def new_conversation(base: str, tenant: str = "aarhus") -> httpx.Response:
    return httpx.post(f"{base}/api/tenants/{tenant}/conversations")


# --- body limit ---------------------------------------------------------------------------


def test_a_body_over_the_limit_is_refused_whether_chunked_or_not(client, live_server):
    too_big = client.post("/api/tenants/aarhus/conversations", content=b"{" + b" " * 70_000
                          + b"}", headers={"content-type": "application/json"})
    assert too_big.status_code == 413 and too_big.json()["error"]["code"] == "body_too_large"
    answer = send_chunked(live_server.url, "/api/tenants/aarhus/conversations", 256 * 1024)
    assert answer.startswith(b"HTTP/1.1 413")
    small = client.post("/api/tenants/aarhus/conversations", json={"channel": "web"})
    assert small.status_code == 201


def test_a_lying_content_length_is_a_clear_error(live_server):
    answer = send_raw(live_server.url, b"POST /api/tenants/aarhus/conversations HTTP/1.1\r\n"
                      b"Host: x\r\nContent-Length: abc\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400")


def send_raw(base: str, request: bytes) -> bytes:
    import socket

    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        return sock.recv(65536)


# --- security headers ---------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/api/health", "/widget.js", "/agent/login",
                                  "/api/tenants/aarhus/widget", "/api/nowhere"])
def test_every_response_has_the_security_headers(client, path):
    response = client.get(path)
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "strict-transport-security" not in headers  # only with MUNI_HSTS, behind TLS
    if headers["content-type"].startswith("text/html"):
        policy = headers["content-security-policy"]
        assert "script-src 'self' 'nonce-" in policy and "unsafe-eval" not in policy
        nonce = policy.split("'nonce-")[1].split("'")[0]
        assert f'nonce="{nonce}"' in response.text or "<script" not in response.text
    else:
        assert headers["content-security-policy"].startswith("default-src 'none'")


def test_each_page_gets_its_own_nonce(client):
    first = client.get("/").headers["content-security-policy"]
    second = client.get("/").headers["content-security-policy"]
    assert first != second


def test_hsts_when_switched_on(runtime):
    settings = runtime.settings.model_copy(update={"hsts": True})
    with LiveServer(create_app(runtime=dataclasses.replace(runtime, settings=settings))) as s:
        header = httpx.get(s.url + "/api/health").headers["strict-transport-security"]
    assert header.startswith("max-age=31536000")


# --- CORS -----------------------------------------------------------------------------------


def test_the_tenants_own_domains_may_call_its_api(client):
    for origin in ("https://aarhus.dk", "https://www.aarhus.dk", "https://kultur.aarhus.dk"):
        response = client.post("/api/tenants/aarhus/conversations",
                               headers={"origin": origin})
        assert response.status_code == 201
        assert response.headers["access-control-allow-origin"] == origin
        preflight = client.options("/api/tenants/aarhus/conversations", headers={
            "origin": origin, "access-control-request-method": "POST",
            "access-control-request-headers": "content-type"})
        assert preflight.status_code == 204
        assert preflight.headers["access-control-allow-origin"] == origin


@pytest.mark.parametrize("origin", ["https://evil.example", "http://aarhus.dk",
                                    "https://aarhus.dk.evil.example", "https://odense.dk",
                                    "null"])
def test_other_origins_may_not(client, origin):
    response = client.post("/api/tenants/aarhus/conversations", headers={"origin": origin})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "origin_not_allowed"
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options("/api/tenants/aarhus/conversations", headers={
        "origin": origin, "access-control-request-method": "POST"})
    assert preflight.status_code == 403
    read = client.get("/api/tenants/aarhus/widget", headers={"origin": origin})
    assert read.status_code == 200 and "access-control-allow-origin" not in read.headers


def test_the_agent_api_and_other_routes_send_no_cors_headers(client):
    for path in ("/agent/api/queue", "/api/health", "/api/tenants"):
        response = client.get(path, headers={"origin": "https://aarhus.dk"})
        assert "access-control-allow-origin" not in response.headers


def test_requests_without_origin_and_from_this_server_pass(client, live_server):
    assert client.post("/api/tenants/aarhus/conversations").status_code == 201
    same = client.post("/api/tenants/aarhus/conversations",
                       headers={"origin": live_server.url})
    assert same.status_code == 201


def test_refusals_reach_a_widget_on_the_municipalitys_site_with_their_retry_after(
        limited_server, client, runtime):
    """Too large (413), too many (429) and busy (503) carry the CORS header, so the widget on
    aarhus.dk can show the server's words, and expose Retry-After, so it can wait that long."""
    origin = {"origin": "https://aarhus.dk"}

    def readable(response: httpx.Response) -> None:
        assert response.headers["access-control-allow-origin"] == "https://aarhus.dk"
        assert "retry-after" in response.headers["access-control-expose-headers"].lower()

    too_big = client.post("/api/tenants/aarhus/conversations", content=b"{" + b" " * 70_000
                          + b"}", headers={**origin, "content-type": "application/json"})
    assert too_big.status_code == 413
    readable(too_big)

    base = limited_server(limit_conversations_per_ip=1)
    start_early_in_window(TEN_MINUTES)
    assert httpx.post(f"{base}/api/tenants/aarhus/conversations", headers=origin).status_code \
        == 201
    too_many = httpx.post(f"{base}/api/tenants/aarhus/conversations", headers=origin)
    assert too_many.status_code == 429 and int(too_many.headers["retry-after"]) > 0
    readable(too_many)

    # busy: one slot, no queue, and a request that holds the slot until released (the body
    # limit reads a body before a slot is taken, so a slow body cannot hold one)
    settings = runtime.settings.model_copy(update={
        "max_concurrent_requests": 1, "queue_wait_seconds": 0.0, "secret_key": "edge-busy"})
    app = create_app(runtime=dataclasses.replace(runtime, settings=settings))
    entered, release = threading.Event(), threading.Event()

    async def held() -> dict[str, bool]:
        entered.set()  # in the route: the only slot is taken
        return {"released": await asyncio.to_thread(release.wait, 30)}

    app.add_api_route("/api/tenants/aarhus/held", held)
    with LiveServer(app) as server, ThreadPoolExecutor(1) as pool:
        holder = pool.submit(httpx.get, f"{server.url}/api/tenants/aarhus/held", timeout=40)
        try:
            assert entered.wait(20)
            busy = httpx.post(f"{server.url}/api/tenants/aarhus/conversations", headers=origin)
        finally:
            release.set()
        assert holder.result().json() == {"released": True}
    assert busy.status_code == 503, busy.text
    assert busy.json()["error"]["code"] == "busy" and int(busy.headers["retry-after"]) > 0
    readable(busy)


# --- abuse limits -----------------------------------------------------------------------


def test_conversations_per_ip_are_limited_with_retry_after(limited_server):
    base = limited_server(limit_conversations_per_ip=5)
    start_early_in_window(TEN_MINUTES)
    statuses = [new_conversation(base).status_code for _ in range(7)]
    assert statuses == [201] * 5 + [429] * 2
    refused = new_conversation(base)
    assert int(refused.headers["retry-after"]) > 0
    assert "Vent lidt" in refused.json()["error"]["message"]


def test_conversations_per_tenant_are_limited_apart_from_other_tenants(limited_server):
    base = limited_server(limit_conversations_per_tenant=3)
    start_early_in_window(MINUTE)
    assert [new_conversation(base).status_code for _ in range(4)] == [201, 201, 201, 429]
    assert new_conversation(base, "odense").status_code == 201


def test_messages_per_ip_are_limited_across_conversations_and_streams(limited_server):
    """The IP's count and the conversation's are one statement in Turns; both channels of the
    message route count the IP, and a message to an unknown conversation counts too."""
    base = limited_server(limit_messages_per_ip=3)
    first, second = (new_conversation(base).json()["id"] for _ in range(2))
    url = f"{base}/api/tenants/aarhus/conversations/{{}}/messages"
    start_early_in_window(MINUTE)
    sent = [httpx.post(url.format(first), json={"text": "hej"}, timeout=60),
            httpx.post(url.format(second), json={"text": "hej"}, timeout=60),
            httpx.post(url.format("no-such-conversation"), json={"text": "hej"}, timeout=60),
            httpx.post(url.format(second) + "?stream=true", json={"text": "hej"}, timeout=60)]
    assert [r.status_code for r in sent] == [200, 200, 404, 429]
    refused = sent[-1].json()["error"]
    assert refused["code"] == "too_many_requests" and "Vent lidt" in refused["message"]
    assert int(sent[-1].headers["retry-after"]) > 0


def test_concurrent_messages_cannot_pass_the_per_conversation_limit(runtime):
    settings = runtime.settings.model_copy(update={"rate_limit_per_minute": 10,
                                                   "secret_key": "edge-race"})
    with LiveServer(create_app(runtime=dataclasses.replace(runtime, settings=settings))) as s:
        conversation = new_conversation(s.url).json()["id"]
        url = f"{s.url}/api/tenants/aarhus/conversations/{conversation}/messages"
        start_early_in_window(MINUTE, needed=30)
        # as many at once as a worker takes in: the race, not the shedding of load
        with ThreadPoolExecutor(settings.max_concurrent_requests) as pool:
            statuses = list(pool.map(lambda _: httpx.post(
                url, json={"text": "hvad koster et pas"}, timeout=60).status_code, range(30)))
    assert statuses.count(200) == 10 and statuses.count(429) == 20, statuses


def test_handoffs_callbacks_and_ratings_are_limited(limited_server, runtime):
    base = limited_server(limit_handoffs_per_ip=2, limit_callbacks_per_conversation=1,
                          limit_ratings_per_conversation=2)
    ids = [new_conversation(base).json()["id"] for _ in range(3)]
    with always_open(runtime, "aarhus"):
        handoffs = [httpx.post(f"{base}/api/tenants/aarhus/conversations/{i}/handoff")
                    .status_code for i in ids]
    assert handoffs == [200, 200, 429]
    callback = f"{base}/api/tenants/aarhus/conversations/{ids[2]}/callback"
    body = {"name": "Mette", "phone": "12 34 56 78", "preferred_time": "efter kl. 12"}
    assert httpx.post(callback, json=body).status_code == 200
    assert httpx.post(callback, json=body).status_code == 429
    rating = f"{base}/api/tenants/aarhus/conversations/{ids[2]}/rating"
    # a conversation is rated once (409 after); every try counts towards the limit
    assert [httpx.post(rating, json={"rating": 3}).status_code for _ in range(3)] == [
        200, 409, 429]


def test_a_callback_needs_a_phone_number_and_a_name(client):
    conversation = client.post("/api/tenants/aarhus/conversations").json()["id"]
    url = f"/api/tenants/aarhus/conversations/{conversation}/callback"
    for body in ({"name": "Mette", "phone": "010190-1234"},  # a CPR number, not a phone
                 {"name": "Mette 010190-1234", "phone": "12345678"},
                 {"name": "mette@example.com", "phone": "12345678"},
                 {"name": "Mette", "phone": "ring til mig"}):
        response = client.post(url, json=body)
        assert response.status_code == 422, body


def test_the_client_ip_comes_from_a_trusted_proxy(limited_server):
    """Behind a proxy on 127.0.0.1 (MUNI_FORWARDED_ALLOW_IPS) each citizen's own address is
    counted, not the proxy's."""
    base = limited_server(limit_conversations_per_ip=2)

    def start(ip: str) -> int:
        return httpx.post(f"{base}/api/tenants/aarhus/conversations",
                          headers={"x-forwarded-for": ip}).status_code

    assert [start("203.0.113.5") for _ in range(3)] == [201, 201, 429]
    assert start("198.51.100.7") == 201
