"""Run labelled questions through the in-process pipeline and score the answers.

Each line of the JSONL file is a fresh conversation: `text`, `topic` (a slug, or null when the
message is out of scope); other fields are ignored.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from muni.answering.pipeline import Pipeline
from muni.domain import Tenant


class EvalFileError(ValueError):
    """The eval file cannot be read; the message names the line."""


@dataclass(frozen=True)
class Case:
    text: str
    expected: str | None
    expected_urls: tuple[str, ...] = ()  # URL paths; any of them among the first 3 sources


@dataclass
class ItemResult:
    text: str
    expected: str | None
    topic: str | None
    origin: str
    status: str
    confidence: float | None
    ms: float
    correct: bool
    sources: list[str] = field(default_factory=list)
    search_hit_at_3: bool | None = None


@dataclass
class EvalReport:
    tenant: str
    items: list[ItemResult] = field(default_factory=list)

    def totals(self) -> dict[str, Any]:
        scored = [i for i in self.items if i.search_hit_at_3 is None or i.expected is not None]
        in_scope = [i for i in scored if i.expected is not None]
        out_scope = [i for i in scored if i.expected is None]
        searched = [i for i in self.items if i.search_hit_at_3 is not None]
        ms = np.array([i.ms for i in self.items]) if self.items else np.array([0.0])

        def rate(items: list[ItemResult], test: Any) -> float | None:
            return round(sum(map(test, items)) / len(items), 4) if items else None

        return {
            "items": len(self.items),
            "in_scope": len(in_scope),
            "out_of_scope": len(out_scope),
            "in_scope_accuracy": rate(in_scope, lambda i: i.correct),
            "clarification_rate": rate(in_scope, lambda i: i.status == "clarification"),
            "out_of_scope_refusal_accuracy": rate(out_scope, lambda i: i.correct),
            "search_items": len(searched),
            "search_hit_at_3": rate(searched, lambda i: i.search_hit_at_3),
            "latency_ms_p50": round(float(np.percentile(ms, 50)), 2),
            "latency_ms_p99": round(float(np.percentile(ms, 99)), 2),
        }

    def as_json(self) -> dict[str, Any]:
        return {
            "tenant": self.tenant,
            "totals": self.totals(),
            "items": [asdict(i) for i in self.items],
        }


def read_cases(path: Path) -> list[Case]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            text = data["text"]
            topic = data.get("topic")
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise EvalFileError(f"{path}:{number}: {exc}") from exc
        urls = data.get("expected_url") or ()
        urls = (urls,) if isinstance(urls, str) else tuple(urls)
        if (
            not isinstance(text, str)
            or not (topic is None or isinstance(topic, str))
            or not all(isinstance(u, str) for u in urls)
        ):
            raise EvalFileError(
                f"{path}:{number}: 'text' must be a string, 'topic' a slug/null,"
                " 'expected_url' a string or a list of strings"
            )
        cases.append(
            Case(
                text=text,
                expected=topic,
                expected_urls=tuple(urlsplit(u).path.rstrip("/") or "/" for u in urls),
            )
        )
    return cases


REFUSING_ORIGINS = ("guard", "fallback")


def is_correct(expected: str | None, topic: str | None, status: str, origin: str) -> bool:
    """In scope: the right topic was answered. Out of scope: muni refused (a guard or the
    fallback answered), so no curated, search or generated answer and no clarifying guess."""
    if expected is None:
        return origin in REFUSING_ORIGINS
    return topic == expected and status != "clarification"


def hit_at_3(expected_urls: tuple[str, ...], sources: list[str]) -> bool | None:
    if not expected_urls:
        return None
    paths = []
    for url in sources:
        path = urlsplit(url).path.rstrip("/") or "/"
        if path not in paths:
            paths.append(path)
    return any(p in expected_urls for p in paths[:3])


def evaluate(pipeline: Pipeline, tenant: Tenant, cases: list[Case]) -> EvalReport:
    report = EvalReport(tenant=tenant.slug)
    for case in cases:
        started = time.perf_counter()
        _question, answer = pipeline.answer(tenant, case.text)
        ms = round((time.perf_counter() - started) * 1000, 3)
        sources = [s.url for s in answer.sources if s.url]
        report.items.append(
            ItemResult(
                text=case.text,
                expected=case.expected,
                topic=answer.topic,
                origin=answer.origin,
                status=answer.status,
                confidence=answer.confidence,
                ms=ms,
                correct=is_correct(case.expected, answer.topic, answer.status, answer.origin),
                sources=sources,
                search_hit_at_3=hit_at_3(case.expected_urls, sources),
            )
        )
    return report
