"""The agent login cookie: agent and tenant ids with an expiry, signed with the install's key."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

COOKIE = "muni_agent"
LIFETIME = 8 * 3600


def make_token(key: bytes, agent_id: int, tenant: str, now: float | None = None) -> str:
    payload = json.dumps({"a": agent_id, "t": tenant, "e": int((now or time.time()) + LIFETIME)})
    body = base64.urlsafe_b64encode(payload.encode()).decode()
    signature = hmac.new(key, body.encode(), hashlib.sha256).hexdigest()
    return f"{body}.{signature}"


def read_token(key: bytes, token: str, now: float | None = None) -> tuple[int, str] | None:
    try:
        body, signature = token.split(".")
    except (AttributeError, ValueError):
        return None
    expected = hmac.new(key, body.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        return None
    data = json.loads(base64.urlsafe_b64decode(body.encode()))
    if data["e"] < (now or time.time()):
        return None
    return int(data["a"]), str(data["t"])
