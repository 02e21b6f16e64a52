"""`muni content check`: what is missing or inconsistent in the content pack and tenants."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from muni.content.model import TENANT_VARIABLES, AnswerSpec, ContentPack, parse_links
from muni.content.render import variables_in
from muni.nlu.classifier import OUT_OF_SCOPE
from muni.nlu.normalize import normalize
from muni.tenancy import TenantConfig

MIN_PHRASINGS = 25


@dataclass(frozen=True)
class Finding:
    level: str  # "error" or "warning"
    where: str
    message: str


def _texts_of(answer: AnswerSpec) -> list[str]:
    texts = list(answer.text.values())
    for link in answer.links:
        texts.extend([*link.title.values(), link.url])
    for reply in answer.quick_replies:
        texts.extend(v for k, v in reply.items() if k != "topic")
    return texts


def _link_findings(where: str, answer: AnswerSpec) -> list[Finding]:
    found = []
    for i, link in enumerate(answer.links, start=1):
        if not link.url.strip():
            found.append(Finding("error", where, f"link {i} has an empty URL"))
        if not any(t.strip() for t in link.title.values()):
            found.append(Finding("error", where, f"link {i} has no title"))
    return found


def check_pack(pack: ContentPack) -> list[Finding]:
    findings: list[Finding] = []
    slugs = {t.slug for t in pack.taxonomy}
    declared = set(pack.variables())
    defaults: dict[str, dict[str | None, list[str]]] = defaultdict(lambda: defaultdict(list))
    for info in pack.taxonomy:
        if info.slug not in pack.topics:
            findings.append(Finding("error", info.slug, "topic has no content file"))
    for slug, topic in sorted(pack.topics.items()):
        where = f"topics/{slug}.yaml"
        if slug not in slugs:
            findings.append(Finding("error", where, "topic is not in the taxonomy"))
        if not topic.answer.text.get("da", "").strip():
            findings.append(Finding("error", where, "no Danish answer"))
        if not topic.answer.text.get("en", "").strip():
            findings.append(Finding("warning", where, "no English answer"))
        for name in sorted(set().union(*map(variables_in, _texts_of(topic.answer)))):
            if name not in declared:
                findings.append(Finding("error", where, f"unknown variable {{{{{name}}}}}"))
        findings.extend(_link_findings(where, topic.answer))
        for reply in topic.answer.quick_replies:
            if reply.get("topic") and reply["topic"] not in slugs:
                findings.append(
                    Finding("error", where, f"quick reply leads to unknown topic {reply['topic']}")
                )
        if len(set(topic.phrasings)) < MIN_PHRASINGS:
            findings.append(
                Finding(
                    "warning",
                    where,
                    f"only {len(set(topic.phrasings))} phrasings (want {MIN_PHRASINGS})",
                )
            )
        for name, spec in topic.variables.items():
            defaults[name][spec.default].append(slug)
            if name in TENANT_VARIABLES:
                findings.append(Finding("error", where, f"redeclares tenant variable {name}"))
    for name, by_default in sorted(defaults.items()):
        if len(by_default) > 1:
            users = "; ".join(f"{', '.join(v)}: {k!r}" for k, v in by_default.items())
            findings.append(Finding("error", f"variable {name}", f"different defaults ({users})"))
    findings.extend(_duplicate_phrasings(pack))
    return findings


def _duplicate_phrasings(pack: ContentPack) -> list[Finding]:
    owners: dict[str, set[str]] = defaultdict(set)
    for slug, topic in pack.topics.items():
        for text in topic.phrasings:
            owners[normalize(text)].add(slug)
    for text in pack.out_of_scope:
        owners[normalize(text)].add(OUT_OF_SCOPE)
    return [
        Finding("error", "phrasings", f"'{text}' appears under {', '.join(sorted(where))}")
        for text, where in sorted(owners.items())
        if len(where) > 1
    ]


def check_tenant(pack: ContentPack, tenant: TenantConfig) -> list[Finding]:
    findings: list[Finding] = []
    where = f"tenants/{tenant.slug}.yaml"
    declared = pack.variables()
    for name in TENANT_VARIABLES:
        if not tenant.variables.get(name):
            findings.append(Finding("error", where, f"tenant variable {name} is not set"))
    for name in sorted(set(tenant.variables) - set(declared)):
        findings.append(Finding("warning", where, f"sets {name}, which no content uses"))
    for topic, override in sorted(tenant.overrides.items()):
        if topic not in pack.topics:
            findings.append(Finding("error", where, f"override for unknown topic {topic}"))
            continue
        merged = pack.topics[topic].answer.merged(override)
        for name in sorted(set().union(*map(variables_in, _texts_of(merged)))):
            if name not in declared:
                findings.append(
                    Finding("error", f"{where} ({topic})", f"unknown variable {{{{{name}}}}}")
                )
        findings.extend(_link_findings(f"{where} ({topic})", merged))
        _ = parse_links(override.get("links"))  # raises on malformed links
    return findings


def summarise(findings: list[Finding]) -> dict[str, Any]:
    return {
        "errors": sum(f.level == "error" for f in findings),
        "warnings": sum(f.level == "warning" for f in findings),
    }
