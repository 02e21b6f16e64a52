"""The citizen's yes or no to the training corpus: the sentence the widget shows (also quoted
in the dataset card) and setting the answer on a conversation of one tenant."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from muni.store.tables import ConversationRow, utcnow
from muni.texts import da, en

# what the citizen ticks (off by default); one plain sentence, Danish and English
CONSENT_TEXT = {"da": da.CONSENT, "en": en.CONSENT}


def set_consent(
    session: Session, row: ConversationRow, consent: bool, now: datetime | None = None
) -> ConversationRow:
    """Store the citizen's answer; a no clears the time of an earlier yes."""
    row.corpus_consent = consent
    row.consent_at = (now or utcnow()) if consent else None
    session.flush()
    return row
