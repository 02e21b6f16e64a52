"""The answer pipeline: an ordered list of small steps, the first answer wins.

    redact ─► guards ─► curated intent ─► other authority ─► website search (+ LLM phrasing)
           ─► fallback;   then enrichers (related pages on curated answers)

Every step takes the redacted `Question` and a `notes` dict (what earlier steps learned, e.g.
the classifier's prediction) and returns an `Answer` or None. Website search, LLM phrasing,
flows and handoff plug in as further steps (see `build_steps`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol

from muni.answering.guards import GUARDS
from muni.answering.language import detect_language
from muni.answering.replies import reply
from muni.domain import Answer, Question, Tenant
from muni.privacy.redact import redact


class Step(Protocol):
    name: str

    def __call__(self, question: Question, notes: dict[str, Any]) -> Answer | None: ...


class GuardStep:
    """Runs the safety guards in order; the first that fires ends the turn."""

    name = "guards"

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars

    def __call__(self, question: Question, notes: dict[str, Any]) -> Answer | None:
        for guard in GUARDS:
            answer = guard(question, self.max_chars)
            if answer is not None:
                return answer
        return None


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 3)


def privacy_notice(question: Question) -> str:
    if not question.redacted_kinds:
        return ""
    key = "privacy_cpr" if "cpr" in question.redacted_kinds else "privacy_other"
    return reply(key, question.language)


class Enricher(Protocol):
    """Runs after the answering step; may add to the answer (e.g. related pages)."""

    def __call__(self, question: Question, answer: Answer, notes: dict[str, Any]) -> Answer: ...


class Pipeline:
    def __init__(self, steps: list[Step], enrichers: list[Enricher] | None = None) -> None:
        if not steps:
            raise ValueError("a pipeline needs at least one step")
        self.steps = steps
        self.enrichers = enrichers or []

    def prepare(
        self,
        tenant: Tenant,
        text: str,
        topic_hint: str | None = None,
        previous_topic: str | None = None,
    ) -> Question:
        """Redact first: nothing after this line ever sees the citizen's raw text."""
        redaction = redact(text)
        return Question(
            tenant=tenant,
            text=redaction.text,
            language=detect_language(redaction.text),
            redacted_kinds=redaction.kinds,
            topic_hint=topic_hint,
            previous_topic=previous_topic,
        )

    def answer(
        self,
        tenant: Tenant,
        text: str,
        topic_hint: str | None = None,
        previous_topic: str | None = None,
        on_token: Callable[[str], None] | None = None,
    ) -> tuple[Question, Answer]:
        """Answer one message. `on_token` receives generated text as it streams, if any."""
        started = time.perf_counter()
        question = self.prepare(tenant, text, topic_hint, previous_topic)
        timings = {"redact": _ms(started)}
        notes: dict[str, Any] = {"on_token": on_token} if on_token else {}
        answer: Answer | None = None
        for step in self.steps:
            step_started = time.perf_counter()
            answer = step(question, notes)
            timings[step.name] = _ms(step_started)
            if answer is not None:
                break
        if answer is None:
            raise RuntimeError("the last pipeline step must always answer")
        for enrich in self.enrichers:
            enrich_started = time.perf_counter()
            answer = enrich(question, answer, notes)
            timings[type(enrich).__name__] = _ms(enrich_started)
        notice = privacy_notice(question)
        text_out = f"{notice}\n\n{answer.text}" if notice else answer.text
        timings["total"] = _ms(started)
        return question, replace(answer, text=text_out, timings=timings)
