"""conversations/turns.py against each database: every message that `Turns.answer` returns for
is stored, numbered in order, even when several arrive at the same moment in one conversation
(on PostgreSQL a turn is written in one statement, and a message that loses the race for a
number is written again with the next one)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from muni.answering.state import Outcome
from muni.conversations.abuse_limits import AbuseLimits
from muni.conversations.turns import Turns
from muni.domain import Answer, ConversationContext, Question, Source, Tenant
from muni.store.conversations import ConversationRepository
from muni.store.database import Database
from muni.store.tenants import TenantRepository
from muni.store.usage_counters import UsageCounters
from muni.tenancy import tenant_from_dict


class EchoPipeline:
    """Stands in for the answer pipeline, which this test is not about: answers every message
    with its own text, after a short wait so that the messages overlap in the database."""

    def __init__(self, start: threading.Barrier) -> None:
        self.start = start

    def answer(self, tenant: Tenant, text: str, *_args, **_kwargs) -> Outcome:  # type: ignore[no-untyped-def]
        self.start.wait(timeout=10)  # all messages answered, then all stored at once
        answer = Answer(text=f"svar på {text}", origin="curated", status="answered",
                        topic="pas", sources=(Source("curated", "pas"),), confidence=0.9)
        return Outcome(Question(tenant=tenant, text=text), answer,
                       ConversationContext(topic="pas", question=text))


def test_messages_sent_at_the_same_moment_are_all_stored_in_order(db: Database):
    with db.session() as session:
        tenant = TenantRepository(session).upsert(
            tenant_from_dict({"slug": "a", "name": "A Kommune", "municipality_code": "101"}))
    with db.session() as session:
        conversation_id = ConversationRepository(session, tenant).create().id
    messages = 8
    turns = Turns(db, EchoPipeline(threading.Barrier(messages)), max_chars=1000,
                  clock=lambda: datetime.now(UTC),
                  limits=AbuseLimits(UsageCounters(db, b"k" * 32), ()))
    numbers: dict[str, int] = {}
    failures: list[BaseException] = []

    def send(text: str) -> None:
        try:
            numbers[text] = turns.answer(tenant, conversation_id, text).seq
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=send, args=(f"besked {i}",)) for i in range(messages)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert sorted(numbers.values()) == list(range(1, messages + 1))
    with db.read() as session:
        stored = ConversationRepository(session, tenant).turns(conversation_id)
    assert {(t.seq, t.question) for t in stored} == {(n, text) for text, n in numbers.items()}
    assert all(t.answer == f"svar på {t.question}" for t in stored)
