"""The id of the request being answered, for log lines written anywhere below it.

Set by the request log middleware; copied into the threads that run sync routes (Starlette
copies context variables into its thread pool)."""

from __future__ import annotations

import re
import secrets
from contextvars import ContextVar

REQUEST_ID: ContextVar[str | None] = ContextVar("muni_request_id", default=None)
_ACCEPTED = re.compile(r"[A-Za-z0-9._-]{8,64}")


def request_id_from(header: str | None) -> str:
    """A load balancer's id when it looks like one (so logs join up), else a new one."""
    if header and _ACCEPTED.fullmatch(header):
        return header
    return secrets.token_hex(8)
