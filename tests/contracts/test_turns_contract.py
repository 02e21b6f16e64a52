"""conversations/turns.py against each database: every message that `Turns.answer` returns for
is stored, numbered in order, even when several arrive at the same moment in one conversation
(on PostgreSQL a turn is written in one statement, and a message that loses the race for a
number is written again with the next one); a message sent again with its id is answered once,
also when the copies arrive at the same moment."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from muni.answering.state import Outcome
from muni.conversations.abuse_limits import AbuseLimits
from muni.conversations.refusals import TurnRefused
from muni.conversations.turns import Turns
from muni.domain import Answer, ConversationContext, Link, Question, QuickReply, Source, Tenant
from muni.store.conversations import ConversationRepository, message_key
from muni.store.database import Database
from muni.store.handoffs import HandoffRepository
from muni.store.tenants import TenantRepository
from muni.store.usage_counters import UsageCounters
from muni.tenancy import tenant_from_dict
from muni.texts import say


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


class CountingPipeline:
    """Answers every message with its own text and the number of the pipeline call, so a test
    can tell a stored answer from a second one; with `start`, all calls wait for each other."""

    def __init__(self, start: threading.Barrier | None = None) -> None:
        self.start = start
        self.calls = 0
        self.lock = threading.Lock()

    def answer(self, tenant: Tenant, text: str, *_args, **_kwargs) -> Outcome:  # type: ignore[no-untyped-def]
        with self.lock:
            self.calls += 1
            call = self.calls
        if self.start is not None:
            self.start.wait(timeout=10)
        answer = Answer(
            text=f"svar nr. {call} på {text}", origin="curated", status="answered", topic="pas",
            sources=(Source("page", "https://a.dk/pas", "Pas", "https://a.dk/pas"),),
            quick_replies=(QuickReply("Pris", "hvad koster et pas", "pas", "pris"),),
            links=(Link("Bestil tid", "https://a.dk/tid"),), confidence=0.9,
            action="book_contact")
        return Outcome(Question(tenant=tenant, text=text), answer,
                       ConversationContext(topic="pas", question=text))


def _conversation(db: Database) -> tuple[Tenant, str]:
    with db.session() as session:
        tenant = TenantRepository(session).upsert(
            tenant_from_dict({"slug": "a", "name": "A Kommune", "municipality_code": "101"}))
    with db.session() as session:
        conversation_id = ConversationRepository(session, tenant).create().id
    return tenant, conversation_id


def _turns(db: Database, pipeline: CountingPipeline) -> Turns:
    return Turns(db, pipeline, max_chars=1000, clock=lambda: datetime.now(UTC),
                 limits=AbuseLimits(UsageCounters(db, b"k" * 32), ()))


MESSAGE_ID = "b1c4d2e9f0a3478c9d1e2f3a4b5c6d7e"


def test_a_message_sent_again_with_its_id_gets_its_stored_answer_and_no_second_turn(db: Database):
    tenant, conversation_id = _conversation(db)
    pipeline = CountingPipeline()
    turns = _turns(db, pipeline)
    first = turns.answer(tenant, conversation_id, "hvad koster et pas", message_id=MESSAGE_ID)
    again = turns.answer(tenant, conversation_id, "hvad koster et pas", message_id=MESSAGE_ID)
    assert pipeline.calls == 1
    assert not first.replayed and again.replayed
    assert again.seq == first.seq == 1
    assert again.question.text == first.question.text
    # the answer as it was sent: text, sources, buttons, links and action
    for name in ("text", "origin", "status", "topic", "sources", "quick_replies", "links",
                 "action", "language", "confidence"):
        assert getattr(again.answer, name) == getattr(first.answer, name), name
    other = turns.answer(tenant, conversation_id, "hvad koster et pas", message_id="x" * 16)
    without = turns.answer(tenant, conversation_id, "hvad koster et pas")
    assert (other.seq, without.seq) == (2, 3) and pipeline.calls == 3
    with db.session() as session:
        second_conversation = ConversationRepository(session, tenant).create().id
    elsewhere = turns.answer(tenant, second_conversation, "og et kørekort", message_id=MESSAGE_ID)
    assert not elsewhere.replayed and elsewhere.seq == 1 and pipeline.calls == 4
    with db.read() as session:
        stored = ConversationRepository(session, tenant).turns(conversation_id)
    assert [t.seq for t in stored] == [1, 2, 3]
    # the client chose the id: only its digest is kept
    assert [t.message_id for t in stored] == [message_key(MESSAGE_ID), message_key("x" * 16), None]
    assert MESSAGE_ID not in {t.message_id for t in stored}


def test_the_same_message_sent_at_the_same_moment_is_stored_once(db: Database):
    tenant, conversation_id = _conversation(db)
    copies = 4
    pipeline = CountingPipeline(threading.Barrier(copies))
    turns = _turns(db, pipeline)
    results = []
    failures: list[BaseException] = []

    def send() -> None:
        try:
            results.append(turns.answer(tenant, conversation_id, "hvornår er der åbent",
                                        message_id=MESSAGE_ID))
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=send) for _ in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert pipeline.calls == copies  # all were answered at the same moment ...
    assert len(results) == copies
    assert sum(not r.replayed for r in results) == 1  # ... and one of them was stored
    assert {r.seq for r in results} == {1}
    assert len({r.answer.text for r in results}) == 1  # every copy got the stored answer
    with db.read() as session:
        stored = ConversationRepository(session, tenant).turns(conversation_id)
    assert [(t.seq, t.answer) for t in stored] == [(1, results[0].answer.text)]


def test_a_message_answered_before_a_person_took_over_is_given_its_answer_again(db: Database):
    tenant, conversation_id = _conversation(db)
    pipeline = CountingPipeline()
    turns = _turns(db, pipeline)
    first = turns.answer(tenant, conversation_id, "jeg vil tale med en person",
                         message_id=MESSAGE_ID)
    with db.session() as session:
        HandoffRepository(session, tenant).create(conversation_id, "borgerservice", "asked")
    again = turns.answer(tenant, conversation_id, "jeg vil tale med en person",
                         message_id=MESSAGE_ID)
    assert again.replayed and again.seq == first.seq and again.answer.text == first.answer.text
    with pytest.raises(TurnRefused) as refused:  # a new message goes to the person
        turns.answer(tenant, conversation_id, "hallo?", message_id="y" * 16)
    assert refused.value.code == "in_handoff"
    assert pipeline.calls == 1


class PersonalPipeline:
    """Answers with the logged-in citizen's own data (their waste pickup at their address)."""

    def answer(self, tenant: Tenant, text: str, *_args, **_kwargs) -> Outcome:  # type: ignore[no-untyped-def]
        answer = Answer(
            text="Din restaffaldsspand på Testvej 7 bliver tømt tirsdag.", origin="curated",
            status="answered", topic="affald", personal=True,
            quick_replies=(QuickReply("Testvej 7, 8000 Aarhus C", "Testvej 7"),))
        return Outcome(Question(tenant=tenant, text=text), answer,
                       ConversationContext(topic="affald", question=text))


def test_a_personal_answer_sent_again_asks_the_citizen_to_ask_again(db: Database):
    """The citizen's own data is never stored, so the same message again cannot show it: it
    says so, in the message's language, and the stored turn keeps neither data nor address."""
    tenant, conversation_id = _conversation(db)
    turns = _turns(db, PersonalPipeline())  # type: ignore[arg-type]
    first = turns.answer(tenant, conversation_id, "hvornår tømmes min spand", message_id=MESSAGE_ID)
    again = turns.answer(tenant, conversation_id, "hvornår tømmes min spand", message_id=MESSAGE_ID)
    assert "Testvej 7" in first.answer.text and again.replayed
    assert again.answer.text == say("personal_not_shown_again", "da")
    assert again.answer.quick_replies == ()
    with db.read() as session:
        (stored,) = ConversationRepository(session, tenant).turns(conversation_id)
    assert stored.answer == say("personal_placeholder", "da")
    assert "Testvej" not in str(stored.details)
