"""In-memory form of the content pack (what the YAML files and the database both hold)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from muni.domain import Language

TENANT_VARIABLES: dict[str, str] = {
    "kommune_navn": "The municipality's name, e.g. 'Aarhus Kommune'",
    "kommune_kort": "Short name, e.g. 'Aarhus'",
    "kommune_telefon": "Main phone number",
    "kommune_email": "General e-mail address",
    "hjemmeside": "Website, https://... without trailing slash",
    "borgerservice_adresse": "Street address of Borgerservice",
    "borgerservice_telefon": "Phone number of Borgerservice",
    "borgerservice_aabningstider": "Opening hours of Borgerservice, in words",
    "url_tidsbestilling": "Where citizens book an appointment",
    "url_selvbetjening": "The self-service page",
    "url_kontakt": "The contact page",
}


@dataclass(frozen=True)
class VariableSpec:
    name: str
    description: str
    default: str | None = None


@dataclass(frozen=True)
class LinkSpec:
    title: dict[str, str]
    url: str


@dataclass(frozen=True)
class TopicInfo:
    """One entry of the shared taxonomy."""

    slug: str
    area: str
    title: str


@dataclass(frozen=True)
class AnswerSpec:
    """The curated answer of a topic, shared or overridden locally; texts keyed by language."""

    text: dict[str, str]
    links: tuple[LinkSpec, ...] = ()
    quick_replies: tuple[dict[str, str], ...] = ()
    action: str | None = None

    def merged(self, override: dict[str, Any]) -> AnswerSpec:
        """This answer with the fields a local override sets replaced."""
        text = {**self.text, **override.get("answer", {})}
        links = parse_links(override["links"]) if "links" in override else self.links
        replies = (
            tuple(override["quick_replies"]) if "quick_replies" in override else self.quick_replies
        )
        return AnswerSpec(
            text=text,
            links=links,
            quick_replies=replies,
            action=override.get("action", self.action),
        )


@dataclass(frozen=True)
class TopicContent:
    info: TopicInfo
    label: dict[str, str]
    answer: AnswerSpec
    phrasings: tuple[str, ...]
    variables: dict[str, VariableSpec] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.info.slug

    def label_in(self, language: Language) -> str:
        return self.label.get(language) or self.label.get("da") or self.info.title


@dataclass(frozen=True)
class ContentPack:
    areas: dict[str, str]
    taxonomy: tuple[TopicInfo, ...]
    topics: dict[str, TopicContent]
    out_of_scope: tuple[str, ...]
    thresholds: dict[str, float]

    def variables(self) -> dict[str, VariableSpec]:
        """All declared variables: the tenant ones and every topic's own."""
        found = {name: VariableSpec(name, desc) for name, desc in TENANT_VARIABLES.items()}
        for topic in self.topics.values():
            found.update(topic.variables)
        return found

    def training_examples(self) -> tuple[list[str], list[str]]:
        from muni.nlu.classifier import OUT_OF_SCOPE

        texts: list[str] = []
        labels: list[str] = []
        for slug in sorted(self.topics):
            for phrasing in self.topics[slug].phrasings:
                texts.append(phrasing)
                labels.append(slug)
        texts.extend(self.out_of_scope)
        labels.extend([OUT_OF_SCOPE] * len(self.out_of_scope))
        return texts, labels


def parse_links(raw: list[dict[str, Any]] | None) -> tuple[LinkSpec, ...]:
    links = []
    for item in raw or []:
        title = item.get("title") or {}
        if isinstance(title, str):
            title = {"da": title}
        links.append(LinkSpec(title=dict(title), url=str(item.get("url") or "")))
    return tuple(links)
