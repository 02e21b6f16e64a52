"""A citizen's thumbs up or down on one answer, with an optional comment (redacted like every
citizen text), stored on the turn (turns.vote, turns.vote_comment) for the statistics. The
rating of the whole conversation (1-3, once) is `POST .../rating` in chat.py."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from muni.privacy.redact import redact
from muni.store.conversations import ConversationRepository
from muni.texts import both
from muni.web.conversation_access import conversation_or_404
from muni.web.deps import RuntimeDep, SessionDep, TenantDep, limited
from muni.web.errors import ApiError
from muni.web.openapi import errors

router = APIRouter(prefix="/api/tenants/{tenant}", tags=["chat"])


class NewVote(BaseModel):
    vote: Literal[1, -1] = Field(description="1 = the answer helped, -1 = it did not.")
    comment: str | None = Field(default=None, max_length=2000)


class VoteOut(BaseModel):
    seq: int
    vote: int
    comment: str | None


@router.post(
    "/conversations/{conversation_id}/turns/{seq}/vote",
    response_model=VoteOut,
    dependencies=[limited("ratings")],
    responses=errors(404, 429),
)
def vote_on_answer(
    tenant: TenantDep,
    session: SessionDep,
    runtime: RuntimeDep,
    conversation_id: str,
    body: NewVote,
    seq: int = Path(ge=1, le=100_000),
) -> VoteOut:
    """Vote on one answer of the conversation (thumbs up 1 or down -1) with an optional
    comment; a new vote on the same answer replaces the last one. Counted with the ratings:
    per client IP, and at most `limit_ratings_per_conversation` votes per answer."""
    repo = ConversationRepository(session, tenant)
    row = conversation_or_404(repo, conversation_id)
    runtime.abuse_limits.check("ratings", "conversation", f"{row.id}/{seq}")
    comment = redact(body.comment).text.strip() if body.comment else None
    turn = repo.vote(row.id, seq, body.vote, comment or None)
    if turn is None:
        raise ApiError(
            404,
            "unknown_turn",
            both("vote_unknown_turn"),
        )
    session.commit()
    return VoteOut(seq=seq, vote=body.vote, comment=comment or None)
