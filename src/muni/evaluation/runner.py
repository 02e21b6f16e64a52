"""Run labelled questions and dialogues through the in-process pipeline and score the answers.

A JSONL line is either one question in a fresh conversation —
`{"text", "topic" (slug or null), "sub"?, "expected_fact"?, "expected_url"?}` — or a dialogue —
`{"turns": [{"text", "topic"?, "expected_fact"?, "expected_url"?}, ...]}` — whose turns are
answered in one conversation, each with the context the previous ones left.

Scores: topic accuracy (in scope), refusal of out-of-scope questions, `fact_rate` (the answer
text contains every `expected_fact` string; one string may give ways of writing the same fact
apart by " | ": "2 kubikmeter | 2 m³", "24 kr | DKK 24"), `search_hit_at_3` (an expected page
among the first three cited pages), `sub_answer_accuracy` over the questions labelled with
`sub` (the sub-answer's id, or null for a general question that should get the topic's
overview: the right topic answered with exactly that sub-answer; a clarifying question is a
miss); for dialogues first turns and follow-ups apart.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from muni.answering.pipeline import Pipeline
from muni.domain import ConversationContext, Tenant


class EvalFileError(ValueError):
    """The eval file cannot be read; the message names the line."""


@dataclass(frozen=True)
class Case:
    text: str
    expected: str | None
    expected_urls: tuple[str, ...] = ()  # URL paths; any of them among the first 3 sources
    expected_facts: tuple[str, ...] = ()  # every one must be in the answer text
    labelled: bool = True  # False: not scored on topic (a dialogue turn with no topic)
    sub_labelled: bool = False  # scored on the sub-answer (`expected_sub`; None: the overview)
    expected_sub: str | None = None


@dataclass(frozen=True)
class Dialogue:
    turns: tuple[Case, ...]


@dataclass
class ItemResult:
    text: str
    expected: str | None
    topic: str | None
    origin: str
    status: str
    confidence: float | None
    ms: float
    correct: bool | None
    sources: list[str] = field(default_factory=list)
    search_hit_at_3: bool | None = None
    fact_found: bool | None = None
    expected_facts: list[str] = field(default_factory=list)
    sub_answer: str | None = None
    expected_sub: str | None = None
    sub_correct: bool | None = None  # None: not labelled with a sub-answer
    dialogue: int | None = None  # which dialogue of the file, for dialogue turns
    turn: int = 0  # 0 = the first message of its conversation
    answer: str = ""
    timings: dict[str, float] = field(default_factory=dict)


def _rate(items: list[ItemResult], test: Any) -> float | None:
    return round(sum(map(test, items)) / len(items), 4) if items else None


@dataclass
class EvalReport:
    tenant: str
    items: list[ItemResult] = field(default_factory=list)

    @staticmethod
    def _scores(items: list[ItemResult]) -> dict[str, Any]:
        scored = [i for i in items if i.correct is not None]
        in_scope = [i for i in scored if i.expected is not None]
        out_scope = [i for i in scored if i.expected is None]
        searched = [i for i in items if i.search_hit_at_3 is not None]
        facts = [i for i in items if i.fact_found is not None]
        subs = [i for i in items if i.sub_correct is not None]
        specific = [i for i in subs if i.expected_sub is not None]
        general = [i for i in subs if i.expected_sub is None]
        return {
            "items": len(items),
            "in_scope": len(in_scope),
            "out_of_scope": len(out_scope),
            "in_scope_accuracy": _rate(in_scope, lambda i: i.correct),
            "clarification_rate": _rate(in_scope, lambda i: i.status == "clarification"),
            "out_of_scope_refusal_accuracy": _rate(out_scope, lambda i: i.correct),
            "search_items": len(searched),
            "search_hit_at_3": _rate(searched, lambda i: i.search_hit_at_3),
            "fact_items": len(facts),
            "fact_rate": _rate(facts, lambda i: i.fact_found),
        } | (
            {
                "sub_answer_items": len(subs),
                "sub_answer_accuracy": _rate(subs, lambda i: i.sub_correct),
                "sub_answer_accuracy_specific": _rate(specific, lambda i: i.sub_correct),
                "overview_accuracy_general": _rate(general, lambda i: i.sub_correct),
                "sub_answer_clarification_rate": _rate(
                    subs, lambda i: i.status == "clarification"
                ),
            }
            if subs
            else {}
        )

    def totals(self) -> dict[str, Any]:
        ms = np.array([i.ms for i in self.items]) if self.items else np.array([0.0])
        totals = self._scores(self.items)
        if any(i.dialogue is not None for i in self.items):
            totals["first_turns"] = self._scores([i for i in self.items if i.turn == 0])
            totals["follow_ups"] = self._scores([i for i in self.items if i.turn > 0])
        totals["latency_ms_p50"] = round(float(np.percentile(ms, 50)), 2)
        totals["latency_ms_p99"] = round(float(np.percentile(ms, 99)), 2)
        return totals

    def as_json(self) -> dict[str, Any]:
        return {
            "tenant": self.tenant,
            "totals": self.totals(),
            "items": [asdict(i) for i in self.items],
        }


def _strings(value: Any, name: str) -> tuple[str, ...]:
    values = (value,) if isinstance(value, str) else tuple(value or ())
    if not all(isinstance(v, str) and v.strip() for v in values):
        raise TypeError(f"'{name}' must be a string or a list of strings")
    return values


def _case(data: dict[str, Any], in_dialogue: bool) -> Case:
    text = data["text"]
    if not isinstance(text, str):
        raise TypeError("'text' must be a string")
    topic = data.get("topic")
    if not (topic is None or isinstance(topic, str)):
        raise TypeError("'topic' must be a slug or null")
    urls = _strings(data.get("expected_url"), "expected_url")
    facts = _strings(data.get("expected_fact"), "expected_fact")
    sub = data.get("sub")
    if "sub" in data and (topic is None or not (sub is None or isinstance(sub, str))):
        raise TypeError("'sub' must be a sub-answer id or null, and needs a 'topic'")
    return Case(
        text=text,
        expected=topic,
        expected_urls=tuple(urlsplit(u).path.rstrip("/") or "/" for u in urls),
        expected_facts=facts,
        # in a dialogue, a turn without a topic is about a page, not out of scope
        labelled=not in_dialogue or topic is not None,
        sub_labelled="sub" in data,
        expected_sub=sub,
    )


def read_cases(path: Path) -> list[Case | Dialogue]:
    cases: list[Case | Dialogue] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if "turns" in data:
                turns = data["turns"]
                if not isinstance(turns, list) or not turns:
                    raise TypeError("'turns' must be a non-empty list")
                cases.append(Dialogue(tuple(_case(t, True) for t in turns)))
            else:
                cases.append(_case(data, False))
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise EvalFileError(f"{path}:{number}: {exc}") from exc
    return cases


REFUSING_ORIGINS = ("guard", "fallback")


def is_correct(expected: str | None, topic: str | None, status: str, origin: str) -> bool:
    """In scope: the right topic was answered. Out of scope: muni refused (a guard or the
    fallback answered), so no curated, search or generated answer and no clarifying guess."""
    if expected is None:
        return origin in REFUSING_ORIGINS
    return topic == expected and status != "clarification"


def is_right_sub_answer(case: Case, topic: str | None, sub: str | None, status: str) -> bool:
    """The expected topic answered with the expected sub-answer (None: the overview)."""
    return topic == case.expected and status == "answered" and sub == case.expected_sub


def hit_at_3(expected_urls: tuple[str, ...], sources: list[str]) -> bool | None:
    if not expected_urls:
        return None
    paths = []
    for url in sources:
        path = urlsplit(url).path.rstrip("/") or "/"
        if path not in paths:
            paths.append(path)
    return any(p in expected_urls for p in paths[:3])


def fact_text(text: str) -> str:
    """Text reduced for fact matching: case, dashes, spaces inside numbers, thousand
    separators, 'kr.' and 'kl.' spellings ('3.550 kr.' == '3550 kr', '7 – 19' == '7-19')."""
    text = text.lower().replace("\u00a0", " ").replace("–", "-").replace("—", "-")
    text = re.sub(r"(?<=\d)\.(?=\d{3}\b)", "", text)
    text = re.sub(r"(?<=\d)\s+(?=\d)", "", text)
    text = re.sub(r"\s*-\s*", "-", text)
    text = re.sub(r"\bkroner\b", "kr", text)
    text = re.sub(r"\b(kr|kl)\.", r"\1", text)
    return " ".join(text.split()).strip(" .")


def has_facts(expected: tuple[str, ...], answer: str) -> bool | None:
    if not expected:
        return None
    haystack = fact_text(answer)
    return all(
        any(_contains(haystack, fact_text(way)) for way in fact.split(ALTERNATIVES))
        for fact in expected
    )


ALTERNATIVES = " | "  # "2 kubikmeter | 2 m³": one fact, written either way


def _contains(haystack: str, fact: str) -> bool:
    """`fact` in `haystack`, not as the tail of a longer number ("25 kr" is not in "125 kr")."""
    edge_before = r"(?<![\w])" if fact[:1].isalnum() else ""
    edge_after = r"(?![\d])" if fact[-1:].isdigit() else ""
    return re.search(edge_before + re.escape(fact) + edge_after, haystack) is not None


def _score(case: Case, answer: Any, ms: float, dialogue: int | None, turn: int) -> ItemResult:
    sources = [s.url for s in answer.sources if s.url]
    scored = case.labelled and not (
        case.expected is None and (case.expected_facts or case.expected_urls)
    )
    return ItemResult(
        text=case.text,
        expected=case.expected,
        topic=answer.topic,
        origin=answer.origin,
        status=answer.status,
        confidence=answer.confidence,
        ms=ms,
        correct=is_correct(case.expected, answer.topic, answer.status, answer.origin)
        if scored
        else None,
        sources=sources,
        search_hit_at_3=hit_at_3(case.expected_urls, sources),
        fact_found=has_facts(case.expected_facts, answer.text),
        expected_facts=list(case.expected_facts),
        sub_answer=answer.sub_answer,
        expected_sub=case.expected_sub,
        sub_correct=is_right_sub_answer(case, answer.topic, answer.sub_answer, answer.status)
        if case.sub_labelled
        else None,
        dialogue=dialogue,
        turn=turn,
        answer=answer.text,
        timings=dict(answer.timings),
    )


def evaluate(pipeline: Pipeline, tenant: Tenant, cases: list[Case | Dialogue]) -> EvalReport:
    report = EvalReport(tenant=tenant.slug)
    for number, case in enumerate(cases):
        turns = case.turns if isinstance(case, Dialogue) else (case,)
        context = ConversationContext()
        for turn, item in enumerate(turns):
            started = time.perf_counter()
            outcome = pipeline.answer(tenant, item.text, context=context)
            ms = round((time.perf_counter() - started) * 1000, 3)
            context = outcome.context
            dialogue = number if isinstance(case, Dialogue) else None
            report.items.append(_score(item, outcome.answer, ms, dialogue, turn))
    return report
