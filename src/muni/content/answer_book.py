"""Curated answers as a tenant's citizens see them: shared text, local override, local facts."""

from __future__ import annotations

from typing import Any

from muni.content.model import ContentPack
from muni.content.render import render
from muni.domain import Answer, Language, Link, QuickReply, Source, Tenant


class AnswerBook:
    """Renders a topic's answer for one tenant and language."""

    def __init__(self, pack: ContentPack, overrides: dict[int, dict[str, dict[str, Any]]]):
        self.pack = pack
        self._overrides = overrides
        self._defaults = {
            name: spec.default
            for name, spec in pack.variables().items()
            if spec.default is not None
        }

    def values(self, tenant: Tenant) -> dict[str, str]:
        return {**self._defaults, **tenant.variables}

    def has(self, topic: str) -> bool:
        return topic in self.pack.topics

    def label(self, topic: str, language: Language) -> str:
        content = self.pack.topics.get(topic)
        return content.label_in(language) if content else topic

    def answer(
        self, tenant: Tenant, topic: str, language: Language, confidence: float | None = None
    ) -> Answer:
        content = self.pack.topics[topic]
        override = self._overrides.get(tenant.id, {}).get(topic)
        spec = content.answer.merged(override) if override else content.answer
        language = language if language in spec.text else "da"
        values = self.values(tenant)
        text = render(spec.text.get(language) or spec.text.get("da", ""), values)
        links = tuple(
            Link(
                render(link.title.get(language) or link.title.get("da", ""), values),
                render(link.url, values),
            )
            for link in spec.links
        )
        replies = []
        for item in spec.quick_replies:
            label = render(item.get(language) or item.get("da", ""), values)
            replies.append(QuickReply(label=label, message=label, topic=item.get("topic")))
        ref = f"{topic}@{tenant.slug}" if override else topic
        source = Source(kind="curated", ref=ref, title=content.label_in(language))
        return Answer(
            text=text,
            origin="curated",
            status="answered",
            topic=topic,
            sources=(source,),
            confidence=confidence,
            quick_replies=tuple(replies),
            links=links,
            language=language,
            action=spec.action,
        )
