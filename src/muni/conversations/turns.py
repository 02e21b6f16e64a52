"""Answer one citizen message in its conversation: the one function every channel calls
(the JSON and streaming chat API, QR links, and the phone and voice channels to come).

    limits (length, rate, open handoff) ─► the conversation's context ─► pipeline
    ─► store the turn, the new context and any fact disagreements (retried on a race)
    ─► whether to offer a person

A message may come with an id its client chose (the widget gives every message one). The same
id in the same conversation is answered once: sent again after a busy server, a lost response
or "Prøv igen", it gets the stored turn back, also when both arrive at the same moment.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from muni.answering.pipeline import Pipeline
from muni.answering.state import TurnExtras
from muni.conversations.abuse_limits import AbuseLimits, Counted
from muni.conversations.refusals import TurnRefused, unknown_conversation
from muni.domain import Answer, ConversationContext, Question, Tenant
from muni.handoff.offer import handoff_offer
from muni.operations import metrics
from muni.store.conversations import (
    ConversationRepository,
    TurnContext,
    message_key,
    stored_answer,
)
from muni.store.database import Database
from muni.store.disagreements import DisagreementRepository
from muni.store.guard_events import GuardEventRepository, guard_kind


@dataclass(frozen=True)
class TurnStart:
    """A message that passed the limits, with what its conversation knows so far."""

    tenant: Tenant
    conversation_id: str
    text: str
    context: ConversationContext
    last_origin: str | None
    extras: TurnExtras = TurnExtras()
    message_key: str | None = None  # the digest of the client's id for the message, if any
    answered_seq: int | None = None  # the turn that already answered it: nothing to do


@dataclass(frozen=True)
class TurnResult:
    conversation_id: str
    seq: int
    question: Question
    answer: Answer
    handoff: dict[str, bool] | None
    replayed: bool = False  # the message id had been answered: the stored turn, not a new one


class Turns:
    """Answers turns of any tenant's conversations; the tenant is passed with every call."""

    def __init__(
        self,
        db: Database,
        pipeline: Pipeline,
        max_chars: int,
        clock: Callable[[], datetime],
        limits: AbuseLimits,
        attempts: int = 8,
    ) -> None:
        self.db = db
        self.pipeline = pipeline
        self.max_chars = max_chars
        self.clock = clock
        self.limits = limits
        self.attempts = attempts

    def answer(
        self,
        tenant: Tenant,
        conversation_id: str,
        text: str,
        topic: str | None = None,
        sub: str | None = None,
        on_token: Callable[[str], None] | None = None,
        extras: TurnExtras | None = None,
        client_ip: str | None = None,
        message_id: str | None = None,
    ) -> TurnResult:
        """Check, answer and store one message (raises TurnRefused when it is not taken).
        `client_ip`, when the channel knows it, is counted against the messages per IP;
        `message_id`, the client's id for the message, makes sending it again safe."""
        start = self.begin(tenant, conversation_id, text, extras, client_ip, message_id)
        return self.finish(start, topic, sub, on_token)

    def begin(
        self,
        tenant: Tenant,
        conversation_id: str,
        text: str,
        extras: TurnExtras | None = None,
        client_ip: str | None = None,
        message_id: str | None = None,
    ) -> TurnStart:
        """The checks before any work: length, rate, the conversation, an open handoff (a
        message that was answered already is given its answer again, even in a handoff)."""
        if len(text) > self.max_chars:
            raise TurnRefused(
                413,
                "message_too_long",
                f"Beskeden er for lang (højst {self.max_chars} tegn). "
                f"/ The message is too long (at most {self.max_chars} characters).",
            )
        key = None if message_id is None else message_key(message_id)
        found = self._before(tenant, conversation_id[:64], client_ip, key)
        return TurnStart(
            tenant,
            conversation_id[:64],
            text,
            ConversationContext.from_dict(found.context),
            found.last_origin,
            extras or TurnExtras(),
            key,
            found.answered_seq,
        )

    def finish(
        self,
        start: TurnStart,
        topic: str | None = None,
        sub: str | None = None,
        on_token: Callable[[str], None] | None = None,
    ) -> TurnResult:
        """Answer a message that passed `begin`, store it, and decide on a handoff offer."""
        tenant = start.tenant
        if start.answered_seq is not None:
            return self._replay(start)
        outcome = self.pipeline.answer(
            tenant, start.text, topic, sub, start.context, on_token, start.extras
        )
        seq = self._store(
            tenant,
            start.conversation_id,
            outcome.question,
            outcome.answer,
            outcome.context,
            outcome.safety_source,
            start.message_key,
        )
        if seq is None:  # the same message, sent again, was stored first: its answer stands
            return self._replay(start)
        answer = outcome.answer
        metrics.observe_answer(answer.timings, answer.origin, answer.status, guard_kind(answer))
        offer = handoff_offer(self.clock(), tenant, outcome.answer, start.last_origin)
        return TurnResult(start.conversation_id, seq, outcome.question, outcome.answer, offer)

    def _replay(self, start: TurnStart) -> TurnResult:
        """The stored turn of a message sent again, as it was answered the first time."""
        assert start.message_key is not None
        with self.db.read() as session:
            repo = ConversationRepository(session, start.tenant)
            found = repo.answered(start.conversation_id, start.message_key)
        if found is None:  # the conversation was deleted in between
            raise unknown_conversation()
        row, origin_before = found
        metrics.observe_replay()
        answer = stored_answer(row)
        question = Question(
            tenant=start.tenant,
            text=row.question,
            language=answer.language,
            redacted_kinds=tuple(k for k in row.redacted_kinds.split(",") if k),
        )
        offer = handoff_offer(self.clock(), start.tenant, answer, origin_before)
        return TurnResult(start.conversation_id, row.seq, question, answer, offer, replayed=True)

    def _before(
        self, tenant: Tenant, conversation_id: str, client_ip: str | None, key: str | None
    ) -> TurnContext:
        """Check the limits and read the context: one counter statement (the client IP and
        the conversation, counted atomically: concurrent messages cannot all see "29 of 30")
        and one read, each its own short transaction; no connection is held while answering.
        Counted first, so a flood of unknown conversation ids counts against its IP too."""
        counted = [Counted("messages", "conversation", conversation_id)]
        if client_ip is not None:
            counted.insert(0, Counted("messages", "ip", client_ip))
        self.limits.check_all(counted)
        with self.db.read() as session:
            found = ConversationRepository(session, tenant).turn_context(conversation_id, key)
        if found is None:
            raise unknown_conversation()
        if found.in_handoff and found.answered_seq is None:
            raise TurnRefused(
                409,
                "in_handoff",
                "Du skriver med en medarbejder nu. / You are chatting with a person now.",
            )
        return found

    def _store(
        self,
        tenant: Tenant,
        conversation_id: str,
        question: Question,
        answer: Answer,
        context: ConversationContext,
        safety_source: str = "input",
        key: str | None = None,
    ) -> int | None:
        """Append the turn and commit before answering; a concurrent message to the same
        conversation may take the same sequence number first, so try again with the next.
        None when the same message (its `key`) was stored by a request sent at the same time."""
        alone = not self.db.is_sqlite and not answer.conflicts and guard_kind(answer) is None
        for attempt in range(self.attempts):
            try:
                if alone:  # PostgreSQL, nothing else to store: one atomic statement, committed
                    with self.db.single_statement() as session:  # before the answer is sent
                        repo = ConversationRepository(session, tenant)
                        seq = repo.append_turn(
                            conversation_id, question, answer, context.as_dict(), key
                        )
                    if seq is None:
                        raise unknown_conversation()
                    return seq
                # one transaction: UPDATE the conversation, INSERT the turn (and a guard event
                # or disagreement when there is one), COMMIT; only then is the answer sent
                with self.db.session() as session:
                    session.connection()  # check out before waiting for the writer lock
                    with self.db.writer():
                        repo = ConversationRepository(session, tenant)
                        seq = repo.append_turn(
                            conversation_id, question, answer, context.as_dict(), key
                        )
                        if seq is None:
                            raise unknown_conversation()
                        disagreements = DisagreementRepository(session, tenant)
                        for conflict in answer.conflicts:
                            disagreements.record(conflict)
                        GuardEventRepository(session, tenant).record(
                            conversation_id, question, answer, safety_source
                        )
                        session.commit()
                    return seq
            except IntegrityError:
                if key is not None and self._answered(tenant, conversation_id, key):
                    return None
                # a message sent at the same moment took this sequence number: try again
                # after a short random pause, so the racers do not collide again in step
                time.sleep(random.uniform(0, 0.01 * (attempt + 1)))
                if attempt == self.attempts - 1:
                    raise TurnRefused(
                        409,
                        "conflict",
                        "Beskeden kunne ikke gemmes. Prøv igen. / "
                        "The message could not be saved; please retry.",
                    ) from None
        raise AssertionError("unreachable")

    def _answered(self, tenant: Tenant, conversation_id: str, key: str) -> bool:
        with self.db.read() as session:
            found = ConversationRepository(session, tenant).turn_context(conversation_id, key)
        return found is not None and found.answered_seq is not None
