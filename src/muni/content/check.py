"""`muni content check`: what is missing or inconsistent in the content pack and tenants.

Errors block a release; warnings are for editors (few phrasings, facts older than a year).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from muni.answering.intent_thresholds import WEIGHTS, Thresholds
from muni.answering.language import looks_danish
from muni.content.model import (
    FACT_KINDS,
    SCOPES,
    TENANT_VARIABLES,
    VARIABLE_KINDS,
    AnswerSpec,
    ContentPack,
    TopicContent,
    VariableSpec,
    parse_links,
)
from muni.content.render import variables_in
from muni.facts.values import WELL_KNOWN_NUMBERS, find_values
from muni.nlu.classifier import GAP_PINS, OUT_OF_SCOPE, TRAINING_PINS
from muni.nlu.normalize import normalize
from muni.tenancy import TenantConfig

MIN_PHRASINGS = 25  # per topic, overview and sub-answers together
MIN_OVERVIEW_PHRASINGS = 8
MIN_SUB_PHRASINGS = 8
FACT_MAX_AGE = timedelta(days=365)
ASK_KINDS = (*FACT_KINDS, "yes_no")
_SUB_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}$")
_VARIABLE = re.compile(r"\{\{\s*[a-z0-9_]+\s*\}\}")
_LIST_MARKER = re.compile(r"(?m)^\s*\d+\.\s")
_LITERAL_KINDS = ("amount", "duration", "date", "age", "phone", "opening_hours", "address")


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
        texts.extend(v for k, v in reply.items() if k not in ("topic", "sub"))
    return texts


def _english_texts_of(answer: AnswerSpec) -> list[str]:
    texts = [answer.text.get("en", "")]
    texts += [link.title.get("en", "") for link in answer.links]
    texts += [reply.get("en", "") for reply in answer.quick_replies]
    return [t for t in texts if t]


def _link_findings(where: str, answer: AnswerSpec) -> list[Finding]:
    found = []
    for i, link in enumerate(answer.links, start=1):
        if not link.url.strip():
            found.append(Finding("error", where, f"link {i} has an empty URL"))
        if not any(t.strip() for t in link.title.values()):
            found.append(Finding("error", where, f"link {i} has no title"))
        if link.language is not None and link.language not in ("da", "en"):
            found.append(
                Finding("error", where, f"link {i}: language must be da or en, not {link.language}")
            )
    return found


def literal_facts(text: str) -> list[str]:
    """Facts written into an answer text instead of a variable (numbers with a unit, phone
    numbers, clock times, addresses); list markers and 112/114/1813 are allowed."""
    bare = _LIST_MARKER.sub(" ", _VARIABLE.sub(" ", text))
    found: list[str] = []
    covered_to = -1
    values = sorted(find_values(bare, _LITERAL_KINDS), key=lambda v: (v.start, -v.end))
    for value in values:
        if value.end <= covered_to:
            continue  # inside a longer fact already reported ("5 dage" in "senest 5 dage")
        if not re.search(r"\d", value.text) or value.text in WELL_KNOWN_NUMBERS:
            continue
        found.append(value.text)
        covered_to = value.end
    return list(dict.fromkeys(found))


def _answer_findings(
    where: str, answer: AnswerSpec, declared: dict[str, VariableSpec], slugs: set[str]
) -> list[Finding]:
    findings = []
    for name in sorted(set().union(*map(variables_in, _texts_of(answer)))):
        if name not in declared:
            findings.append(Finding("error", where, f"unknown variable {{{{{name}}}}}"))
    findings.extend(_link_findings(where, answer))
    for reply in answer.quick_replies:
        if reply.get("topic") and reply["topic"] not in slugs:
            findings.append(
                Finding("error", where, f"quick reply leads to unknown topic {reply['topic']}")
            )
    for language, text in answer.text.items():
        for fact in literal_facts(text):
            findings.append(
                Finding(
                    "error",
                    where,
                    f"fact written as text ({language}): '{fact}'; "
                    "make it a variable with source and as_of",
                )
            )
    return findings


def _as_of_findings(where: str, as_of: str | None, today: date) -> list[Finding]:
    if not as_of:
        return []
    try:
        when = date.fromisoformat(as_of)
    except ValueError:
        return [Finding("error", where, f"as_of '{as_of}' is not a date (YYYY-MM-DD)")]
    if today - when > FACT_MAX_AGE:
        return [Finding("warning", where, f"fact is from {as_of}, more than 12 months old")]
    return []


def _variable_findings(where: str, spec: VariableSpec, today: date) -> list[Finding]:
    at = f"{where} ({spec.name})"
    findings = []
    if spec.kind not in VARIABLE_KINDS:
        findings.append(Finding("error", at, f"unknown kind '{spec.kind}'"))
    if spec.scope not in SCOPES:
        findings.append(Finding("error", at, f"unknown scope '{spec.scope}'"))
    if not spec.is_fact:
        return findings
    stated = spec.default is not None and bool(re.search(r"\d", spec.default))
    if spec.scope == "national" and spec.default is None:
        findings.append(Finding("error", at, "a national fact needs its value as default"))
    if (spec.scope == "national" or stated) and not (spec.source and spec.as_of):
        findings.append(Finding("error", at, "a fact needs a source URL and an as_of date"))
    if spec.source and not spec.source.startswith("https://"):
        findings.append(Finding("error", at, f"source is not an https URL: {spec.source}"))
    findings.extend(_as_of_findings(at, spec.as_of, today))
    return findings


def _english_value_findings(
    where: str, names: Iterable[str], values: dict[str, str], english: dict[str, str]
) -> list[Finding]:
    return [
        Finding(
            "error",
            where,
            f"{{{{{name}}}}} is Danish ('{values[name][:50]}') in an "
            "English text; give it an English value (en:)",
        )
        for name in sorted(set(names))
        if name in values and name not in english and looks_danish(values[name])
    ]


def _topic_findings(
    topic: TopicContent, declared: dict[str, VariableSpec], slugs: set[str], today: date
) -> list[Finding]:
    where = f"topics/{topic.slug}.yaml"
    findings: list[Finding] = []
    if topic.slug not in slugs:
        findings.append(Finding("error", where, "topic is not in the taxonomy"))
    if not topic.answer.text.get("da", "").strip():
        findings.append(Finding("error", where, "no Danish answer"))
    if not topic.answer.text.get("en", "").strip():
        findings.append(Finding("warning", where, "no English answer"))
    findings.extend(_answer_findings(where, topic.answer, declared, slugs))
    total = len(set(topic.all_phrasings()))
    if total < MIN_PHRASINGS:
        findings.append(Finding("warning", where, f"only {total} phrasings (want {MIN_PHRASINGS})"))
    if topic.sub_answers and len(set(topic.phrasings)) < MIN_OVERVIEW_PHRASINGS:
        findings.append(
            Finding(
                "warning",
                where,
                f"only {len(set(topic.phrasings))} general phrasings "
                f"for the overview (want {MIN_OVERVIEW_PHRASINGS})",
            )
        )
    ids = [s.id for s in topic.sub_answers]
    for sub_id in sorted({i for i in ids if ids.count(i) > 1}):
        findings.append(Finding("error", where, f"sub-answer id '{sub_id}' is used twice"))
    for sub in topic.sub_answers:
        at = f"{where} [{sub.id}]"
        if not _SUB_ID.match(sub.id):
            findings.append(Finding("error", at, "sub-answer id must be lowercase a-z, 0-9, -"))
        for language in ("da", "en"):
            if not sub.answer.text.get(language, "").strip():
                findings.append(Finding("error", at, f"no {language} answer"))
            if not sub.label.get(language, "").strip():
                findings.append(Finding("error", at, f"no {language} label"))
        for kind in sub.asks:
            if kind not in ASK_KINDS:
                findings.append(Finding("error", at, f"unknown fact kind in asks: {kind}"))
        if len(set(sub.phrasings)) < MIN_SUB_PHRASINGS:
            findings.append(
                Finding(
                    "error",
                    at,
                    f"only {len(set(sub.phrasings))} phrasings (want {MIN_SUB_PHRASINGS})",
                )
            )
        findings.extend(_answer_findings(at, sub.answer, declared, slugs))
    for spec in topic.variables.values():
        findings.extend(_variable_findings(where, spec, today))
        if spec.name in TENANT_VARIABLES:
            findings.append(Finding("error", where, f"redeclares tenant variable {spec.name}"))
    return findings


def _quick_reply_sub_findings(pack: ContentPack) -> list[Finding]:
    findings = []
    for slug, topic in sorted(pack.topics.items()):
        answers = [("", topic.answer)] + [(s.id, s.answer) for s in topic.sub_answers]
        for sub_id, answer in answers:
            for reply in answer.quick_replies:
                target = pack.topics.get(reply.get("topic") or slug)
                if reply.get("sub") and (target is None or target.sub(reply["sub"]) is None):
                    findings.append(
                        Finding(
                            "error",
                            f"topics/{slug}.yaml [{sub_id}]",
                            f"quick reply leads to unknown sub-answer {reply['sub']}",
                        )
                    )
    return findings


def _english_findings(pack: ContentPack) -> list[Finding]:
    """Variables used in English texts must not fill in Danish defaults."""
    declared = pack.variables()
    defaults = {n: s.default for n, s in declared.items() if s.default is not None}
    english = {n: s.default_en for n, s in declared.items() if s.default_en is not None}
    findings = []
    for slug, topic in sorted(pack.topics.items()):
        answers = [topic.answer] + [s.answer for s in topic.sub_answers]
        names = set().union(*(variables_in(t) for a in answers for t in _english_texts_of(a)))
        findings.extend(
            _english_value_findings(f"topics/{slug}.yaml", names, defaults, english)  # type: ignore[arg-type]
        )
    return findings


def check_pack(pack: ContentPack, today: date | None = None) -> list[Finding]:
    today = today or date.today()
    findings: list[Finding] = []
    slugs = {t.slug for t in pack.taxonomy}
    declared = pack.variables()
    defaults: dict[str, dict[str | None, list[str]]] = defaultdict(lambda: defaultdict(list))
    for info in pack.taxonomy:
        if info.slug not in pack.topics:
            findings.append(Finding("error", info.slug, "topic has no content file"))
    for slug, topic in sorted(pack.topics.items()):
        findings.extend(_topic_findings(topic, declared, slugs, today))
        for name, spec in topic.variables.items():
            defaults[name][spec.default].append(slug)
    for name, by_default in sorted(defaults.items()):
        if len(by_default) > 1:
            users = "; ".join(f"{', '.join(v)}: {k!r}" for k, v in by_default.items())
            findings.append(Finding("error", f"variable {name}", f"different defaults ({users})"))
    findings.extend(_quick_reply_sub_findings(pack))
    findings.extend(_english_findings(pack))
    findings.extend(_duplicate_phrasings(pack))
    findings.extend(threshold_findings(pack.thresholds, "content/nlu.yaml"))
    return findings


def threshold_findings(
    thresholds: dict[str, float], where: str, training_pins: bool = True
) -> list[Finding]:
    """A threshold muni does not know (a typo would silently change nothing) or a probability
    threshold outside 0-1.01 (1.01: never). The pack may also pin training (`intent_weight`,
    `intent_gate`: a margin gap, 0 or more); a tenant may not, the models are shared."""
    known = sorted([*Thresholds.__annotations__, *(TRAINING_PINS if training_pins else ())])
    findings = []
    for name, value in sorted(thresholds.items()):
        if name not in known:
            problem = f"unknown threshold '{name}' (known: {', '.join(known)})"
            findings.append(Finding("error", where, problem))
        elif name in WEIGHTS:
            if not value > 0:
                findings.append(Finding("error", where, f"{name} = {value} is not positive"))
        elif name in GAP_PINS:
            if not value >= 0:
                findings.append(Finding("error", where, f"{name} = {value} is negative"))
        elif not 0.0 <= value <= 1.01:
            findings.append(Finding("error", where, f"{name} = {value} is not between 0 and 1.01"))
    return findings


def _duplicate_phrasings(pack: ContentPack) -> list[Finding]:
    owners: dict[str, set[str]] = defaultdict(set)
    for slug, topic in pack.topics.items():
        for text in topic.phrasings:
            owners[normalize(text)].add(slug)
        for sub in topic.sub_answers:
            for text in sub.phrasings:
                owners[normalize(text)].add(f"{slug}/{sub.id}")
    for text in pack.out_of_scope:
        owners[normalize(text)].add(OUT_OF_SCOPE)
    return [
        Finding("error", "phrasings", f"'{text}' appears under {', '.join(sorted(where))}")
        for text, where in sorted(owners.items())
        if len(where) > 1
    ]


def _override_target(pack: ContentPack, key: str) -> tuple[TopicContent | None, AnswerSpec | None]:
    slug, _, sub_id = key.partition("/")
    topic = pack.topics.get(slug)
    if topic is None:
        return None, None
    if not sub_id:
        return topic, topic.answer
    sub = topic.sub(sub_id)
    return topic, (sub.answer if sub else None)


def check_tenant(
    pack: ContentPack, tenant: TenantConfig, today: date | None = None
) -> list[Finding]:
    today = today or date.today()
    findings: list[Finding] = []
    where = f"tenants/{tenant.slug}.yaml"
    declared = pack.variables()
    slugs = {t.slug for t in pack.taxonomy}
    for name in TENANT_VARIABLES:
        if not tenant.variables.get(name):
            findings.append(Finding("error", where, f"tenant variable {name} is not set"))
    for name in sorted(set(tenant.variables) - set(declared)):
        findings.append(Finding("warning", where, f"sets {name}, which no content uses"))
    for name, spec in sorted(declared.items()):
        value = tenant.variables.get(name)
        if spec.is_fact and spec.scope == "local" and spec.default is None and not value:
            findings.append(Finding("error", where, f"local fact {name} is not set"))
        if value is None or not spec.is_fact or name in ("kommune_navn", "kommune_kort"):
            continue
        provenance = tenant.provenance.get(name, {})
        if not (provenance.get("source") and provenance.get("as_of")):
            findings.append(
                Finding(
                    "error",
                    f"{where} ({name})",
                    "a fact needs a source URL and an as_of "
                    "date: {value: ..., source: https://..., as_of: YYYY-MM-DD}",
                )
            )
        findings.extend(_as_of_findings(f"{where} ({name})", provenance.get("as_of"), today))
    english_names: set[str] = set()
    for topic in pack.topics.values():
        answers = [topic.answer] + [s.answer for s in topic.sub_answers]
        english_names |= set().union(
            *(variables_in(t) for a in answers for t in _english_texts_of(a))
        )
    for key, override in sorted(tenant.overrides.items()):
        topic, base = _override_target(pack, key)
        if topic is None or base is None:
            findings.append(Finding("error", where, f"override for unknown topic {key}"))
            continue
        merged = base.merged(override)
        findings.extend(_answer_findings(f"{where} ({key})", merged, declared, slugs))
        english_names |= set().union(*(variables_in(t) for t in _english_texts_of(merged)))
        _ = parse_links(override.get("links"))  # raises on malformed links
    findings.extend(
        _english_value_findings(where, english_names, tenant.variables, tenant.variables_en)
    )
    findings.extend(threshold_findings(tenant.nlu, f"{where} (nlu)", training_pins=False))
    return findings


def summarise(findings: list[Finding]) -> dict[str, Any]:
    return {
        "errors": sum(f.level == "error" for f in findings),
        "warnings": sum(f.level == "warning" for f in findings),
    }
