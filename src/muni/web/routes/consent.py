"""The citizen's consent to the training corpus: the widget's tick box sets it, unticking
clears it. Off until the citizen says yes (corpus/consent.py has the sentence shown)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from muni.corpus.consent import set_consent
from muni.store.conversations import ConversationRepository
from muni.web.conversation_access import conversation_or_404
from muni.web.deps import SessionDep, TenantDep, limited
from muni.web.openapi import errors

router = APIRouter(prefix="/api/tenants/{tenant}", tags=["chat"])


class NewConsent(BaseModel):
    consent: bool = Field(
        description="true: the conversation may be kept without personal details in the "
        "training corpus for Danish language models; false: it may not (the default)."
    )


class ConsentOut(BaseModel):
    conversation_id: str
    consent: bool
    consent_at: datetime | None = None


@router.post(
    "/conversations/{conversation_id}/consent",
    response_model=ConsentOut,
    dependencies=[limited("ratings")],
    responses=errors(429),
)
def post_consent(
    tenant: TenantDep, session: SessionDep, conversation_id: str, body: NewConsent
) -> ConsentOut:
    """Say yes or no to the conversation being used, without personal details, to train
    Danish language models. No until the citizen says yes; a no later takes it out of every
    future corpus export."""
    row = conversation_or_404(ConversationRepository(session, tenant), conversation_id)
    set_consent(session, row, body.consent)
    session.commit()
    return ConsentOut(conversation_id=row.id, consent=row.corpus_consent, consent_at=row.consent_at)
