"""Grounded LLM phrasing of a search answer: only the retrieved passages go into the prompt
(redacted), the model must cite them as [1], [2] ..., and its output is checked; anything
that fails a check, times out or errors falls back to the extractive answer."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from muni.answering.language import detect_language
from muni.connectors.protocols import ChatModel, ChatModelError, Message
from muni.domain import Answer, Language, Question
from muni.privacy.redact import redact
from muni.search.index import Hit
from muni.texts import say

_CITATION = re.compile(r"\[(\d+)\]")
_URL = re.compile(r"https?://[^\s)\]>\"']+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_DANISH_WORDS = frozenset(
    "og i at det er en til på du der med for som af kan har ikke de "
    "skal vil den om så eller kommunen hvis når".split()
)

SYSTEM: dict[Language, str] = {
    "da": (
        "Du er {kommune}s chatbot. Svar kun ud fra kilderne nedenfor. Skriv kort og på let "
        "dansk, højst 80 ord. Sæt kildens nummer i firkantede parenteser efter det, du har "
        "fra den, fx [1]. Står svaret ikke i kilderne, så skriv: Det står ikke i mine "
        "kilder."
    ),
    "en": (
        "You are the chatbot of {kommune}. Answer only from the sources below, briefly and "
        "in plain English, at most 80 words. Cite the source number in square brackets "
        "after what you took from it, e.g. [1]. If the sources do not contain the answer, "
        "write: My sources do not say."
    ),
}
NOT_IN_SOURCES = ("det står ikke i mine kilder", "my sources do not say")


def build_messages(question: Question, hits: list[Hit], kommune: str) -> list[Message]:
    """System rules, then numbered sources (title, URL, redacted text), then the question."""
    blocks = []
    for number, hit in enumerate(hits, start=1):
        text = redact(hit.passage.text).text
        blocks.append(f"[{number}] {hit.passage.title} ({hit.passage.url})\n{text}")
    system = SYSTEM[question.language].format(kommune=kommune)
    user = "Kilder:\n\n" + "\n\n".join(blocks) + f"\n\nSpørgsmål: {question.text}"
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def problems(text: str, hits: list[Hit], language: Language) -> list[str]:
    """Why an output may not be shown; empty when it passes every check."""
    found = []
    stripped = text.strip()
    if not 20 <= len(stripped) <= 1200:
        found.append("length")
    cited = {int(n) for n in _CITATION.findall(stripped)}
    if not cited:
        found.append("no citation")
    if any(n < 1 or n > len(hits) for n in cited):
        found.append("cites a source that does not exist")
    allowed = {h.passage.url.rstrip("/") for h in hits}
    if any(u.rstrip("/.,") not in allowed for u in _URL.findall(stripped)):
        found.append("URL not in the sources")
    if detect_language(stripped) != language:
        found.append("language")
    if language == "da":
        words = re.findall(r"[a-zæøå]+", stripped.lower())
        if not words or sum(w in _DANISH_WORDS for w in words) / len(words) < 0.08:
            found.append("not Danish")
    if any(marker in stripped.lower() for marker in NOT_IN_SOURCES):
        found.append("sources do not answer")
    sourced = " ".join(h.passage.text for h in hits)
    invented = [n for n in _NUMBER.findall(_CITATION.sub(" ", stripped)) if n not in sourced]
    if invented:
        found.append("number not in the sources")  # a price or a date the model made up
    return found


@dataclass
class GroundedPhraser:
    model: ChatModel
    values: Callable  # tenant -> variables (for the municipality's name)
    max_tokens: int = 300
    timeout: float = 20.0

    def phrase(
        self,
        question: Question,
        hits: list[Hit],
        extractive: Answer,
        on_token: Callable[[str], None] | None = None,
    ) -> Answer:
        """The generated answer if it passes the checks, else the extractive one (noted)."""
        if not question.tenant.generation.get("enabled"):
            return extractive
        kommune = self.values(question.tenant).get("kommune_navn", "kommunen")
        messages = build_messages(question, hits, kommune)
        try:
            if on_token is None:
                text = self.model.complete(
                    messages, max_tokens=self.max_tokens, timeout=self.timeout
                )
            else:
                parts = []
                for part in self.model.stream(
                    messages, max_tokens=self.max_tokens, timeout=self.timeout
                ):
                    parts.append(part)
                    on_token(part)
                text = "".join(parts)
        except ChatModelError as exc:
            return replace(extractive, diagnostics={"generation_failed": str(exc)[:200]})
        failed = problems(text, hits, question.language)
        if failed:
            return replace(extractive, diagnostics={"generation_rejected": ", ".join(failed)})
        cited_urls = [hits[int(n) - 1].passage.url for n in _CITATION.findall(text)]
        first = [s for url in dict.fromkeys(cited_urls) for s in extractive.sources if s.url == url]
        sources = tuple(first) + tuple(s for s in extractive.sources if s not in first)
        return replace(
            extractive,
            text=f"{text.strip()}\n\n{say('ai_disclosure', question.language)}",
            origin="generated",
            sources=sources,
        )
