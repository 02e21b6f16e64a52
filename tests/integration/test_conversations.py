"""Answering a turn (`Turns`): limits, context kept in the database so that any worker can
serve the next message, fact disagreements and guard events stored with the turn."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from muni.conversations.refusals import TurnRefused
from muni.store.conversations import ConversationRepository
from muni.store.disagreements import DisagreementRepository
from muni.store.guard_events import GuardEventRepository
from muni.store.tables import GuardEventRow
from muni.store.tenants import TenantRepository
from muni.web.app import create_app
from tests.conftest import LiveServer


@pytest.fixture(scope="module")
def tenants(runtime):
    with runtime.db.session() as session:
        return {t.slug: t for t in TenantRepository(session).all()}


def new_conversation(runtime, tenant) -> str:
    with runtime.db.session() as session:
        return ConversationRepository(session, tenant).create().id


def test_limits_are_checked_before_any_work(runtime, tenants):
    turns = runtime.turns
    with pytest.raises(TurnRefused) as too_long:
        turns.answer(tenants["aarhus"], "nope", "x" * 5000)
    assert too_long.value.status == 413
    with pytest.raises(TurnRefused) as unknown:
        turns.answer(tenants["aarhus"], "findes-ikke", "hej")
    assert unknown.value.status == 404
    other = new_conversation(runtime, tenants["odense"])
    with pytest.raises(TurnRefused):  # another tenant's conversation does not exist here
        turns.answer(tenants["aarhus"], other, "hej")


def test_context_is_stored_and_the_next_worker_uses_it(runtime, settings, tenants):
    """Two separate app instances (as two server processes would be) share one database:
    the follow-up sent to the second is understood from the first's context."""
    from muni.runtime import Runtime

    second = Runtime.start(settings)
    try:
        with LiveServer(create_app(runtime=runtime)) as one, \
                LiveServer(create_app(runtime=second)) as two, \
                httpx.Client(timeout=60) as http:
            conversation = http.post(f"{one.url}/api/tenants/vejle/conversations",
                                     json={}).json()["id"]
            path = f"/api/tenants/vejle/conversations/{conversation}/messages"
            first = http.post(one.url + path, json={"text": "jeg skal have nyt pas"}).json()
            follow = http.post(two.url + path, json={"text": "hvad koster det"}).json()
            third = http.post(one.url + path, json={"text": "og for børn?"}).json()
        assert first["answer"]["topic"] == "pas"
        assert follow["answer"]["topic"] == "pas" and "893 kr." in follow["answer"]["text"]
        assert follow["answer"]["sub_answer"] == "pris"
        assert third["answer"]["topic"] == "pas"
        with runtime.db.session() as session:
            row = ConversationRepository(session, tenants["vejle"]).get(conversation)
            assert row.context["topic"] == "pas" and row.context["asks"] == ["amount"]
    finally:
        second.close()


def test_a_quick_reply_to_a_sub_answer_over_http(client):
    conversation = client.post("/api/tenants/aarhus/conversations", json={}).json()["id"]
    reply = client.post(f"/api/tenants/aarhus/conversations/{conversation}/messages",
                        json={"text": "Hvad koster et pas?", "topic": "pas", "sub": "pris"})
    answer = reply.json()["answer"]
    assert answer["topic"] == "pas" and answer["sub_answer"] == "pris"
    stored = client.get(f"/api/tenants/aarhus/conversations/{conversation}").json()
    assert stored["turns"][0]["answer"]["sub_answer"] == "pris"


def test_guard_events_are_stored_with_the_redacted_text(runtime, tenants):
    tenant = tenants["odense"]
    conversation = new_conversation(runtime, tenant)
    runtime.turns.answer(tenant, conversation, "min mor er faldet og bløder fra hovedet, hun "
                                               "svarer ikke. mit cpr er 010190-1234")
    with runtime.db.session() as session:
        rows = session.scalars(select(GuardEventRow).where(
            GuardEventRow.conversation_id == conversation)).all()
        assert [(r.kind, r.tenant_id) for r in rows] == [("emergency", tenant.id)]
        assert "010190" not in rows[0].text and "[CPR]" in rows[0].text
        assert GuardEventRepository(session, tenant).counts()["emergency"] >= 1


@pytest.mark.slow
def test_the_page_wins_a_local_fact_and_the_disagreement_is_recorded(runtime, tenants, crawled):
    """Aarhus's curated opening hours say 7-17 in winter; its own page says 8-17."""
    tenant = tenants["aarhus"]
    conversation = new_conversation(runtime, tenant)
    result = runtime.turns.answer(tenant, conversation,
                                  "hvornår har genbrugspladsen åbent i januar")
    answer = result.answer
    assert answer.topic == "genbrugsplads"
    assert answer.text.startswith("På Aarhus Kommunes hjemmeside står der: «")
    assert "8-17" in answer.text and "7-17" not in answer.text
    assert any(s.url and s.url.endswith("/genbrugspladser") for s in answer.sources)
    with runtime.db.session() as session:
        rows = DisagreementRepository(session, tenant).all()
        assert any(r.variable == "genbrugsplads_aabningstider" and "8-17" in r.page_value
                   for r in rows)
