"""The answer pipeline: an ordered list of small steps, the first answer wins, then refiners.

    redact ─► input checks ─► safety ─► flows ─► gibberish check
           ─► curated intent (topic, follow-up, sub-answer) ─► other authority
           ─► website search (+ LLM phrasing) ─► fallback
    then:  facts from the tenant's pages ─► follow-up focus ─► related pages
           ─► safety first (the safety line above the answer) ─► output guard

Every step takes the redacted `Question` and the turn's `TurnState` (what earlier steps
learned) and returns an `Answer` or None. Refiners take the answer and may change it. The
pipeline also works out what a follow-up would refer to (`ConversationContext`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from muni.addresses.parse import find_address
from muni.answering.follow_up import (
    changes_subject,
    continues,
    is_elliptic,
    search_text,
    without_acknowledgement,
)
from muni.answering.language import detect_language
from muni.answering.second_question import SecondQuestion
from muni.answering.state import Outcome, TurnExtras, TurnState
from muni.domain import Answer, ConversationContext, Question, Tenant
from muni.facts.kinds import asked_kinds, compares
from muni.nlu.classifier import query_text, safety_query_text
from muni.nlu.danish_synonyms import DanishSynonyms
from muni.nlu.embedder import Embedder
from muni.nlu.english_terms import EnglishTerms
from muni.nlu.vectors import pack
from muni.privacy.redact import PLACEHOLDERS, redact
from muni.texts import say

# answers a part's own run may not replace the whole message's answer with
_NOT_A_PART_ANSWER = frozenset({"guard", "fallback", "flow"})


class Step(Protocol):
    name: str

    def __call__(self, question: Question, state: TurnState) -> Answer | None: ...


class Refiner(Protocol):
    """Runs after the answering step; may change the answer (e.g. add related pages)."""

    name: str

    def __call__(self, question: Question, answer: Answer, state: TurnState) -> Answer: ...


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 3)


def privacy_notice(question: Question, answer: Answer | None = None) -> str:
    if not question.redacted_kinds:
        return ""
    if (
        answer is not None
        and answer.origin == "flow"
        and set(question.redacted_kinds) <= {"address"}
    ):
        return ""  # the flow asked for the address; no need to say it was taken out
    key = "privacy_cpr" if "cpr" in question.redacted_kinds else "privacy_other"
    return say(key, question.language)


def next_context(
    question: Question, answer: Answer, state: TurnState, vector: str | None = None
) -> ConversationContext:
    """What a follow-up to this turn may refer to. A turn that answered nothing (a guard or
    the fallback) keeps the earlier context, so "hvad koster det?" still finds its topic."""
    address = state.address_next or question.context.address
    if state.flow_handled and answer.origin == "flow":  # not when a guard replaced it
        return replace(
            question.context,
            flow=state.flow_next,
            address=address,
            language=answer.language,
            topic=answer.topic or question.context.topic,
        )
    if answer.origin in ("guard", "fallback") or answer.status == "clarification":
        return replace(question.context, language=answer.language)
    quoted = answer.origin in ("search", "generated") or "page_fact" in answer.diagnostics
    page = next((s.url for s in answer.sources if s.kind == "page" and s.url), None)
    if not quoted:
        page = None  # related pages are only suggestions, not what the answer was about
    topic = answer.topic or (question.context.topic if state.follow_up else None)
    return ConversationContext(
        topic=topic,
        sub_answer=answer.sub_answer,
        # "og på stranden om sommeren?" after "hvilken af dem er størst" asks no size again
        asks=() if compares(question.text) else state.asks,
        page_url=page,
        from_page=page is not None and answer.origin in ("search", "generated"),
        question=" ".join((state.search_text if state.follow_up else question.text).split()[-40:]),
        language=answer.language,
        vector=vector,
        address=address,  # a message that is not part of a flow leaves it, not the address
    )


class Pipeline:
    def __init__(
        self,
        steps: list[Step],
        refiners: list[Refiner] | None = None,
        embedder: Embedder | None = None,
        english: EnglishTerms | None = None,
        second: SecondQuestion | None = None,
        synonyms: DanishSynonyms | None = None,
    ) -> None:
        if not steps:
            raise ValueError("a pipeline needs at least one step")
        self.steps = steps
        self.refiners = refiners or []
        self.embedder = embedder  # only asked for vectors a step already computed
        self.english = english or EnglishTerms({})
        self.synonyms = synonyms or DanishSynonyms({})
        self.second = second  # a message with questions about two topics

    def prepare(
        self,
        tenant: Tenant,
        text: str,
        topic_hint: str | None = None,
        sub_hint: str | None = None,
        context: ConversationContext | None = None,
        extras: TurnExtras | None = None,
    ) -> Question:
        """Redact first: nothing after this line ever sees the citizen's raw text. An address
        in the message is taken out first (for the waste-pickup flow) and replaced by
        [ADRESSE]; the structured address lives in the Question for this turn only."""
        context = context or ConversationContext()
        extras = extras or TurnExtras()
        expecting = (context.flow or {}).get("waiting") == "address"
        found = find_address(text, expecting)
        address = None
        taken: tuple[str, ...] = ()
        if found is not None:
            address, start, end = found
            text = f"{text[:start]}{PLACEHOLDERS['address']}{text[end:]}"
            taken = ("address",)
        redaction = redact(text)
        language = detect_language(redaction.text, context.language if context.question else None)
        return Question(
            tenant=tenant,
            text=redaction.text,
            language=language,
            danish_terms=self._page_words(redaction.text, language),
            earlier_danish_terms=(
                self._page_words(context.question, language)
                if context.question and context.language == language
                else ""
            ),
            redacted_kinds=tuple(dict.fromkeys(taken + redaction.kinds)),
            topic_hint=topic_hint,
            sub_hint=sub_hint,
            context=context,
            flow_input=extras.flow,
            citizen=extras.citizen,
            contact=extras.contact,
            login_expired=extras.login_expired,
            address=address,
        )

    def answer(
        self,
        tenant: Tenant,
        text: str,
        topic_hint: str | None = None,
        sub_hint: str | None = None,
        context: ConversationContext | None = None,
        on_token: Callable[[str], None] | None = None,
        extras: TurnExtras | None = None,
    ) -> Outcome:
        """Answer one message in its conversation's context. `on_token` receives generated
        text as it streams, if any; `extras` holds what came with the message besides text."""
        started = time.perf_counter()
        question = self.prepare(tenant, text, topic_hint, sub_hint, context, extras)
        timings = {"redact": _ms(started)}
        state = self.initial_state(question, on_token)
        answer = self._run(question, state, timings)
        answered = question  # what the answer answers: the message, or one of its questions
        if self.second is not None:
            split_started = time.perf_counter()
            answer, answered, state = self._split(question, answer, state, timings)
            timings["second_question"] = _ms(split_started)
        notice = privacy_notice(question, answer)
        text_out = f"{notice}\n\n{answer.text}" if notice else answer.text
        timings["total"] = _ms(started)
        answer = replace(answer, text=text_out, timings=timings)
        source = state.safety.source if state.safety and state.safety.fired else "input"
        return Outcome(
            question, answer, next_context(answered, answer, state, self._vector(answered)), source
        )

    def _run(self, question: Question, state: TurnState, timings: dict[str, float]) -> Answer:
        """The steps until one answers, then every refiner."""
        answer: Answer | None = None
        for step in self.steps:
            step_started = time.perf_counter()
            answer = step(question, state)
            timings[step.name] = _ms(step_started)
            if answer is not None:
                break
        if answer is None:
            raise RuntimeError("the last pipeline step must always answer")
        for refine in self.refiners:
            refine_started = time.perf_counter()
            answer = refine(question, answer, state)
            timings[refine.name] = _ms(refine_started)
        return answer

    def _split(
        self,
        question: Question,
        answer: Answer,
        state: TurnState,
        timings: dict[str, float],
    ) -> tuple[Answer, Question, TurnState]:
        """A message with questions about two topics: one of them answered on its own (the
        whole pipeline again, on that part), the others offered as buttons. The part's answer
        is kept only when it answers; nothing streams a second time (`on_token` is not passed
        on), and the part's own step timings are kept as `part:<step>`."""
        assert self.second is not None
        split = self.second.split(question, answer)
        if split is None:
            return answer, question, state
        if split.primary is not None:
            part = self._part(question, split.primary)
            part_state = self.initial_state(part)
            part_timings: dict[str, float] = {}
            part_answer = self._run(part, part_state, part_timings)
            timings.update({f"part:{name}": ms for name, ms in part_timings.items()})
            if part_answer.origin == "guard" and part_answer.safety:
                return part_answer, part, part_state  # the part alone is a danger: it wins
            if part_answer.status == "answered" and part_answer.origin not in _NOT_A_PART_ANSWER:
                answer, question, state = part_answer, part, part_state
        return self.second.offer(answer, split.others, question.language), question, state

    def _part(self, question: Question, text: str) -> Question:
        """One question of the message, with its own Danish terms (an English part is
        searched with its own subjects' words) and the address only if it is in the part."""
        return replace(
            question,
            text=text,
            danish_terms=self._page_words(text, question.language),
            address=question.address if PLACEHOLDERS["address"] in text else None,
        )

    def _page_words(self, text: str, language: str) -> str:
        """The words the pages use for the subjects of `text`: the Danish words for an English
        question's terms, the pages' words for a Danish question's everyday ones."""
        if language == "en":
            return self.english.danish(text)
        return self.synonyms.page_words(text) if language == "da" else ""

    def _vector(self, question: Question) -> str | None:
        if self.embedder is None:
            return None
        found = self.embedder.cached(query_text(question.text, self.embedder))
        if found is None:
            # a long message whose only embedding was the safety classifier's (its own cut):
            # still the message's meaning, for the follow-up that comes next
            found = self.embedder.cached(safety_query_text(question.text, self.embedder))
        return pack(found) if found is not None else None

    @staticmethod
    def initial_state(
        question: Question, on_token: Callable[[str], None] | None = None
    ) -> TurnState:
        context = question.context
        own = asked_kinds(question.text)
        follow_up = (
            question.topic_hint is None
            and bool(context.topic or context.question)
            and is_elliptic(question.text)
        )
        # "og hvis jeg kommer for sent med dem? vi bliver nok hængende …" has words of its own
        # but goes on from the last: retrieval looks for both, so the page the conversation
        # is on is among the hits (SearchStep stays there when its rare words are on it)
        goes_on = (
            not follow_up
            and question.topic_hint is None
            and bool(context.question)
            and continues(question.text)
            and not changes_subject(question.text)
        )
        # "ok tak. og for børn?" after a passport's price: the thanks is no topic of its own
        in_conversation = bool(context.topic or context.question)
        own_text = without_acknowledgement(question.text) if in_conversation else question.text
        return TurnState(
            asks=own or (context.asks if follow_up else ()),
            own_asks=own,
            follow_up=follow_up,
            search_text=search_text(question.text, context, follow_up or goes_on),
            on_token=on_token,
            topic_text=own_text if own_text != question.text else "",
        )
