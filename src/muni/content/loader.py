"""Read the content pack from its YAML folder (and write it back, for export)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from muni.content.model import (
    AnswerSpec,
    ContentPack,
    SubAnswer,
    TopicContent,
    TopicInfo,
    VariableSpec,
    parse_links,
)


class ContentError(ValueError):
    """The content pack cannot be read; the message says which file and why."""


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ContentError(f"{path}: {exc}") from exc


def load_taxonomy(path: Path) -> tuple[dict[str, str], tuple[TopicInfo, ...]]:
    data = _read_yaml(path)
    topics = tuple(TopicInfo(t["slug"], t["area"], t["title"]) for t in data["topics"])
    return dict(data["areas"]), topics


def _optional(value: Any) -> str | None:
    return None if value is None else str(value)


def variable_from_dict(name: str, spec: dict[str, Any]) -> VariableSpec:
    return VariableSpec(
        name,
        str(spec.get("description", "")),
        _optional(spec.get("default")),
        kind=str(spec.get("kind", "text")),
        scope=str(spec.get("scope", "local")),
        source=_optional(spec.get("source")),
        as_of=_optional(spec.get("as_of")),
        default_en=_optional(spec.get("en")),
    )


def variable_to_dict(spec: VariableSpec) -> dict[str, Any]:
    data: dict[str, Any] = {
        "description": spec.description,
        "kind": spec.kind,
        "scope": spec.scope,
        "default": spec.default,
    }
    optional = {"en": spec.default_en, "source": spec.source, "as_of": spec.as_of}
    data.update({k: v for k, v in optional.items() if v is not None})
    return data


def answer_from_dict(data: dict[str, Any], inherit: AnswerSpec | None = None) -> AnswerSpec:
    """An answer's texts, links, quick replies and action; a sub-answer inherits the topic's
    links when it names none of its own."""
    links = parse_links(data["links"]) if "links" in data else (inherit.links if inherit else ())
    return AnswerSpec(
        text={k: str(v).strip() for k, v in (data.get("answer") or {}).items()},
        links=links,
        quick_replies=tuple(dict(q) for q in data.get("quick_replies") or []),
        action=data.get("action", inherit.action if inherit else None),
    )


def _links_to_list(answer: AnswerSpec) -> list[dict[str, Any]]:
    return [
        {"title": dict(link.title), "url": link.url}
        | ({"language": link.language} if link.language else {})
        for link in answer.links
    ]


def sub_answer_from_dict(data: dict[str, Any], topic_answer: AnswerSpec) -> SubAnswer:
    sub_id = str(data.get("id") or "")
    return SubAnswer(
        id=sub_id,
        label=dict(data.get("label") or {"da": sub_id}),
        answer=answer_from_dict(data, inherit=topic_answer),
        phrasings=tuple(str(p) for p in data.get("phrasings") or []),
        asks=tuple(str(k) for k in data.get("asks") or ()),
    )


def sub_answer_to_dict(sub: SubAnswer, topic_answer: AnswerSpec) -> dict[str, Any]:
    data: dict[str, Any] = {"id": sub.id, "label": dict(sub.label), "asks": list(sub.asks)}
    data["answer"] = dict(sub.answer.text)
    if sub.answer.links != topic_answer.links:
        data["links"] = _links_to_list(sub.answer)
    data["quick_replies"] = [dict(q) for q in sub.answer.quick_replies]
    if sub.answer.action != topic_answer.action:
        data["action"] = sub.answer.action
    data["phrasings"] = list(sub.phrasings)
    return data


def topic_from_dict(info: TopicInfo, data: dict[str, Any]) -> TopicContent:
    variables = {
        name: variable_from_dict(name, spec or {})
        for name, spec in (data.get("variables") or {}).items()
    }
    answer = answer_from_dict(data)
    label = data.get("label") or {"da": info.title}
    return TopicContent(
        info=info,
        label=dict(label),
        answer=answer,
        phrasings=tuple(str(p) for p in data.get("phrasings") or []),
        variables=variables,
        sub_answers=tuple(
            sub_answer_from_dict(s or {}, answer) for s in data.get("sub_answers") or []
        ),
        in_sentence=dict(data.get("in_sentence") or {}),
    )


def topic_to_dict(topic: TopicContent) -> dict[str, Any]:
    answer = topic.answer
    return {
        "topic": topic.slug,
        "label": dict(topic.label),
        **({"in_sentence": dict(topic.in_sentence)} if topic.in_sentence else {}),
        "variables": {v.name: variable_to_dict(v) for v in topic.variables.values()},
        "answer": dict(answer.text),
        "links": _links_to_list(answer),
        "quick_replies": [dict(q) for q in answer.quick_replies],
        "action": answer.action,
        "phrasings": list(topic.phrasings),
        "sub_answers": [sub_answer_to_dict(s, answer) for s in topic.sub_answers],
    }


def load_pack(content_dir: Path) -> ContentPack:
    """Load every topic file; topics missing a file get no answer (content check reports it)."""
    areas, taxonomy = load_taxonomy(content_dir / "taxonomy.yaml")
    by_slug = {info.slug: info for info in taxonomy}
    topics: dict[str, TopicContent] = {}
    for path in sorted((content_dir / "topics").glob("*.yaml")):
        data = _read_yaml(path) or {}
        slug = data.get("topic") or path.stem
        info = by_slug.get(slug) or TopicInfo(slug, "ukendt", slug)
        topics[slug] = topic_from_dict(info, data)
    oos_path = content_dir / "out_of_scope.yaml"
    oos = tuple((_read_yaml(oos_path) or {}).get("phrasings", [])) if oos_path.exists() else ()
    nlu_path = content_dir / "nlu.yaml"
    thresholds: dict[str, float] = {}
    if nlu_path.exists():
        thresholds.update({k: float(v) for k, v in (_read_yaml(nlu_path) or {}).items()})
    return ContentPack(
        areas=areas,
        taxonomy=taxonomy,
        topics=topics,
        out_of_scope=tuple(str(p) for p in oos),
        thresholds=thresholds,
    )


def dump_yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def write_pack(pack: ContentPack, out_dir: Path) -> None:
    """Write a pack in the same layout `load_pack` reads."""
    (out_dir / "topics").mkdir(parents=True, exist_ok=True)
    taxonomy = {
        "version": 1,
        "areas": pack.areas,
        "topics": [{"slug": t.slug, "area": t.area, "title": t.title} for t in pack.taxonomy],
    }
    (out_dir / "taxonomy.yaml").write_text(dump_yaml(taxonomy), encoding="utf-8")
    for slug, topic in sorted(pack.topics.items()):
        (out_dir / "topics" / f"{slug}.yaml").write_text(
            dump_yaml(topic_to_dict(topic)), encoding="utf-8"
        )
    (out_dir / "out_of_scope.yaml").write_text(
        dump_yaml({"phrasings": list(pack.out_of_scope)}), encoding="utf-8"
    )
    (out_dir / "nlu.yaml").write_text(dump_yaml(pack.thresholds), encoding="utf-8")
