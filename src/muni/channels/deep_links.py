"""Signed deep links that start a conversation on a topic (printed as QR codes in letters).

The signature (HMAC-SHA256 over tenant, topic and letter reference) proves that muni made the
link; a changed tenant, topic or reference is refused."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from urllib.parse import quote, urlencode

REF_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


class DeepLinkError(ValueError):
    """The link is malformed or its signature does not match."""


def _signature(key: bytes, tenant: str, topic: str, ref: str) -> str:
    message = f"{tenant}\n{topic}\n{ref}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()[:18]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def check_ref(ref: str) -> str:
    """Letter references are short codes, never personal data such as a CPR number."""
    if ref and not REF_PATTERN.match(ref):
        raise DeepLinkError(
            "the reference may only hold letters, digits, '.', '-' and '_' (at most 64)"
        )
    if re.fullmatch(r"\d{10}|\d{6}-\d{4}", ref):
        raise DeepLinkError("the reference looks like a CPR number")
    return ref


def deep_link(base_url: str, key: bytes, tenant: str, topic: str, ref: str = "") -> str:
    check_ref(ref)
    query = (
        {"ref": ref, "sig": _signature(key, tenant, topic, ref)}
        if ref
        else {"sig": _signature(key, tenant, topic, "")}
    )
    return f"{base_url.rstrip('/')}/q/{quote(tenant)}/{quote(topic)}?{urlencode(query)}"


def verify(key: bytes, tenant: str, topic: str, ref: str, signature: str) -> None:
    check_ref(ref)
    expected = _signature(key, tenant, topic, ref)
    if not hmac.compare_digest(expected, signature or ""):
        raise DeepLinkError("the link's signature does not match")
