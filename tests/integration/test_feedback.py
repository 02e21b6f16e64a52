"""Feedback over HTTP: a vote (thumbs up/down) and comment per answer, stored on the turn,
redacted, tenant-isolated and rate-limited; the 1-3 rating of a conversation is taken once."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from muni.conversations.abuse_limits import TEN_MINUTES
from muni.store.tables import TurnRow
from tests.integration.limit_windows import start_early_in_window
from tests.integration.test_api import _ask, _start
from tests.integration.test_edge import limited_server  # noqa: F401 - a fixture


def _vote(client, tenant, conversation, seq, **body):
    return client.post(f"/api/tenants/{tenant}/conversations/{conversation}/turns/{seq}/vote",
                       json=body)


def test_a_vote_and_its_comment_are_stored_on_the_turn_redacted(client, runtime):
    conversation = _start(client)
    assert _ask(client, "aarhus", conversation, "hvad koster et pas").status_code == 200
    up = _vote(client, "aarhus", conversation, 1, vote=1)
    assert up.status_code == 200 and up.json() == {"seq": 1, "vote": 1, "comment": None}
    down = _vote(client, "aarhus", conversation, 1, vote=-1,
                 comment="Mangler pris, ring 20304050 eller skriv til mette@example.com")
    assert down.status_code == 200
    assert down.json()["comment"] == "Mangler pris, ring [TELEFON] eller skriv til [EMAIL]"
    with runtime.db.session() as session:  # a second vote replaced the first
        turn = session.scalar(select(TurnRow).where(TurnRow.conversation_id == conversation))
        assert (turn.vote, turn.vote_comment) == (-1, down.json()["comment"])
        assert "20304050" not in turn.vote_comment
    transcript = client.get(f"/api/tenants/aarhus/conversations/{conversation}").json()
    assert transcript["turns"][0]["vote"] == -1


def test_a_vote_must_be_up_or_down_on_an_answer_that_exists(client):
    conversation = _start(client)
    _ask(client, "aarhus", conversation, "hvad koster et pas")
    assert _vote(client, "aarhus", conversation, 1, vote=2).status_code == 422
    assert _vote(client, "aarhus", conversation, 1, vote=0).status_code == 422
    missing = _vote(client, "aarhus", conversation, 7, vote=1)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "unknown_turn"
    assert "Svaret findes ikke" in missing.json()["error"]["message"]
    long = _vote(client, "aarhus", conversation, 1, vote=1, comment="x" * 2001)
    assert long.status_code == 422


def test_another_municipality_cannot_vote_on_the_answer(client, runtime):
    conversation = _start(client, "aarhus")
    _ask(client, "aarhus", conversation, "hvad koster et pas")
    other = _vote(client, "odense", conversation, 1, vote=-1)
    assert other.status_code == 404 and other.json()["error"]["code"] == "unknown_conversation"
    with runtime.db.session() as session:
        turn = session.scalar(select(TurnRow).where(TurnRow.conversation_id == conversation))
        assert turn.vote is None


def test_a_conversation_is_rated_once(client):
    conversation = _start(client)
    _ask(client, "aarhus", conversation, "hvad koster et pas")
    url = f"/api/tenants/aarhus/conversations/{conversation}/rating"
    assert client.post(url, json={"rating": 3, "comment": "Fint"}).status_code == 200
    again = client.post(url, json={"rating": 1, "comment": "Dårligt"})
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_rated"
    assert "Du har allerede bedømt samtalen" in again.json()["error"]["message"]
    assert "You have already rated" in again.json()["error"]["message"]
    stored = client.get(f"/api/tenants/aarhus/conversations/{conversation}").json()
    assert (stored["rating"], stored["rating_comment"]) == (3, "Fint")


def test_votes_are_limited_per_answer_and_per_client(limited_server):  # noqa: F811
    base = limited_server(limit_ratings_per_conversation=3, limit_ratings_per_ip=5)
    start_early_in_window(TEN_MINUTES, needed=120)  # two answers, then six votes
    conversation = httpx.post(f"{base}/api/tenants/aarhus/conversations", json={}).json()["id"]
    for text in ("hvad koster et pas", "hvornår har genbrugspladsen åbent"):
        httpx.post(f"{base}/api/tenants/aarhus/conversations/{conversation}/messages",
                   json={"text": text}, timeout=60)
    url = f"{base}/api/tenants/aarhus/conversations/{conversation}/turns/{{}}/vote"
    codes = [httpx.post(url.format(1), json={"vote": v}).status_code for v in (1, -1, 1, -1)]
    assert codes == [200, 200, 200, 429]  # the 4th change of one answer's vote (3 allowed)
    codes = [httpx.post(url.format(2), json={"vote": 1}).status_code for _ in range(2)]
    assert codes == [200, 429]  # the client's 6th vote in 10 minutes (5 allowed)


def test_the_vote_is_in_the_citizens_copy_and_the_staff_transcript(live_server, runtime):
    from tests.integration.console_helpers import add_every_role, login

    add_every_role(runtime)
    with httpx.Client(base_url=live_server.url, timeout=60) as http:
        conversation = _start(http)
        _ask(http, "aarhus", conversation, "hvad koster et pas")
        _vote(http, "aarhus", conversation, 1, vote=-1, comment="Mangler prisen for børn")
        login(http, "aa-super", "aarhus")
        copy = http.get(f"/console/privacy/conversations/{conversation}/export").json()
        assert (copy["turns"][0]["vote"], copy["turns"][0]["vote_comment"]) == (
            -1, "Mangler prisen for børn")
        view = http.get(f"/console/privacy/conversations/{conversation}")
        assert "Hjalp svaret?" in view.text and "Nej: Mangler prisen for børn" in view.text
