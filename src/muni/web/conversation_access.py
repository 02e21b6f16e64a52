"""Finding the conversation a request names, for every route that takes a conversation id:
404 for an unknown id, another tenant's conversation (the repository is the tenant's), or one a
citizen logged in to when this request does not carry that citizen's login."""

from __future__ import annotations

from muni.connectors.values import Citizen
from muni.store.conversations import ConversationRepository
from muni.store.tables import ConversationRow
from muni.web.citizen_auth import may_read
from muni.web.errors import ApiError


def not_found() -> ApiError:
    return ApiError(404, "unknown_conversation", "Samtalen findes ikke. / Unknown conversation.")


def conversation_or_404(repo: ConversationRepository, conversation_id: str) -> ConversationRow:
    row = repo.get(conversation_id[:64])
    if row is None:
        raise not_found()
    return row


def readable_or_404(
    repo: ConversationRepository, conversation_id: str, citizen: Citizen | None
) -> ConversationRow:
    """The conversation, if this request may read it: one a citizen logged in to only with
    that citizen's live login session."""
    row = conversation_or_404(repo, conversation_id)
    if not may_read(row, citizen):
        raise not_found()
    return row
