"""The phone channel: a contact centre's telephony platform recognises what the caller says
(or which key they press) and asks muni what to say back. One call is one conversation
(channel "phone"); each recognised sentence is answered by the normal turn (checks,
redaction, storage), exactly like a typed question. The reply is speakable text and a
keypad menu made from the answer's quick replies (1-9), 0 for a person, # to hang up.

The call id is kept only as a keyed hash (conversations.channel_ref, HMAC with the
installation's signing key), so a platform's id that holds a phone number is never stored
and cannot be found again by hashing every number."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from muni.answering.state import TurnExtras
from muni.channels.signing import signing_key
from muni.conversations.turns import TurnResult
from muni.domain import Tenant
from muni.runtime import Runtime
from muni.store.conversations import ConversationRepository
from muni.store.tables import ConversationRow, TurnRow
from muni.texts import say
from muni.voice.speakable import speakable

MAX_OPTIONS = 9
PERSON, HANG_UP = "0", "#"


@dataclass(frozen=True)
class PhoneReply:
    speak: str
    options: list[dict[str, str]] = field(default_factory=list)
    handoff: bool = False
    end: bool = False
    conversation_id: str = ""


def call_ref(key: bytes, call_id: str) -> str:
    """What is stored for a call id: a keyed hash. The id may hold the caller's number, and a
    plain hash of an 8-digit number is reversed by trying them all in seconds."""
    mac = hmac.new(key, b"phone-call\n" + call_id.encode("utf-8"), hashlib.sha256)
    return "call:" + mac.hexdigest()[:40]


def _lang(value: str | None) -> str:
    return "en" if value == "en" else "da"


class PhoneCalls:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def conversation(self, tenant: Tenant, call_id: str) -> tuple[str, bool]:
        """The call's conversation id, and whether it was started now."""
        ref = call_ref(signing_key(self.runtime.settings), call_id)
        with self.runtime.db.session() as session:
            found = session.scalar(
                select(ConversationRow.id).where(
                    ConversationRow.tenant_id == tenant.id,
                    ConversationRow.channel == "phone",
                    ConversationRow.channel_ref == ref,
                )
            )
            if found is not None:
                return found, False
            row = ConversationRepository(session, tenant).create(channel="phone", channel_ref=ref)
            session.commit()
            return row.id, True

    def _last(self, tenant: Tenant, conversation_id: str) -> TurnRow | None:
        with self.runtime.db.read() as session:
            return session.scalar(
                select(TurnRow)
                .where(TurnRow.tenant_id == tenant.id, TurnRow.conversation_id == conversation_id)
                .order_by(TurnRow.seq.desc())
                .limit(1)
            )

    @staticmethod
    def choices(quick_replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The quick replies a caller can press 1-9 for; "Tal med en medarbejder" is 0."""
        person = {say("phone_person", lang).casefold() for lang in ("da", "en")}
        return [
            q
            for q in quick_replies
            if str(q.get("label") or q.get("message") or "").strip().casefold() not in person
        ][:MAX_OPTIONS]

    def menu(self, quick_replies: list[dict[str, Any]], language: str) -> list[dict[str, str]]:
        options = [
            {"digit": str(i), "label": str(q.get("label") or q.get("message") or "")}
            for i, q in enumerate(self.choices(quick_replies), start=1)
        ]
        return [*options, {"digit": PERSON, "label": say("phone_person", language)}]

    def _say_menu(self, options: list[dict[str, str]], language: str) -> str:
        """ "Hvor skal spanden stå? Tryk 1. Tal med en medarbejder. Tryk 0." """
        said = []
        for option in options:
            label = option["label"].strip()
            label = label if label.endswith(("?", "!", ".")) else f"{label}."
            said.append(f"{label} {say('phone_press', language, digit=option['digit'])}")
        return " ".join(said)

    def greeting(self, tenant: Tenant, conversation_id: str, language: str) -> PhoneReply:
        name = self.runtime.book.values(tenant).get("kommune_navn", tenant.name)
        return PhoneReply(
            say("phone_greeting", language, name=name),
            self.menu([], language),
            conversation_id=conversation_id,
        )

    def answer(
        self, tenant: Tenant, call_id: str, text: str | None, digits: str | None, language: str
    ) -> PhoneReply:
        conversation_id, new = self.conversation(tenant, call_id)
        language = _lang(language)
        if digits:
            return self._pressed(tenant, conversation_id, digits[0], language)
        if not (text or "").strip():
            if new:
                return self.greeting(tenant, conversation_id, language)
            return PhoneReply(
                say("phone_not_heard", language),
                self.menu([], language),
                conversation_id=conversation_id,
            )
        result = self.runtime.turns.answer(tenant, conversation_id, text.strip(), extras=None)
        return self._reply(result)

    def _pressed(
        self, tenant: Tenant, conversation_id: str, digit: str, language: str
    ) -> PhoneReply:
        last = self._last(tenant, conversation_id)
        if last is not None:
            language = _lang((last.details or {}).get("language"))
        replies = self.choices(
            list((last.details or {}).get("quick_replies") or []) if last else []
        )
        if digit == PERSON:
            return PhoneReply(
                say("phone_transfer", language), handoff=True, conversation_id=conversation_id
            )
        if digit == HANG_UP:
            return PhoneReply(
                say("phone_goodbye", language), end=True, conversation_id=conversation_id
            )
        index = int(digit) - 1 if digit.isdigit() else -1
        if not 0 <= index < len(replies):
            options = self.menu(replies, language)
            return PhoneReply(
                f"{say('phone_unknown_digit', language)} {self._say_menu(options, language)}",
                options,
                conversation_id=conversation_id,
            )
        chosen = replies[index]
        result = self.runtime.turns.answer(
            tenant,
            conversation_id,
            str(chosen.get("message") or chosen.get("label")),
            chosen.get("topic"),
            chosen.get("sub"),
            extras=TurnExtras(flow=chosen.get("flow")),
        )
        return self._reply(result)

    def _reply(self, result: TurnResult) -> PhoneReply:
        answer = result.answer
        language = answer.language
        if answer.action == "handoff":
            return PhoneReply(
                " ".join((speakable(answer.text), say("phone_transfer", language))),
                handoff=True,
                conversation_id=result.conversation_id,
            )
        replies = [{"label": q.label, "message": q.message} for q in answer.quick_replies]
        options = self.menu(replies, language)
        spoken = f"{speakable(answer.text)} {self._say_menu(options, language)}"
        return PhoneReply(spoken.strip(), options, conversation_id=result.conversation_id)

    def failed(self, language: str) -> PhoneReply:
        """Something broke on muni's side: the caller goes to a person, never into silence."""
        return PhoneReply(say("phone_error", _lang(language)), handoff=True)
