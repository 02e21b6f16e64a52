"""In-memory form of the content pack (what the YAML files and the database both hold).

A topic has an overview answer and sub-answers: answers at the level of the question
("Hvad koster et pas?"), each with its own phrasings. Local and national facts (prices,
deadlines, phone numbers ...) are variables that carry where the value came from and when.
"""

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
TENANT_VARIABLE_KINDS: dict[str, str] = {
    "kommune_navn": "name",
    "kommune_kort": "name",
    "kommune_telefon": "phone",
    "kommune_email": "email",
    "hjemmeside": "url",
    "borgerservice_adresse": "address",
    "borgerservice_telefon": "phone",
    "borgerservice_aabningstider": "opening_hours",
    "url_tidsbestilling": "url",
    "url_selvbetjening": "url",
    "url_kontakt": "url",
}

# What kind of value a variable holds. The first nine are facts: each value needs a source
# and the date it was valid (`as_of`); a page of the municipality can state them too.
FACT_KINDS: tuple[str, ...] = (
    "amount",
    "duration",
    "date",
    "age",
    "phone",
    "opening_hours",
    "address",
    "count",
    "email",
)
VARIABLE_KINDS: tuple[str, ...] = (*FACT_KINDS, "url", "name", "text")
SCOPES = ("national", "local")


@dataclass(frozen=True)
class VariableSpec:
    """A `{{variable}}` declared by a topic (or one of the tenant variables)."""

    name: str
    description: str
    default: str | None = None
    kind: str = "text"
    scope: str = "local"  # national: set by law or a national authority; local: per tenant
    source: str | None = None  # where the default value was published
    as_of: str | None = None  # YYYY-MM-DD: when that value was valid
    default_en: str | None = None  # the default in English, when it holds Danish words

    @property
    def is_fact(self) -> bool:
        return self.kind in FACT_KINDS


@dataclass(frozen=True)
class LinkSpec:
    title: dict[str, str]
    url: str
    # the language of the page linked to, when only readers of that language should get the
    # link (lifeindenmark.borger.dk is in English only); None: shown with every answer
    language: Language | None = None

    def shown_in(self, language: Language) -> bool:
        return self.language is None or self.language == language


@dataclass(frozen=True)
class TopicInfo:
    """One entry of the shared taxonomy."""

    slug: str
    area: str
    title: str


@dataclass(frozen=True)
class AnswerSpec:
    """A curated answer (overview or sub-answer), shared or overridden; texts by language."""

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
class SubAnswer:
    """The answer to one question citizens ask about a topic ("Hvad koster et pas?")."""

    id: str
    label: dict[str, str]
    answer: AnswerSpec
    phrasings: tuple[str, ...]
    asks: tuple[str, ...] = ()  # the fact kinds this answer gives, e.g. ("amount",)

    def label_in(self, language: Language) -> str:
        return self.label.get(language) or self.label.get("da") or self.id


@dataclass(frozen=True)
class TopicContent:
    info: TopicInfo
    label: dict[str, str]
    answer: AnswerSpec
    phrasings: tuple[str, ...]  # general questions about the topic: they get the overview
    variables: dict[str, VariableSpec] = field(default_factory=dict)
    sub_answers: tuple[SubAnswer, ...] = ()
    # the topic's name inside a sentence, where the label does not read as one ("Bestil tid":
    # "spørgsmål om tidsbestilling", not "spørgsmål om bestil tid")
    in_sentence: dict[str, str] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.info.slug

    def label_in(self, language: Language) -> str:
        return self.label.get(language) or self.label.get("da") or self.info.title

    def name_in_sentence(self, language: Language) -> str:
        """The name in "spørgsmål om ...": the topic's own form for that, else its label with
        a small first letter ("Boligstøtte": "boligstøtte"; "Building register (BBR)":
        "building register (BBR)"; "MitID" stays)."""
        own = self.in_sentence.get(language)
        if own:
            return own
        label = self.label_in(language)
        first = label.split(" ", 1)[0]
        # a capital inside the first word marks a name ("MitID", "BBR"): it stays as written
        return label[0].lower() + label[1:] if first[1:] == first[1:].lower() else label

    def sub(self, sub_id: str | None) -> SubAnswer | None:
        return next((s for s in self.sub_answers if s.id == sub_id), None) if sub_id else None

    def all_phrasings(self) -> tuple[str, ...]:
        """Every phrasing of the topic: the overview's and its sub-answers'."""
        return self.phrasings + tuple(p for s in self.sub_answers for p in s.phrasings)


OVERVIEW = ""  # the sub-answer label of a topic's overview answer


@dataclass(frozen=True)
class ContentPack:
    areas: dict[str, str]
    taxonomy: tuple[TopicInfo, ...]
    topics: dict[str, TopicContent]
    out_of_scope: tuple[str, ...]
    thresholds: dict[str, float]

    def variables(self) -> dict[str, VariableSpec]:
        """All declared variables: the tenant ones and every topic's own."""
        found = {
            name: VariableSpec(name, desc, kind=TENANT_VARIABLE_KINDS[name])
            for name, desc in TENANT_VARIABLES.items()
        }
        for topic in self.topics.values():
            found.update(topic.variables)
        return found

    def sub_answer_count(self) -> int:
        return sum(len(t.sub_answers) for t in self.topics.values())

    def training_examples(self) -> tuple[list[str], list[str]]:
        """Phrasings labelled with their topic (sub-answer phrasings count for the topic)."""
        from muni.nlu.classifier import OUT_OF_SCOPE

        texts: list[str] = []
        labels: list[str] = []
        for slug in sorted(self.topics):
            for phrasing in self.topics[slug].all_phrasings():
                texts.append(phrasing)
                labels.append(slug)
        texts.extend(self.out_of_scope)
        labels.extend([OUT_OF_SCOPE] * len(self.out_of_scope))
        return texts, labels

    def sub_answer_labels(self) -> dict[str, list[str]]:
        """For each topic, the sub-answer label of each of its phrasings, in the order of
        `training_examples` (OVERVIEW for the overview's own phrasings)."""
        return {
            slug: [OVERVIEW] * len(topic.phrasings)
            + [s.id for s in topic.sub_answers for _ in s.phrasings]
            for slug, topic in sorted(self.topics.items())
        }


def parse_links(raw: list[dict[str, Any]] | None) -> tuple[LinkSpec, ...]:
    links = []
    for item in raw or []:
        title = item.get("title") or {}
        if isinstance(title, str):
            title = {"da": title}
        links.append(
            LinkSpec(
                title=dict(title), url=str(item.get("url") or ""), language=item.get("language")
            )
        )
    return tuple(links)
