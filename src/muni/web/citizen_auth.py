"""The logged-in citizen of a request (MitID through the login broker): the citizen cookie
decrypted and its session checked (live, not ended, not expired, this tenant). The Citizen
(with name and CPR number from the cookie) exists for this request only.

`may_read` guards the routes that show a conversation: a conversation linked to a citizen
(conversations.citizen_subject) is shown only with that citizen's live session."""

from __future__ import annotations

from datetime import UTC
from typing import Annotated

import anyio
from fastapi import Depends, Request

from muni.channels.signing import signing_key
from muni.connectors.values import Citizen
from muni.identity.citizen_login import SESSION_COOKIE, SessionCheck, check_session
from muni.store.tables import ConversationRow
from muni.web.deps import RuntimeDep, TenantDep


async def current_citizen(
    request: Request, tenant: TenantDep, runtime: RuntimeDep
) -> Citizen | None:
    """The citizen logged in to this tenant in this browser, or None. A session that ran
    out sets `request.state.citizen_login_expired` (the answer then says so). Without the
    cookie (most requests) this is decided on the event loop; with it, the session is read
    on a thread."""
    sealed = request.cookies.get(SESSION_COOKIE)
    if not sealed:
        return None

    def read() -> SessionCheck:
        with runtime.db.read() as session:
            return check_session(
                session,
                tenant,
                signing_key(runtime.settings),
                sealed,
                runtime.clock().astimezone(UTC),
            )

    found = await anyio.to_thread.run_sync(read)
    request.state.citizen_login_expired = found.expired
    request.state.citizen_expires_at = found.expires_at
    return found.citizen


CitizenDep = Annotated[Citizen | None, Depends(current_citizen)]


def may_read(conversation: ConversationRow, citizen: Citizen | None) -> bool:
    """A conversation a citizen logged in to is theirs alone."""
    if conversation.citizen_subject is None:
        return True
    return citizen is not None and citizen.pseudonym == conversation.citizen_subject
