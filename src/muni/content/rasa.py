"""Rasa 3 `nlu.yml` in and out, so assistants built on Rasa can move their training data."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import yaml

from muni.content.model import ContentPack
from muni.nlu.classifier import OUT_OF_SCOPE

RASA_OUT_OF_SCOPE = "out_of_scope"
_ENTITY = re.compile(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})")


class RasaError(ValueError):
    """The file is not a Rasa NLU file muni can read."""


def to_rasa(pack: ContentPack) -> str:
    """All phrasings as Rasa 3.1 NLU data: one intent per topic, one retrieval intent per
    sub-answer (`pas/pris`, Rasa's `intent/response` form), plus out_of_scope."""
    items: list[dict[str, Any]] = []
    for slug in (t.slug for t in pack.taxonomy):
        topic = pack.topics.get(slug)
        if topic and topic.phrasings:
            items.append({"intent": slug, "examples": _examples(topic.phrasings)})
        for sub in topic.sub_answers if topic else ():
            if sub.phrasings:
                items.append({"intent": f"{slug}/{sub.id}", "examples": _examples(sub.phrasings)})
    if pack.out_of_scope:
        items.append({"intent": RASA_OUT_OF_SCOPE, "examples": _examples(pack.out_of_scope)})
    return yaml.dump(
        {"version": "3.1", "nlu": items},
        Dumper=_LiteralDumper,
        allow_unicode=True,
        sort_keys=False,
        width=1000,
    )


def _examples(texts: tuple[str, ...]) -> str:
    return "".join(f"- {' '.join(t.split())}\n" for t in texts)


class _LiteralDumper(yaml.SafeDumper):
    pass


def _literal(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_LiteralDumper.add_representer(str, _literal)


def parse_rasa(text: str) -> dict[str, list[str]]:
    """Intent name -> example texts (entity markup like [Aarhus](city) becomes 'Aarhus')."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise RasaError(f"not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("nlu"), list):
        raise RasaError("no 'nlu:' list found; is this a Rasa 3 nlu.yml?")
    intents: dict[str, list[str]] = {}
    for item in data["nlu"]:
        if not isinstance(item, dict) or "intent" not in item:
            continue  # synonyms, regexes and lookups have no intent
        examples = item.get("examples") or ""
        lines = (
            examples.splitlines()
            if isinstance(examples, str)
            else [e.get("text", "") if isinstance(e, dict) else str(e) for e in examples]
        )
        texts = [_ENTITY.sub(r"\1", line.strip().removeprefix("- ").strip()) for line in lines]
        intents.setdefault(str(item["intent"]), []).extend(t for t in texts if t)
    return intents


def _is_sub_answer(topics: dict[str, Any], name: str) -> bool:
    slug, _, sub_id = name.partition("/")
    return slug in topics and any(sub.id == sub_id for sub in topics[slug].sub_answers)


def merge_rasa(pack: ContentPack, intents: dict[str, list[str]]) -> tuple[ContentPack, list[str]]:
    """The pack with the phrasings of the named intents replaced; unknown intent names listed."""
    topics = dict(pack.topics)
    out_of_scope = pack.out_of_scope
    unknown = []
    for name, texts in intents.items():
        if name in (RASA_OUT_OF_SCOPE, OUT_OF_SCOPE):
            out_of_scope = tuple(texts)
        elif name in topics:
            topics[name] = replace(topics[name], phrasings=tuple(texts))
        elif _is_sub_answer(topics, name):
            slug, sub_id = name.split("/", 1)
            subs = tuple(
                replace(sub, phrasings=tuple(texts)) if sub.id == sub_id else sub
                for sub in topics[slug].sub_answers
            )
            topics[slug] = replace(topics[slug], sub_answers=subs)
        else:
            unknown.append(name)
    return replace(pack, topics=topics, out_of_scope=out_of_scope), unknown
