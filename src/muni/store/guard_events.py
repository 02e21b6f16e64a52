"""Guard events of one tenant: which safety classes and input checks fired, and how often."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from muni.domain import Answer, Question, Tenant
from muni.store.tables import GuardEventRow


def guard_kind(answer: Answer) -> str | None:
    """The safety class, or the input check, that fired on this answer's question."""
    if answer.safety:
        return answer.safety
    if answer.status.startswith("guard_"):
        return answer.status.removeprefix("guard_")
    return None


class GuardEventRepository:
    def __init__(self, session: Session, tenant: Tenant) -> None:
        self.session = session
        self.tenant = tenant

    def record(
        self, conversation_id: str, question: Question, answer: Answer, source: str
    ) -> GuardEventRow | None:
        kind = guard_kind(answer)
        if kind is None:
            return None
        row = GuardEventRow(
            tenant_id=self.tenant.id,
            conversation_id=conversation_id,
            kind=kind,
            source=source,
            score=answer.confidence if answer.origin == "guard" else None,
            answered=answer.origin != "guard",
            text=question.text,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def counts(self) -> dict[str, int]:
        rows = self.session.execute(
            select(GuardEventRow.kind, func.count(GuardEventRow.id))
            .where(GuardEventRow.tenant_id == self.tenant.id)
            .group_by(GuardEventRow.kind)
        )
        return {kind: int(n) for kind, n in rows}
