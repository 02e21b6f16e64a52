"""The citizen API over real HTTP on 127.0.0.1, backed by the real runtime."""

from __future__ import annotations

import dataclasses
import json

import httpx

from muni.conversations.abuse_limits import MINUTE
from muni.web.app import create_app
from tests.conftest import LiveServer
from tests.integration.limit_windows import start_early_in_window


def _start(client: httpx.Client, tenant: str = "aarhus") -> str:
    response = client.post(f"/api/tenants/{tenant}/conversations", json={})
    assert response.status_code == 201
    return response.json()["id"]


def _ask(client: httpx.Client, tenant: str, conversation: str, text: str, **extra):
    return client.post(f"/api/tenants/{tenant}/conversations/{conversation}/messages",
                       json={"text": text, **extra})


def test_danish_question_gets_curated_answer_with_local_details(client):
    conversation = _start(client)
    response = _ask(client, "aarhus", conversation, "hvad er jeres telefonnummer og åbningstider")
    assert response.status_code == 200
    answer = response.json()["answer"]
    assert (answer["origin"], answer["status"], answer["topic"]) == ("curated", "answered",
                                                                     "kontakt")
    assert "89 40 20 00" in answer["text"]
    assert answer["sources"] and answer["timings"]["total"] > 0
    assert answer["ai_generated"] is False


def test_same_question_gives_each_municipality_its_own_facts(client):
    texts = {}
    for tenant in ("aarhus", "odense", "vejle"):
        conversation = _start(client, tenant)
        texts[tenant] = _ask(client, tenant, conversation,
                             "hvad er telefonnummeret til kommunen").json()["answer"]["text"]
    assert "89 40 20 00" in texts["aarhus"] and "66 13 13 72" in texts["odense"]
    assert "76 81 00 00" in texts["vejle"]
    assert len(set(texts.values())) == 3


def test_transcript_and_rating(client):
    conversation = _start(client)
    _ask(client, "aarhus", conversation, "hvornår kommer skraldebilen")
    _ask(client, "aarhus", conversation, "tak for hjælpen")
    transcript = client.get(f"/api/tenants/aarhus/conversations/{conversation}").json()
    assert [t["seq"] for t in transcript["turns"]] == [1, 2]
    assert transcript["turns"][1]["answer"]["topic"] == "tak"
    rated = client.post(f"/api/tenants/aarhus/conversations/{conversation}/rating",
                        json={"rating": 3, "comment": "Fint, ring 20304050"})
    assert rated.status_code == 200
    assert rated.json()["rating"] == 3
    assert rated.json()["rating_comment"] == "Fint, ring [TELEFON]"
    bad = client.post(f"/api/tenants/aarhus/conversations/{conversation}/rating",
                      json={"rating": 4})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_request"


def test_tenant_b_can_neither_read_nor_rate_nor_write_tenant_a_conversation(client):
    conversation = _start(client, "aarhus")
    _ask(client, "aarhus", conversation, "pas pris")
    read = client.get(f"/api/tenants/odense/conversations/{conversation}")
    rate = client.post(f"/api/tenants/odense/conversations/{conversation}/rating",
                       json={"rating": 1})
    write = _ask(client, "odense", conversation, "hej")
    for response in (read, rate, write):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "unknown_conversation"
    own = client.get(f"/api/tenants/aarhus/conversations/{conversation}").json()
    assert own["rating"] is None and len(own["turns"]) == 1


def test_unknown_tenant_and_conversation_are_404(client):
    assert client.post("/api/tenants/atlantis/conversations", json={}).json()["error"][
        "code"] == "unknown_tenant"
    assert client.get("/api/tenants/aarhus/conversations/nope").status_code == 404


