"""The content pack in the database: shared topics, phrasings, and tenants' local overrides."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from muni.content.loader import topic_from_dict, topic_to_dict
from muni.content.model import ContentPack, TopicContent, TopicInfo
from muni.domain import Tenant
from muni.nlu.classifier import OUT_OF_SCOPE, TRAINING_PINS
from muni.store.tables import (
    ContentMetaRow,
    ContentOverrideRow,
    ContentTopicRow,
    PhrasingRow,
    utcnow,
)


def pack_fingerprint(pack: ContentPack) -> str:
    """A hash of everything the classifiers learn from; a changed pack needs retraining."""
    texts, labels = pack.training_examples()
    pins = {name: pack.thresholds[name] for name in TRAINING_PINS if name in pack.thresholds}
    parts: list[object] = [texts, labels, pack.sub_answer_labels()] + ([pins] if pins else [])
    payload = json.dumps(parts, ensure_ascii=False).encode()
    return hashlib.sha256(payload).hexdigest()[:16]


class ContentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def replace_pack(self, pack: ContentPack) -> None:
        """Make the database hold exactly this shared pack (local overrides are kept)."""
        for table in (PhrasingRow, ContentTopicRow, ContentMetaRow):
            self.session.execute(delete(table))
        for position, info in enumerate(pack.taxonomy):
            topic = pack.topics.get(info.slug)
            document = topic_to_dict(topic) if topic else {}
            document.pop("phrasings", None)
            for sub in document.get("sub_answers", []):
                sub.pop("phrasings", None)
            self.session.add(
                ContentTopicRow(
                    slug=info.slug,
                    area=info.area,
                    title=info.title,
                    position=position,
                    document=document,
                )
            )
            for text in topic.phrasings if topic else ():
                self.session.add(PhrasingRow(topic=info.slug, sub_answer="", text=text))
            for sub in topic.sub_answers if topic else ():
                for text in sub.phrasings:
                    self.session.add(PhrasingRow(topic=info.slug, sub_answer=sub.id, text=text))
        for text in pack.out_of_scope:
            self.session.add(PhrasingRow(topic=OUT_OF_SCOPE, text=text))
        meta = {
            "areas": pack.areas,
            "thresholds": pack.thresholds,
            "fingerprint": pack_fingerprint(pack),
        }
        for key, value in meta.items():
            self.session.add(ContentMetaRow(key=key, value=value))
        self.session.flush()

    def has_content(self) -> bool:
        return self.session.get(ContentMetaRow, "fingerprint") is not None

    def fingerprint(self) -> str | None:
        row = self.session.get(ContentMetaRow, "fingerprint")
        return row.value if row else None

    def load_pack(self) -> ContentPack:
        phrasings: dict[str, list[str]] = {}
        sub_phrasings: dict[tuple[str, str], list[str]] = {}
        for row in self.session.scalars(select(PhrasingRow).order_by(PhrasingRow.id)):
            if row.sub_answer:
                sub_phrasings.setdefault((row.topic, row.sub_answer), []).append(row.text)
            else:
                phrasings.setdefault(row.topic, []).append(row.text)
        taxonomy: list[TopicInfo] = []
        topics: dict[str, TopicContent] = {}
        rows = self.session.scalars(select(ContentTopicRow).order_by(ContentTopicRow.position))
        for row in rows:
            info = TopicInfo(row.slug, row.area, row.title)
            taxonomy.append(info)
            if row.document:
                subs = [
                    {**sub, "phrasings": sub_phrasings.get((row.slug, sub.get("id", "")), [])}
                    for sub in row.document.get("sub_answers", [])
                ]
                document = {
                    **row.document,
                    "phrasings": phrasings.get(row.slug, []),
                    "sub_answers": subs,
                }
                topics[row.slug] = topic_from_dict(info, document)
        meta = {r.key: r.value for r in self.session.scalars(select(ContentMetaRow))}
        return ContentPack(
            areas=meta.get("areas", {}),
            taxonomy=tuple(taxonomy),
            topics=topics,
            out_of_scope=tuple(phrasings.get(OUT_OF_SCOPE, [])),
            thresholds=meta.get("thresholds", {}),
        )

    # -- local overrides (tenant-scoped) ---------------------------------------------------
    def set_override(self, tenant: Tenant, topic: str, document: dict[str, Any]) -> None:
        row = self.session.scalar(
            select(ContentOverrideRow).where(
                ContentOverrideRow.tenant_id == tenant.id, ContentOverrideRow.topic == topic
            )
        )
        if row is None:
            row = ContentOverrideRow(tenant_id=tenant.id, topic=topic)
            self.session.add(row)
        row.document = document
        row.updated_at = utcnow()
        self.session.flush()

    def replace_overrides(self, tenant: Tenant, overrides: dict[str, dict[str, Any]]) -> None:
        self.session.execute(
            delete(ContentOverrideRow).where(ContentOverrideRow.tenant_id == tenant.id)
        )
        for topic, document in overrides.items():
            self.session.add(
                ContentOverrideRow(tenant_id=tenant.id, topic=topic, document=document)
            )
        self.session.flush()

    def overrides(self, tenant: Tenant) -> dict[str, dict[str, Any]]:
        rows = self.session.scalars(
            select(ContentOverrideRow).where(ContentOverrideRow.tenant_id == tenant.id)
        )
        return {row.topic: row.document for row in rows}
