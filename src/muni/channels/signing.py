"""The installation's signing key (MUNI_SECRET_KEY, or a random key kept in the data dir),
and values signed with it (login states carried through an identity provider)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from typing import Any

from muni.config import Settings


def signing_key(settings: Settings) -> bytes:
    if settings.secret_key:
        return settings.secret_key.encode()
    path = settings.data_dir / "secret.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(32))
    return path.read_text().strip().encode()


def sign(key: bytes, purpose: str, data: dict[str, Any]) -> str:
    """`data` as "<base64 JSON>.<HMAC>", readable by anyone, changeable by nobody without the
    key; `purpose` keeps a value signed for one use from being accepted for another."""
    body = base64.urlsafe_b64encode(json.dumps(data).encode()).decode()
    return f"{body}.{_mac(key, purpose, body)}"


def verify(key: bytes, purpose: str, signed: str) -> dict[str, Any] | None:
    """What `sign` signed for this purpose, or None when it was changed or is not one."""
    body, _, mac = signed.rpartition(".")
    if not body or not hmac.compare_digest(mac, _mac(key, purpose, body)):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(body))
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _mac(key: bytes, purpose: str, body: str) -> str:
    return hmac.new(key, f"{purpose}\x00{body}".encode(), hashlib.sha256).hexdigest()