def test_bad_input_gets_clear_errors(client):
    conversation = _start(client)
    too_long = _ask(client, "aarhus", conversation, "a" * 5000)
    assert too_long.status_code == 413
    assert too_long.json()["error"]["code"] == "message_too_long"
    assert client.post(f"/api/tenants/aarhus/conversations/{conversation}/messages",
                       content=b"{not json", headers={"content-type": "application/json"}
                       ).status_code == 422
    huge = client.post(f"/api/tenants/aarhus/conversations/{conversation}/messages",
                       content=b"x" * 100_000, headers={"content-type": "application/json"})
    assert huge.status_code == 413 and huge.json()["error"]["code"] == "body_too_large"
    for hostile in ("\x00\x01\x02", "<script>alert(1)</script>", "'; DROP TABLE turns; --",
                    "ünïcödé ☃ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "Wie viel kostet ein Reisepass?", "   "):
        response = _ask(client, "aarhus", conversation, hostile)
        assert response.status_code == 200, hostile
        assert response.json()["answer"]["text"]
    assert client.get("/api/health").status_code == 200


def _events(response: httpx.Response) -> dict[str, dict]:
    """The server-sent events of a streamed answer, by name (the last of each)."""
    events, name = {}, None
    for line in response.text.splitlines():
        if line.startswith("event: "):
            name = line.removeprefix("event: ")
        elif line.startswith("data: ") and name:
            events[name] = json.loads(line.removeprefix("data: "))
    return events


def test_a_message_sent_again_with_its_id_is_answered_once(client):
    """After a timeout or a lost response the widget sends the message again with its id:
    the answer the server gave comes back (also streamed), and the transcript has one turn."""
    conversation = _start(client)
    message = {"message_id": "0f6c2b8e4a7d41c9b3e5d7f9a1c3e5f7"}
    first = _ask(client, "aarhus", conversation, "hvad koster et pas", **message)
    again = _ask(client, "aarhus", conversation, "hvad koster et pas", **message)
    streamed = client.post(f"/api/tenants/aarhus/conversations/{conversation}/messages",
                           params={"stream": "true"},
                           json={"text": "hvad koster et pas", **message})
    assert first.status_code == again.status_code == streamed.status_code == 200
    assert (first.json()["replayed"], again.json()["replayed"]) == (False, True)
    replayed = _events(streamed)["answer"]
    assert replayed["replayed"] is True and "token" not in _events(streamed)
    for body in (again.json(), replayed):
        assert body["seq"] == first.json()["seq"] == 1
        assert body["question"] == first.json()["question"]
        for key in ("text", "topic", "sub_answer", "sources", "quick_replies", "links"):
            assert body["answer"][key] == first.json()["answer"][key], key
    new = _ask(client, "aarhus", conversation, "hvad koster et pas",
               message_id="9a8b7c6d5e4f40312a3b4c5d6e7f8091")
    assert new.json()["seq"] == 2 and new.json()["replayed"] is False
    turns = client.get(f"/api/tenants/aarhus/conversations/{conversation}").json()["turns"]
    assert [t["seq"] for t in turns] == [1, 2]
    # another municipality cannot have the answer by naming this conversation and the id
    cross = _ask(client, "odense", conversation, "hvad koster et pas", **message)
    assert cross.status_code == 404 and "text" not in cross.text
    # the same id in another municipality's conversation is a message of its own
    odense = _start(client, "odense")
    there = _ask(client, "odense", odense, "hvad koster et pas", **message)
    assert there.json()["replayed"] is False and there.json()["seq"] == 1
    for bad in ("short", "x" * 65, "0f6c2b8e 4a7d41c9b3e5", "0101901234/abcdefgh"):
        refused = _ask(client, "aarhus", conversation, "hej", message_id=bad)
        assert refused.status_code == 422, bad
        assert refused.json()["error"]["code"] == "invalid_request"


def test_quick_reply_topic_answers_that_topic(client):
    conversation = _start(client)
    answer = _ask(client, "aarhus", conversation, "Storskrald", topic="storskrald").json()
    assert answer["answer"]["topic"] == "storskrald"
    assert answer["answer"]["confidence"] == 1.0


def test_openapi_documents_the_routes(client):
    spec = client.get("/openapi.json").json()
    assert "/api/tenants/{tenant}/conversations/{conversation_id}/messages" in spec["paths"]
    assert client.get("/docs").status_code == 200


def test_rate_limit(runtime, settings):
    limited = settings.model_copy(update={"rate_limit_per_minute": 3})
    runtime_limited = dataclasses.replace(runtime, settings=limited)
    with LiveServer(create_app(runtime=runtime_limited)) as server, \
            httpx.Client(base_url=server.url, timeout=30) as http:
        conversation = _start(http)
        start_early_in_window(MINUTE)
        codes = [_ask(http, "aarhus", conversation, "hej").status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]


def test_a_restart_loses_nothing(runtime, settings):
    from muni.runtime import Runtime

    with LiveServer(create_app(runtime=runtime)) as server, \
            httpx.Client(base_url=server.url, timeout=30) as http:
        conversation = _start(http, "vejle")
        _ask(http, "vejle", conversation, "hvor er genbrugspladsen")
    second = Runtime.start(settings)  # a new process would do exactly this
    try:
        with LiveServer(create_app(runtime=second)) as server, \
                httpx.Client(base_url=server.url, timeout=30) as http:
            turns = http.get(f"/api/tenants/vejle/conversations/{conversation}").json()["turns"]
            assert [t["answer"]["topic"] for t in turns] == ["genbrugsplads"]
    finally:
        second.close()


def test_follow_up_in_a_conversation_uses_the_previous_topic(client):
    conversation = _start(client)
    assert _ask(client, "aarhus", conversation, "jeg skal have nyt pas").json()["answer"][
        "topic"] == "pas"
    assert _ask(client, "aarhus", conversation, "hvad koster det").json()["answer"][
        "topic"] == "pas"
