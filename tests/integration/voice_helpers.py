"""Helpers for the voice and phone tests: a tenant's `connectors:` setup for a while."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select

from muni.store.tables import TenantRow


@contextmanager
def tenant_connectors(runtime: Any, slug: str, **connectors: Any) -> Iterator[None]:
    """The tenant's `connectors:` section gets these entries for the duration (read afresh
    on every request, so a running server sees them at once)."""
    with runtime.db.session() as session:
        row = session.scalar(select(TenantRow).where(TenantRow.slug == slug))
        saved = dict(row.config)
        row.config = {**saved, "connectors": {**saved.get("connectors", {}), **connectors}}
        session.commit()
    try:
        yield
    finally:
        with runtime.db.session() as session:
            session.scalar(select(TenantRow).where(TenantRow.slug == slug)).config = saved
            session.commit()


def speech_setup(url: str, audio_format: str = "mp3") -> dict[str, dict[str, str]]:
    """Both directions through one OpenAI-compatible speech server at `url`."""
    return {
        "speech_to_text": {"kind": "openai", "url": url, "model": "whisper-large-v3"},
        "text_to_speech": {
            "kind": "openai",
            "url": url,
            "model": "piper-da",
            "voice": "da_DK-talesyntese",
            "format": audio_format,
        },
    }
