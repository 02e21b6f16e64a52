"""Personal data a conversation must remember but the database must not be able to read
(the address given for waste pickups, the addresses offered as choices): sealed with a key
derived from the installation's signing key (Fernet: AES-128-CBC + HMAC-SHA256). A sealed
value that was tampered with, or sealed under another key, opens as None."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken


def _fernet(key: bytes) -> Fernet:
    derived = hashlib.sha256(b"muni sealed context\x00" + key).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def seal(key: bytes, data: Any) -> str:
    """`data` (anything JSON can hold) as an opaque string."""
    return _fernet(key).encrypt(json.dumps(data, ensure_ascii=False).encode()).decode()


def unseal(key: bytes, sealed: object) -> Any | None:
    """What `seal` sealed, or None when `sealed` is not a value sealed under this key."""
    if not isinstance(sealed, str) or not sealed:
        return None
    try:
        return json.loads(_fernet(key).decrypt(sealed.encode()))
    except (InvalidToken, ValueError):
        return None
