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

import numpy as np

from muni.answering.pipeline import Pipeline
from muni.domain import Tenant


class EvalFileError(ValueError):
    """The eval file cannot be read; the message names the line."""


@dataclass(frozen=True)
class Case:
    text: str
    expected: str | None


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


@dataclass
class EvalReport:
    tenant: str
    items: list[ItemResult] = field(default_factory=list)

    def totals(self) -> dict[str, Any]:
        in_scope = [i for i in self.items if i.expected is not None]
        out_scope = [i for i in self.items if i.expected is None]
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
        if not isinstance(text, str) or not (topic is None or isinstance(topic, str)):
            raise EvalFileError(f"{path}:{number}: 'text' must be a string, 'topic' a slug/null")
        cases.append(Case(text=text, expected=topic))
    return cases


def is_correct(expected: str | None, topic: str | None, status: str) -> bool:
    """In scope: the right topic was answered. Out of scope: no topic, and no clarifying guess."""
    if expected is None:
        return topic is None and status != "clarification"
    return topic == expected and status != "clarification"


def evaluate(pipeline: Pipeline, tenant: Tenant, cases: list[Case]) -> EvalReport:
    report = EvalReport(tenant=tenant.slug)
    for case in cases:
        started = time.perf_counter()
        _question, answer = pipeline.answer(tenant, case.text)
        ms = round((time.perf_counter() - started) * 1000, 3)
        report.items.append(
            ItemResult(
                text=case.text,
                expected=case.expected,
                topic=answer.topic,
                origin=answer.origin,
                status=answer.status,
                confidence=answer.confidence,
                ms=ms,
                correct=is_correct(case.expected, answer.topic, answer.status),
            )
        )
    return report
