"""Operating a real `muni serve`: liveness and readiness, Prometheus metrics added up over
two worker processes and parsed with the Prometheus text parser, JSON logs with request ids
and nothing personal, and a graceful shutdown that finishes the turns in flight."""

from __future__ import annotations

import json
import signal
import threading
import time

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from muni.config import Settings
from tests.conftest import muni_process

pytestmark = pytest.mark.slow
NO_LIMITS = {f"MUNI_{name.upper()}": "0" for name in Settings.model_fields
             if name.startswith("limit_")} | {"MUNI_RATE_LIMIT_PER_MINUTE": "0"}
MESSAGES_ROUTE = "/api/tenants/{tenant}/conversations/{conversation_id}/messages"
# a distinctive word and a CPR number: neither may reach the logs
QUESTION = "hvad koster et pas til min datter Quirinalia, cpr 010203-1234"


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def value(found, name: str, **labels: str) -> float:  # type: ignore[no-untyped-def]
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


def wait_ready(base: str) -> dict:
    deadline = time.monotonic() + 120
    while True:
        answer = httpx.get(base + "/readyz", timeout=5)
        if answer.status_code == 200 or time.monotonic() > deadline:
            return answer.json() | {"http_status": answer.status_code}
        time.sleep(0.5)


@pytest.fixture(scope="module")
def two_workers(runtime, data_dir):  # the runtime fixture has trained the models
    with muni_process(data_dir, "serve", "--workers", "2", env=NO_LIMITS) as server:
        yield server


def test_alive_and_ready(two_workers):
    assert httpx.get(two_workers.url + "/healthz").json() == {"status": "alive"}
    ready = wait_ready(two_workers.url)
    assert ready["http_status"] == 200, ready
    assert ready["checks"] == {"database": True, "models": True, "index": True}


def test_metrics_add_up_over_both_workers(two_workers):
    base = two_workers.url
    with httpx.Client(base_url=base, timeout=30) as http:
        before = samples(http.get("/metrics").text)
        conversations = [http.post("/api/tenants/aarhus/conversations").json()["id"]
                         for _ in range(4)]
        sent = 0
        for conversation in conversations:
            for _ in range(5):
                answer = http.post(f"/api/tenants/aarhus/conversations/{conversation}/messages",
                                   json={"text": QUESTION})
                assert answer.status_code == 200, two_workers.output()[-3000:]
                sent += 1
        # a message sent again with its id is given its stored turn: counted, not answered
        first = {"text": QUESTION, "message_id": "5e0d1c2b3a4f4e6d8c7b9a0f1e2d3c4b"}
        for _ in range(2):
            assert http.post(f"/api/tenants/aarhus/conversations/{conversations[0]}/messages",
                             json=first).status_code == 200
        # every scrape is answered by one of the two workers; each must report all of them
        for _ in range(6):
            response = http.get("/metrics")
            assert response.headers["content-type"].startswith("text/plain")
            after = samples(response.text)
            def new(name: str, after: dict = after, **labels: str) -> float:
                return value(after, name, **labels) - value(before, name, **labels)

            assert new("muni_http_requests_total", method="POST", route=MESSAGES_ROUTE,
                       status="200") == sent + 2
            assert new("muni_http_request_duration_seconds_count", route=MESSAGES_ROUTE) == (
                sent + 2)
            for step in ("redact", "safety", "curated_intent", "output_guard", "total"):
                assert new("muni_pipeline_step_seconds_count", step=step) == sent + 1
            assert new("muni_answers_total", origin="curated", status="answered") == sent + 1
            assert new("muni_messages_replayed_total") == 1
            assert ("muni_jobs_pending", (("status", "queued"),)) in after
            assert value(after, "muni_requests_in_progress") >= 0


def test_logs_are_json_with_request_ids_and_nothing_personal(two_workers):
    base = two_workers.url
    with httpx.Client(base_url=base, timeout=30) as http:
        conversation = http.post("/api/tenants/aarhus/conversations").json()["id"]
        answer = http.post(f"/api/tenants/aarhus/conversations/{conversation}/messages",
                           json={"text": QUESTION}, headers={"X-Request-ID": "lb-4f2a9c81d7"})
        assert answer.status_code == 200
        assert answer.headers["x-request-id"] == "lb-4f2a9c81d7"
        made = http.get("/api/tenants").headers["x-request-id"]
        assert len(made) == 16
    time.sleep(0.5)
    output = two_workers.output()
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    requests = [line for line in lines if line.get("logger") == "muni.requests"]
    ours = [line for line in requests if line.get("request_id") == "lb-4f2a9c81d7"]
    assert len(ours) == 1
    assert ours[0]["route"] == MESSAGES_ROUTE and ours[0]["status"] == 200
    assert ours[0]["method"] == "POST" and ours[0]["ms"] > 0
    assert any(line.get("request_id") == made for line in requests)
    for secret in ("Quirinalia", "010203", conversation):
        assert secret not in output
    assert not any("127.0.0.1" in json.dumps(line) for line in requests)  # the client's IP


def test_sigterm_finishes_the_turns_in_flight(runtime, data_dir):
    with muni_process(data_dir, "serve", env=NO_LIMITS | {"MUNI_LOG_FORMAT": "json"}) as server:
        base = server.url
        with httpx.Client(base_url=base, timeout=30) as http:
            conversations = [http.post("/api/tenants/aarhus/conversations").json()["id"]
                             for _ in range(8)]
        results: list[tuple[str, int | str, float]] = []
        http = httpx.Client(base_url=base, timeout=30,
                            limits=httpx.Limits(max_connections=20))

        def send(conversation: str) -> None:
            try:
                answer = http.post(
                    f"/api/tenants/aarhus/conversations/{conversation}/messages",
                    json={"text": "hvornår har genbrugsstationen åbent om søndagen, og hvad "
                                  "koster det at aflevere haveaffald med en trailer?"})
                results.append((conversation, answer.status_code, time.monotonic()))
            except httpx.HTTPError as error:
                results.append((conversation, type(error).__name__, time.monotonic()))

        threads = [threading.Thread(target=send, args=(c,)) for c in conversations]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # until the server is working on several
            busy = value(samples(httpx.get(base + "/metrics").text), "muni_requests_in_progress")
            if busy >= 3:
                break
        terminated = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        for thread in threads:
            thread.join()
        http.close()
        # uvicorn shuts down, then re-raises the signal: exit by SIGTERM after a clean stop
        assert server.process.wait(timeout=60) in (0, -signal.SIGTERM)
        assert "Application shutdown complete" in server.output()
    answered = [r for r in results if r[1] == 200]
    # nothing half-done: every request was answered in full or never taken
    assert all(r[1] == 200 or r[1] in ("ConnectError", "RemoteProtocolError") for r in results)
    assert any(at > terminated for _, _, at in answered), (terminated, results)
    from muni.store.conversations import ConversationRepository
    from muni.store.tenants import TenantRepository

    with runtime.db.session() as session:
        tenant = TenantRepository(session).by_slug("aarhus")
        repo = ConversationRepository(session, tenant)
        for conversation, _, _ in answered:
            assert len(repo.turns(conversation)) == 1
