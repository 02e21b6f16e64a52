"""Curated answers as a tenant's citizens see them: shared text, local override, local facts.

A topic's overview answer or one of its sub-answers is rendered for one tenant and language:
the tenant's local override (key `topic` or `topic/sub`) replaces the fields it sets, and
`{{variables}}` are filled with the tenant's values (English values in English answers).
The answer lists the facts it showed, so a page that says otherwise can be noticed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from muni.content.model import AnswerSpec, ContentPack, VariableSpec
from muni.content.render import render, variables_in
from muni.domain import Answer, FactUse, Language, Link, QuickReply, Source, Tenant
from muni.nlu.normalize import normalize
from muni.nlu.tokens import stems
from muni.texts import say

TOPIC_TERM_PHRASINGS = 4  # a stem in at least this many phrasings ...
TOPIC_TERM_SHARE = 0.5  # ... this share of them one topic's, names that topic


class AnswerBook:
    """Renders a topic's (or sub-answer's) answer for one tenant and language."""

    def __init__(self, pack: ContentPack, overrides: dict[int, dict[str, dict[str, Any]]]):
        self.pack = pack
        self._overrides = overrides
        self._specs: dict[str, VariableSpec] = pack.variables()
        self._defaults = {
            name: spec.default for name, spec in self._specs.items() if spec.default is not None
        }
        self._hosts: dict[int, set[str]] = {}
        self._defaults_en = {
            name: spec.default_en
            for name, spec in self._specs.items()
            if spec.default_en is not None
        }

    def values(self, tenant: Tenant, language: Language = "da") -> dict[str, str]:
        """The tenant's value of every variable. In English: the tenant's English value, else
        the tenant's own value, else the English default, else the default."""
        if language == "en":
            return {
                **self._defaults,
                **self._defaults_en,
                **tenant.variables,
                **tenant.variables_en,
            }
        return {**self._defaults, **tenant.variables}

    def hosts(self, tenant: Tenant) -> set[str]:
        """The web hosts this tenant's answers may link to: its own domains and website, and
        every link of the curated content (cached per tenant)."""
        if tenant.id in self._hosts:
            return self._hosts[tenant.id]
        values = self.values(tenant)
        urls = [v for v in values.values() if v.startswith(("http://", "https://"))]
        for topic in self.pack.topics.values():
            answers = [topic.answer, *(s.answer for s in topic.sub_answers)]
            urls.extend(render(link.url, values) for a in answers for link in a.links)
        for overrides in self._overrides.get(tenant.id, {}).values():
            urls.extend(
                render(str(link.get("url", "")), values) for link in overrides.get("links", [])
            )
        hosts = {d.lower().removeprefix("www.") for d in tenant.domains}
        hosts |= {str(d).lower() for d in tenant.website.get("allowed_domains", [])}
        for url in urls:
            host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
            if host:
                hosts.add(host)
        self._hosts[tenant.id] = hosts
        return hosts

    @cached_property
    def topic_terms(self) -> frozenset[str]:
        """Stems citizens use for one topic above all (in ≥ 4 phrasings, half or more of them
        one topic's): a message holding one names a matter ("boligstøtte", "plejehjem"),
        while "arbejde" or "hej" do not."""
        topics_of: dict[str, Counter[str]] = defaultdict(Counter)
        for topic in self.pack.topics.values():
            if topic.info.area == "samtale":
                continue
            for text in (*topic.phrasings, *(p for s in topic.sub_answers for p in s.phrasings)):
                for stem in set(stems(text)):
                    topics_of[stem][topic.info.slug] += 1
        return frozenset(
            stem
            for stem, counts in topics_of.items()
            if (n := counts.total()) >= TOPIC_TERM_PHRASINGS
            and counts.most_common(1)[0][1] >= TOPIC_TERM_SHARE * n
        )

    def has(self, topic: str) -> bool:
        return topic in self.pack.topics

    def area(self, topic: str) -> str | None:
        """The taxonomy's area of a topic ("borgerservice"; "samtale" for greetings, thanks
        and asking for a person, which are no municipal matter)."""
        content = self.pack.topics.get(topic)
        return content.info.area if content else None

    def has_sub(self, topic: str, sub: str | None) -> bool:
        content = self.pack.topics.get(topic)
        return bool(content and content.sub(sub))

    def label(self, topic: str, language: Language, sub: str | None = None) -> str:
        content = self.pack.topics.get(topic)
        if content is None:
            return topic
        found = content.sub(sub)
        return found.label_in(language) if found else content.label_in(language)

    def sub_asks(self, topic: str) -> dict[str, tuple[str, ...]]:
        """The fact kinds each sub-answer of a topic gives."""
        content = self.pack.topics.get(topic)
        return {s.id: s.asks for s in content.sub_answers} if content else {}

    def spec(self, tenant: Tenant, topic: str, sub: str | None = None) -> tuple[AnswerSpec, bool]:
        """The answer spec after the tenant's override, and whether there was one."""
        content = self.pack.topics[topic]
        found = content.sub(sub)
        base = found.answer if found else content.answer
        key = f"{topic}/{found.id}" if found else topic
        override = self._overrides.get(tenant.id, {}).get(key)
        return (base.merged(override) if override else base), bool(override)

    def answer(
        self,
        tenant: Tenant,
        topic: str,
        language: Language,
        confidence: float | None = None,
        sub: str | None = None,
    ) -> Answer:
        content = self.pack.topics[topic]
        found = content.sub(sub)
        spec, overridden = self.spec(tenant, topic, sub)
        language = language if language in spec.text else "da"
        values = self.values(tenant, language)
        raw = spec.text.get(language) or spec.text.get("da", "")
        text = render(raw, values)
        links = tuple(
            Link(
                render(link.title.get(language) or link.title.get("da", ""), values),
                render(link.url, values),
            )
            for link in spec.links
            if link.shown_in(language)
        )
        replies = []
        for item in spec.quick_replies:
            label = render(item.get(language) or item.get("da", ""), values)
            target_topic = item.get("topic") or (topic if item.get("sub") else None)
            replies.append(
                QuickReply(label=label, message=label, topic=target_topic, sub=item.get("sub"))
            )
        key = f"{topic}/{found.id}" if found else topic
        ref = f"{key}@{tenant.slug}" if overridden else key
        title = found.label_in(language) if found else content.label_in(language)
        return Answer(
            text=text,
            origin="curated",
            status="answered",
            topic=topic,
            sub_answer=found.id if found else None,
            sources=(Source(kind="curated", ref=ref, title=title),),
            confidence=confidence,
            quick_replies=tuple(replies),
            links=links,
            language=language,
            action=spec.action,
            facts=self._facts_in(raw, values),
        )

    def sub_about(
        self,
        topic: str,
        marks: re.Pattern[str],
        answered: re.Pattern[str],
        lead: bool = True,
        anywhere: re.Pattern[str] | None = None,
    ) -> str | None:
        """The topic's sub-answer on something any matter could be asked (a power of
        attorney, doing it without MitID): of those whose Danish answer's first paragraph
        (`lead`; else anywhere in it) matches `answered`, or whose answer matches `anywhere`
        anywhere, the one with the most phrasings matching `marks`; None if there is none."""
        content = self.pack.topics.get(topic)
        part = _lead if lead else str.lower

        def answers(text: str) -> bool:
            return bool(answered.search(part(text)) or (anywhere and anywhere.search(text)))

        counts = {
            s.id: sum(1 for text in s.phrasings if marks.search(normalize(text)))
            for s in (content.sub_answers if content else ())
            if answers(s.answer.text.get("da", ""))
        }
        best = max(counts, key=counts.__getitem__, default=None)
        return best if best is not None and counts[best] else None

    def says(
        self, topic: str, pattern: re.Pattern[str], sub: str | None = None, lead: bool = True
    ) -> bool:
        """Whether the first paragraph (`lead`: the part that answers, content-style.md; else
        anywhere) of the topic's Danish answer (its overview, or the sub-answer `sub`)
        matches `pattern`."""
        content = self.pack.topics.get(topic)
        found = content.sub(sub) if content else None
        if content is None or (sub is not None and found is None):
            return False
        answer = found.answer if found else content.answer
        text = answer.text.get("da", "")
        return bool(pattern.search(_lead(text) if lead else text.lower()))

    def contact_answer(
        self, tenant: Tenant, topic: str, language: Language, confidence: float | None = None
    ) -> Answer | None:
        """Whom to call about a topic ("hvem skal jeg kontakte" after a question about it):
        the topic's own number (the variable `<topic>_telefon`, with `<topic>_telefontid`),
        else the municipality's (with its phone hours). None when the tenant has no number."""
        return self.general_answer(tenant, topic, "contact", language, confidence)

    def general_answer(
        self,
        tenant: Tenant,
        topic: str,
        kind: str,
        language: Language,
        confidence: float | None = None,
    ) -> Answer | None:
        """The answer about a topic to a follow-up any matter could get: whom to call
        (`kind` "contact"), whether someone may act for the citizen ("on_behalf" and the
        other kinds of general_follow_ups.py: "without_mitid", "online", ...); the text
        `topic_<kind>` with the topic's own phone number (`<topic>_telefon`,
        `<topic>_telefontid`) or else the municipality's (with its phone hours). None when
        the tenant has no number. A topic where nobody can act for another (voting) says so
        in its variable `<topic>_for_en_anden`, which then is the answer to those kinds."""
        values = self.values(tenant, language)
        if kind.startswith("on_behalf") and values.get(f"{topic}_for_en_anden"):
            # the topic says it itself (nobody can vote for someone else)
            name = f"{topic}_for_en_anden"
            return self._variable_answer(tenant, topic, name, language, confidence)
        own = f"{topic}_telefon"
        phone, hours = (
            (own, f"{topic}_telefontid")
            if values.get(own)
            else ("kommune_telefon", "kontakt_telefontider")
        )
        if not values.get(phone) or not self.has(topic):
            return None
        label = self.pack.topics[topic].name_in_sentence(language)
        text = say(
            f"topic_{kind}",
            language,
            topic=label,
            kommune_navn=values.get("kommune_navn", ""),
            phone=values[phone],
        )
        raw = "{{" + phone + "}}"  # the variables shown, as a curated text holds them
        if values.get(hours):
            text = f"{text} {say('topic_contact_hours', language, hours=values[hours])}"
            raw += " {{" + hours + "}}"
        title = self.label(topic, language)
        return self._topic_answer(
            topic, text, raw, f"{topic}#{phone}", title, language, confidence, values
        )

    def _topic_answer(
        self,
        topic: str,
        text: str,
        raw: str,
        ref: str,
        title: str,
        language: Language,
        confidence: float | None,
        values: dict[str, str],
    ) -> Answer:
        """A curated answer about a topic that is none of its written answers (`raw`: the
        text with its variables, for the facts it states)."""
        return Answer(
            text=text,
            origin="curated",
            status="answered",
            topic=topic,
            sources=(Source(kind="curated", ref=ref, title=title),),
            confidence=confidence,
            language=language,
            facts=self._facts_in(raw, values),
        )

    def _variable_answer(
        self,
        tenant: Tenant,
        topic: str,
        name: str,
        language: Language,
        confidence: float | None,
    ) -> Answer:
        """A topic's variable given as the whole answer (`<topic>_for_en_anden`)."""
        values = self.values(tenant, language)
        raw = values[name]
        return self._topic_answer(
            topic,
            render(raw, values),
            raw,
            f"{topic}#{name}",
            self.label(topic, language),
            language,
            confidence,
            values,
        )

    def _facts_in(self, raw: str, values: dict[str, str]) -> tuple[FactUse, ...]:
        used = []
        for name in sorted(variables_in(raw)):
            spec = self._specs.get(name)
            if spec is not None and spec.is_fact and values.get(name):
                used.append(FactUse(name, render(values[name], values), spec.kind, spec.scope))
        return tuple(used)


def first_paragraph(text: str) -> str:
    """An answer's first paragraph: where it answers the question."""
    return text.strip().split("\n\n", 1)[0]


def _lead(text: str) -> str:
    """An answer's first paragraph, lower-cased."""
    return first_paragraph(text).lower()
