"""Conversations and turns of one tenant. Every query filters on the tenant's id."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, exists, func, insert, select, update
from sqlalchemy.orm import Session

from muni.domain import Answer, Link, Question, QuickReply, Source, Tenant
from muni.store.handoffs import OPEN_STATES
from muni.store.tables import ConversationRow, HandoffRow, TurnRow, utcnow
from muni.texts import say


@dataclass(frozen=True)
class TurnContext:
    """What answering the next message needs to know about its conversation."""

    context: dict[str, Any] | None
    last_origin: str | None
    in_handoff: bool
    answered_seq: int | None = None  # the turn that already answered this message id


def message_key(message_id: str) -> str:
    """What is stored of a message's client-given id (turns.message_id): its digest, as the
    client chooses the id and could put anything in it."""
    return hashlib.sha256(message_id.encode()).hexdigest()[:32]


def turn_details(answer: Answer) -> dict[str, Any]:
    """What a stored turn keeps of its answer besides the text."""
    return {
        "sources": [asdict(s) for s in answer.sources],
        # a citizen's own data is shown once: its buttons (their addresses) are not kept
        "quick_replies": [] if answer.personal else [asdict(q) for q in answer.quick_replies],
        "links": [asdict(link) for link in answer.links],
        "timings": answer.timings,
        "language": answer.language,
        "action": answer.action,
        "diagnostics": answer.diagnostics,
        "sub_answer": answer.sub_answer,
        "personal": answer.personal,
    }


def stored_answer(row: TurnRow) -> Answer:
    """A stored turn's answer as it was sent. An answer with the citizen's own data was not
    kept: the citizen is asked to ask again (the same message would get the placeholder,
    though the answer may never have reached them)."""
    details = row.details or {}
    language = details.get("language", "da")
    return Answer(
        text=say("personal_not_shown_again", language) if details.get("personal") else row.answer,
        origin=row.origin,  # type: ignore[arg-type]
        status=row.status,
        topic=row.topic,
        sub_answer=details.get("sub_answer"),
        sources=tuple(Source(**s) for s in details.get("sources", [])),
        confidence=row.confidence,
        quick_replies=tuple(QuickReply(**q) for q in details.get("quick_replies", [])),
        links=tuple(Link(**link) for link in details.get("links", [])),
        language=language,
        action=details.get("action"),
        diagnostics=details.get("diagnostics") or {},
    )


# The statements every message runs, built once with parameters: building a statement costs
# ~0.5 ms of CPU a message (coercing every clause), running a built one ~0.1 ms.
_TURN_CONTEXT = select(
    ConversationRow.context,
    select(TurnRow.origin)
    .where(TurnRow.conversation_id == ConversationRow.id)
    .order_by(TurnRow.seq.desc())
    .limit(1)
    .scalar_subquery(),
    exists().where(
        HandoffRow.conversation_id == ConversationRow.id,
        HandoffRow.tenant_id == bindparam("tenant"),
        HandoffRow.status.in_(OPEN_STATES),
    ),
    # NULL without an id: matches nothing
    select(TurnRow.seq)
    .where(
        TurnRow.conversation_id == ConversationRow.id, TurnRow.message_id == bindparam("message")
    )
    .scalar_subquery(),
).where(
    ConversationRow.id == bindparam("conversation"),
    ConversationRow.tenant_id == bindparam("tenant"),
)
_CONVERSATIONS = ConversationRow.__table__
# on the table, not the mapped class: the ORM's bulk-update handling (~0.3 ms a message) has
# nothing to do here, as no conversation object is loaded in the session
_UPDATE_CONTEXT = (
    update(_CONVERSATIONS)
    .where(
        _CONVERSATIONS.c.id == bindparam("conversation"),
        _CONVERSATIONS.c.tenant_id == bindparam("tenant"),
    )
    .values(
        context=bindparam("new_context", type_=_CONVERSATIONS.c.context.type),
        updated_at=bindparam("now", type_=_CONVERSATIONS.c.updated_at.type),
        language=bindparam("new_language"),
    )
)
# the row's values go as parameters, not into the statement: the compiled statement is
# cached once instead of traversing every value per message
_INSERT_TURN = (
    insert(TurnRow.__table__)
    .values(
        # the conversation's last number + 1, read from the (conversation_id, seq) index. Only
        # the conversation is named: a condition on the tenant too let PostgreSQL, without
        # statistics on a fresh table, combine it with the tenant index and read every turn of
        # the tenant (4 ms a message at 86,000 turns; the UPDATE before has checked the tenant)
        seq=select(func.coalesce(func.max(TurnRow.seq), 0) + 1)
        .where(TurnRow.conversation_id == bindparam("of_conversation"))
        .scalar_subquery()
    )
    .returning(TurnRow.seq)
)
_TURNS = TurnRow.__table__
_TURN_FIELDS = (
    "tenant_id", "created_at", "question", "redacted_kinds", "answer", "origin", "status",
    "topic", "confidence", "details", "message_id",
)  # fmt: skip
_UPDATED = _UPDATE_CONTEXT.returning(_CONVERSATIONS.c.id).cte("updated")
# PostgreSQL: the UPDATE and the INSERT above as one statement (a data-modifying WITH), which
# is atomic by itself and needs no BEGIN and COMMIT: one round trip to the server instead of
# four. No conversation row updated, no turn. Its number is read with the statement's snapshot,
# taken before the UPDATE waited for the row lock: a message to the same conversation committed
# meanwhile makes it collide on (conversation_id, seq), and the caller retries.
_APPEND_TURN_AT_ONCE = (
    insert(_TURNS)
    .from_select(
        [*_TURN_FIELDS, "conversation_id", "seq"],
        select(
            # "turn_" names: a parameter named like a column of conversations would be taken
            # for one more SET of the UPDATE
            *(bindparam(f"turn_{name}", type_=_TURNS.c[name].type) for name in _TURN_FIELDS),
            _UPDATED.c.id,
            select(func.coalesce(func.max(_TURNS.c.seq), 0) + 1)
            .where(_TURNS.c.conversation_id == _UPDATED.c.id)
            .scalar_subquery(),
        ),
    )
    .returning(_TURNS.c.seq)
)


class ConversationRepository:
    """Reads and writes only the given tenant's conversations."""

    def __init__(self, session: Session, tenant: Tenant) -> None:
        self.session = session
        self.tenant = tenant

    def create(
        self, channel: str = "web", language: str = "da", channel_ref: str | None = None
    ) -> ConversationRow:
        row = ConversationRow(
            id=uuid.uuid4().hex,
            tenant_id=self.tenant.id,
            channel=channel,
            language=language,
            channel_ref=channel_ref,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def get(self, conversation_id: str) -> ConversationRow | None:
        return self.session.scalar(
            select(ConversationRow).where(
                ConversationRow.id == conversation_id, ConversationRow.tenant_id == self.tenant.id
            )
        )

    def turns(self, conversation_id: str) -> list[TurnRow]:
        return list(
            self.session.scalars(
                select(TurnRow)
                .where(
                    TurnRow.conversation_id == conversation_id,
                    TurnRow.tenant_id == self.tenant.id,
                )
                .order_by(TurnRow.seq)
            )
        )

    def last_turn(self, conversation_id: str) -> TurnRow | None:
        return self.session.scalar(
            select(TurnRow)
            .where(TurnRow.conversation_id == conversation_id, TurnRow.tenant_id == self.tenant.id)
            .order_by(TurnRow.seq.desc())
            .limit(1)
        )

    def turn_context(
        self, conversation_id: str, message_key: str | None = None
    ) -> TurnContext | None:
        """The conversation's context, its last answer's origin, whether a person has it and
        which turn already answered the message with this key, in one statement; None when
        the tenant has no such conversation."""
        found = self.session.execute(
            _TURN_CONTEXT,
            {"conversation": conversation_id, "tenant": self.tenant.id, "message": message_key},
        ).first()
        if found is None:
            return None
        return TurnContext(found[0], found[1], bool(found[2]), found[3])

    def answered(self, conversation_id: str, message_key: str) -> tuple[TurnRow, str | None] | None:
        """The turn that answered the message with this key, and the origin of the answer
        before it (for the handoff offer); None when no turn did."""
        row = self.session.scalar(
            select(TurnRow).where(
                TurnRow.conversation_id == conversation_id,
                TurnRow.tenant_id == self.tenant.id,
                TurnRow.message_id == message_key,
            )
        )
        if row is None:
            return None
        before = self.session.scalar(
            select(TurnRow.origin).where(
                TurnRow.conversation_id == conversation_id,
                TurnRow.tenant_id == self.tenant.id,
                TurnRow.seq == row.seq - 1,
            )
        )
        return row, before

    def append_turn(
        self,
        conversation_id: str,
        question: Question,
        answer: Answer,
        context: dict[str, Any],
        message_key: str | None = None,
    ) -> int | None:
        """Store a turn and the conversation's new context without reading the conversation
        first; the sequence number is the next one. The UPDATE comes first: on PostgreSQL it
        locks the conversation's row, on SQLite it takes the write lock at once. On PostgreSQL
        both are one statement (`_APPEND_TURN_AT_ONCE`: one round trip in a session without a
        transaction); elsewhere two. Returns the turn's number, or None when the tenant has no
        such conversation. Raises IntegrityError if a message to the same conversation took the
        number first (the caller retries), or a turn with the same `message_key` is stored."""
        conversation = {
            "conversation": conversation_id,
            "tenant": self.tenant.id,
            "new_context": context,
            "now": utcnow(),
            "new_language": answer.language,
        }
        values = self._turn_values(conversation_id, question, answer)
        values["message_id"] = message_key
        if self.session.get_bind().dialect.name == "postgresql":
            turn = {f"turn_{name}": values[name] for name in _TURN_FIELDS}
            seq = self.session.execute(_APPEND_TURN_AT_ONCE, {**conversation, **turn})
            return seq.scalar_one_or_none()
        updated = self.session.execute(_UPDATE_CONTEXT, conversation)
        if updated.rowcount == 0:  # type: ignore[attr-defined]
            return None
        values["of_conversation"] = conversation_id  # not a column's name (those are taken)
        return int(self.session.execute(_INSERT_TURN, values).scalar_one())

    def _turn_values(
        self, conversation_id: str, question: Question, answer: Answer
    ) -> dict[str, Any]:
        return {
            "tenant_id": self.tenant.id,
            "conversation_id": conversation_id,
            "created_at": utcnow(),
            "question": question.text,
            "redacted_kinds": ",".join(question.redacted_kinds),
            # an answer with the citizen's own data is shown once and never stored
            "answer": say("personal_placeholder", answer.language)
            if answer.personal
            else answer.text,
            "origin": answer.origin,
            "status": answer.status,
            "topic": answer.topic,
            "confidence": answer.confidence,
            "details": turn_details(answer),
        }

    def add_turn(
        self, conversation: ConversationRow, question: Question, answer: Answer
    ) -> TurnRow:
        seq = (
            self.session.scalar(
                select(func.max(TurnRow.seq)).where(
                    TurnRow.conversation_id == conversation.id, TurnRow.tenant_id == self.tenant.id
                )
            )
            or 0
        ) + 1
        details = turn_details(answer)
        row = TurnRow(
            tenant_id=self.tenant.id,
            conversation_id=conversation.id,
            seq=seq,
            question=question.text,
            redacted_kinds=",".join(question.redacted_kinds),
            answer=answer.text,
            origin=answer.origin,
            status=answer.status,
            topic=answer.topic,
            confidence=answer.confidence,
            details=details,
        )
        conversation.updated_at = utcnow()
        conversation.language = answer.language
        self.session.add(row)
        self.session.flush()
        return row

    def turns_since(self, conversation_id: str, since: datetime) -> int:
        return int(
            self.session.scalar(
                select(func.count(TurnRow.id)).where(
                    TurnRow.conversation_id == conversation_id,
                    TurnRow.tenant_id == self.tenant.id,
                    TurnRow.created_at >= since,
                )
            )
            or 0
        )

    def vote(
        self, conversation_id: str, seq: int, vote: int, comment: str | None
    ) -> TurnRow | None:
        """The citizen's vote (+1/-1) and comment on one answer; a new vote replaces the last.
        None when the conversation has no such turn (in this tenant)."""
        row = self.session.scalar(
            select(TurnRow).where(
                TurnRow.conversation_id == conversation_id,
                TurnRow.tenant_id == self.tenant.id,
                TurnRow.seq == seq,
            )
        )
        if row is not None:
            row.vote = vote
            row.vote_comment = comment
            self.session.flush()
        return row

    def rate(self, conversation: ConversationRow, rating: int, comment: str | None) -> None:
        conversation.rating = rating
        conversation.rating_comment = comment
        conversation.rated_at = utcnow()
        self.session.flush()
