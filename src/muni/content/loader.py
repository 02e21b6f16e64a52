"""Read the content pack from its YAML folder (and write it back, for export)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from muni.content.model import (
    AnswerSpec,
    ContentPack,
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


def topic_from_dict(info: TopicInfo, data: dict[str, Any]) -> TopicContent:
    variables = {
        name: VariableSpec(
            name,
            str(spec.get("description", "")),
            None if spec.get("default") is None else str(spec.get("default")),
        )
        for name, spec in (data.get("variables") or {}).items()
    }
    answer = AnswerSpec(
        text={k: str(v).strip() for k, v in (data.get("answer") or {}).items()},
        links=parse_links(data.get("links")),
        quick_replies=tuple(dict(q) for q in data.get("quick_replies") or []),
        action=data.get("action"),
    )
    label = data.get("label") or {"da": info.title}
    return TopicContent(
        info=info,
        label=dict(label),
        answer=answer,
        phrasings=tuple(str(p) for p in data.get("phrasings") or []),
        variables=variables,
    )


def topic_to_dict(topic: TopicContent) -> dict[str, Any]:
    answer = topic.answer
    return {
        "topic": topic.slug,
        "label": dict(topic.label),
        "variables": {
            v.name: {"description": v.description, "default": v.default}
            for v in topic.variables.values()
        },
        "answer": dict(answer.text),
        "links": [{"title": dict(link.title), "url": link.url} for link in answer.links],
        "quick_replies": [dict(q) for q in answer.quick_replies],
        "action": answer.action,
        "phrasings": list(topic.phrasings),
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
