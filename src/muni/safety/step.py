"""The safety step and the safety-first refiner.

The step runs before any topic is guessed: rules and the classifier decide the message's
safety class. Manipulation and requests for help with crime end the turn with a refusal; an
unsure fraud verdict waits for the topic, and a message without signs of deceit then gets the
topic's rules (safety/deceit.py).
For the other classes the step only prepares the safety reply; the pipeline goes on, and the
refiner then puts the safety reply first and keeps the answer only when there was a real
question it answered well ("min mand slår mig, kan jeg få en anden bolig"), or answers with
the safety reply alone. A political question gets the election information; a request for a
legal or medical judgement gets who can judge, then the rules if a topic fits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from muni.answering.sentence_reading import relevant_stems
from muni.answering.state import TurnState
from muni.content.answer_book import AnswerBook
from muni.domain import Answer, Language, Link, Question, QuickReply
from muni.nlu.embedder import Embedder
from muni.privacy.words import FUNCTION_WORDS
from muni.safety.addressed import addresses_the_assistant
from muni.safety.classifier import SafetyClassifier
from muni.safety.deceit import shows_deceit
from muni.safety.rules import (
    ABUSE,
    ACCIDENT,
    CHILD_FOR_MONEY,
    CHILD_SALE_NEAR,
    ILLNESS,
    LEGAL,
    MEDICAL,
    POISONING,
    RULES,
    rule_verdict,
    without_figures_of_dying,
)
from muni.safety.verdict import (
    DANGER_CLASSES,
    NONE,
    REFUSED_CLASSES,
    SAFETY_CLASSES,
    SafetyVerdict,
)
from muni.texts import say

STOPS = REFUSED_CLASSES  # refused outright, never answered
DANGER = DANGER_CLASSES
# Below this probability a fraud verdict is "unsure": honest questions about the rules share
# words with fraud ("har 150.000 på en opsparing, udelukker det mig fra boligstøtte"). Such a
# message gets the topic's curated answer (the rules) after a line that what one tells the
# municipality must be correct, unless it shows deceit (safety/deceit.py: hiding, faking,
# someone else's login). Then, or without a curated answer, it is refused without the words
# about cheating: a button to its topic and one to a person, one press from the same rules.
ILLEGAL_SURE_AT = 0.9
# How sure the topic answer must be to follow a safety reply.
KEEP_ANSWER_AT = {"emergency": 0.7, "self_harm": 0.7, "violence": 0.6}
KEEP_ANSWER_DEFAULT = 0.5
# Below this probability a danger class is "unsure": thresholds are set low so that danger is
# (almost) never missed, so an ordinary question sometimes reaches one. Then the citizen gets
# one short line with the number to call, and the answer to the question after it.
SURE_AT = 0.65
KEEP_ANSWER_UNSURE = 0.3

# "112" as a number of its own, not inside "1120" or a phone number
CALL_112 = re.compile(r"(?<!\d)112(?!\d)")

LINKS: dict[str, tuple[Link, ...]] = {
    "self_harm": (Link("Livslinien", "https://www.livslinien.dk"),),
    "emergency_self_harm": (Link("Livslinien", "https://www.livslinien.dk"),),
    "violence": (
        Link("Lev Uden Vold", "https://levudenvold.dk"),
        Link("BørneTelefonen (Børns Vilkår)", "https://bornsvilkar.dk"),
    ),
    "violence_child_sale": (
        Link("Center mod Menneskehandel", "https://www.cmm.dk"),
        Link("BørneTelefonen (Børns Vilkår)", "https://bornsvilkar.dk"),
    ),
    "judgement_medical": (Link("sundhed.dk", "https://www.sundhed.dk"),),
    "emergency_poison": (Link("Giftlinjen", "https://www.bispebjerghospital.dk/giftlinjen"),),
}


def reply_key(verdict: SafetyVerdict, text: str) -> str:
    """Which canned reply: the class, or its variant for poisoning / medical questions."""
    if verdict.label == "emergency" and POISONING.search(text):
        return "emergency_poison"
    if verdict.label == "emergency" and "self_harm" in verdict.also:
        return "emergency_self_harm"  # 112 first, and Livslinien
    if (
        verdict.label == "emergency"
        and verdict.source == "classifier"
        and ILLNESS.search(text)
        and not ACCIDENT.search(text)
    ):
        # "vores søn kaster op og har feber": no fire or accident the rules know, an illness;
        # 112 for the danger signs, else the doctor or the out-of-hours doctor
        return "emergency_illness"
    if (
        verdict.label == "violence"
        and verdict.score >= SURE_AT
        and (
            CHILD_SALE_NEAR.search(text)
            # a crime verdict turned to violence (child_for_money): not a violence verdict on
            # "… bange for at få en baby med ham, hvad koster en abort"
            or ("illegal" in verdict.also and CHILD_FOR_MONEY.search(text))
        )
    ):
        # a child sold or bought: the trafficking hotline, and help for a parent who is
        # struggling ("hvor meget kan man sælge en baby for"); an unsure verdict keeps the
        # short line with 112 before the answer ("min datter vil sælge sin cykel")
        return "violence_child_sale"
    if verdict.label == "judgement":
        medical = MEDICAL.search(text) and not LEGAL.search(text)
        return "judgement_medical" if medical else "judgement_legal"
    return verdict.label


def safety_reply(key: str, language: Language, values: Mapping[str, str]) -> str:
    """The canned safety reply `key`, with the tenant's out-of-hours doctor where it names one
    (a sick person's emergency, and who can judge a health question)."""
    if key.startswith("emergency_illness") or key == "judgement_medical":
        number = values.get("laegevagt_telefon") or say("out_of_hours_doctor_unknown", language)
        return say(key, language, laegevagt_telefon=number)
    return say(key, language)


def without_insults(text: str) -> str:
    """The message without what the abuse rule matched ("hold nu kæft og giv mig et svar på
    hvornår skraldebilen kommer" -> "og giv mig et svar på hvornår skraldebilen kommer"), or ""
    when nothing is left to answer or nothing matched."""
    stripped = " ".join(ABUSE.sub(" ", text).split())
    return stripped if stripped != " ".join(text.split()) and len(stripped.split()) >= 3 else ""


def person_button(language: Language) -> QuickReply:
    label = say("talk_to_person", language)
    return QuickReply(label, label, "menneske")


def guard_answer(
    question: Question, verdict: SafetyVerdict, values: Mapping[str, str] | None = None
) -> Answer:
    """The safety reply on its own: what to do, where to call, and a way to a person; `values`
    are the tenant's (its out-of-hours doctor)."""
    key = reply_key(verdict, question.text)
    language = question.language
    text = safety_reply(key, language, values or {})
    links = LINKS.get(key, ())
    if verdict.label == "abuse":
        text = f"{text} {say('abuse_ask', language)}"
    if verdict.label in STOPS and verdict.near:
        # refused, but with signs of danger too: where to call comes first
        danger = verdict.near[0]
        text = f"{say(f'{danger}_unsure', language)}\n\n{text}"
        links = (*LINKS.get(danger, ()), *links)
    return Answer(
        text=text,
        origin="guard",
        status=f"guard_{verdict.label}",
        language=language,
        links=links,
        quick_replies=(person_button(language),),
        confidence=round(verdict.score, 4),
        safety=verdict.label,
    )


def refused_softly(verdict: SafetyVerdict) -> bool:
    """An unsure fraud verdict of the classifier, with no sign of danger beside it."""
    return (
        verdict.label == "illegal"
        and verdict.source == "classifier"
        and verdict.score < ILLEGAL_SURE_AT
        and not verdict.near
    )


def soft_refusal(
    question: Question, verdict: SafetyVerdict, topic: str | None, label: str
) -> Answer:
    """The unsure fraud refusal: no answer, a button to the topic's rules and one to a person."""
    language = question.language
    replies = (QuickReply(label, label, topic),) if topic else ()
    return Answer(
        text=say("illegal_unsure", language),
        origin="guard",
        status="guard_illegal",
        language=language,
        quick_replies=(*replies, person_button(language)),
        confidence=round(verdict.score, 4),
        safety="illegal",
    )


def child_for_money(verdict: SafetyVerdict | None, text: str) -> SafetyVerdict | None:
    """A crime verdict on getting hold of a child for money ("hvor kan jeg få et barn for
    penge, adoption tager for lang tid") is a child in danger: a sure violence verdict, so the
    citizen gets the trafficking reply with 112, not the refusal for fraud."""
    if verdict is None or verdict.label != "illegal" or not CHILD_FOR_MONEY.search(text):
        return verdict
    also = tuple(label for label in ("illegal", *verdict.also) if label != "violence")
    return replace(verdict, label="violence", score=max(verdict.score, SURE_AT), also=also)


def outweighed_in_follow_up(verdict: SafetyVerdict | None, follow_up: bool) -> SafetyVerdict | None:
    """A danger verdict of the classifier alone on a follow-up that it finds more likely
    ordinary than dangerous does not stand: "og til hendes storebror, han er 14" after a
    passport's price (emergency 0.26, none 0.68) has few words to judge, and the conversation
    says what it is about. A danger said as a follow-up scores far above ordinary ("og hvis
    han slår mig igen": violence 1.0; "og hvis jeg ikke orker mere": self-harm 0.99), and the
    rules decide whatever the classifier says."""
    if (
        verdict is None
        or not follow_up
        or verdict.source != "classifier"
        or verdict.label not in DANGER_CLASSES
        or verdict.scores.get(NONE, 0.0) <= verdict.score
    ):
        return verdict
    return replace(verdict, label=NONE, score=verdict.scores.get(NONE, 0.0), also=(), near=())


def addressed_only(verdict: SafetyVerdict | None, text: str) -> SafetyVerdict | None:
    """A manipulation verdict of the classifier alone stands only when the message speaks to
    the assistant (safety/addressed.py): "og hvis hun får det bevilget, hvor tit kommer de så
    og gør rent" is a follow-up, not an attempt. Without such a sign, the next class that fired
    decides, or none did."""
    if (
        verdict is None
        or verdict.label != "manipulation"
        or verdict.source != "classifier"
        or addresses_the_assistant(text)
    ):
        return verdict
    if verdict.also:
        label = verdict.also[0]
        return replace(
            verdict,
            label=label,
            score=verdict.scores.get(label, 0.0),
            also=verdict.also[1:],
            near=(),
        )
    return replace(verdict, label=NONE, score=verdict.scores.get(NONE, 0.0), near=())


def decide(rules: SafetyVerdict | None, model: SafetyVerdict | None) -> SafetyVerdict | None:
    """The more serious of what the rules and the classifier found (None: nothing fired)."""
    fired = [v for v in (rules, model) if v is not None and v.fired]
    if not fired:
        return model
    labels = sorted(
        {label for v in fired for label in (v.label, *v.also)}, key=SAFETY_CLASSES.index
    )
    fired.sort(key=lambda v: SAFETY_CLASSES.index(v.label))
    best = replace(fired[0], also=tuple(labels[1:]))
    if len(fired) == 2 and fired[0].label == fired[1].label:
        return replace(best, source="both", scores=model.scores if model else {})
    return best


class SafetyStep:
    name = "safety"

    def __init__(
        self,
        classifier: SafetyClassifier | None,
        embedder: Embedder | None,
        vectorise: Any = None,
        topic_sure: Any = None,
        estimates: bool = False,
    ) -> None:
        """`vectorise` gives a message's lexical features (shared with the intent step);
        `topic_sure` tells from them whether the intent classifier names its topic from its
        words alone, which lets a clearly ordinary question skip the embedding."""
        self.classifier = classifier
        self.embedder = embedder
        self.vectorise = vectorise
        self.topic_sure = topic_sure
        self.estimates = estimates  # an estimate may decide "none" (MUNI_EMBEDDING_ESTIMATES)

    def __call__(self, question: Question, state: TurnState) -> Answer | None:
        if question.topic_hint:
            return None  # a pressed button or a QR link, not typed text
        model = None
        if self.classifier is not None:
            read = without_figures_of_dying(question.text)
            if read == question.text:  # the row every classifier shares
                features = state.features(self.vectorise, read) if self.vectorise else None
            else:
                features = self.vectorise([read]) if self.vectorise else None
            sure = (
                bool(self.topic_sure(features)[0])
                if self.topic_sure is not None and features is not None
                else False
            )
            model = self.classifier.classify(
                read,
                self.embedder,
                features,
                sure,
                use_estimate=self.estimates and question.language == "da",
            )
        verdict = child_for_money(
            decide(
                rule_verdict(question.text),
                outweighed_in_follow_up(addressed_only(model, question.text), state.follow_up),
            ),
            question.text,
        )
        state.safety = verdict
        if verdict is None or not verdict.fired:
            return None
        if verdict.label in STOPS:
            if refused_softly(verdict):
                return None  # the refiner refuses, after the topic is known (SafetyFirst)
            return guard_answer(question, verdict)
        if verdict.label == "abuse":
            state.topic_text = without_insults(state.topic_text or question.text)
        return None


class SafetyFirst:
    """Refiner: the safety reply first, then the answer if it answers a real question."""

    name = "safety_first"

    def __init__(self, book: AnswerBook) -> None:
        self.book = book

    def __call__(self, question: Question, answer: Answer, state: TurnState) -> Answer:
        verdict = state.safety
        if verdict is None or not verdict.fired or answer.safety is not None:
            return answer
        label, language = verdict.label, question.language
        if label in STOPS:  # an unsure fraud verdict (refused_softly)
            if self._tells_rules(answer) and not shows_deceit(question.text):
                return self._after(answer, say("illegal_rules", language), label, label, language)
            topic = (
                answer.topic
                if answer.origin == "curated" and self.book.has(answer.topic or "")
                else None
            )
            title = self.book.label(topic, language) if topic else ""
            return soft_refusal(question, verdict, topic, title)
        key = reply_key(verdict, question.text)
        # the tenant's out-of-hours doctor, for the reply to an illness or a health question
        named = ("emergency_illness", "judgement_medical")
        values = self.book.values(question.tenant, language) if key in named else {}
        if label in DANGER and key in (label, "emergency_illness") and verdict.score < SURE_AT:
            if self._keeps(answer, label, unsure=True):
                lead = safety_reply(f"{key}_unsure", language, values)
                if self._already_says(answer, key, values):
                    lead = ""  # the answer names 112 and the out-of-hours doctor itself
                return self._after(answer, lead, key, label, language)
            return guard_answer(question, verdict, values)
        if label == "political" and answer.topic not in ("valg", "byraad"):
            answer = self.book.answer(question.tenant, "valg", language)
        elif not self._keeps(answer, label) or not self._asks_more(question.text, verdict, answer):
            return guard_answer(question, verdict, values)
        lead = (
            say("political_election", language)
            if label == "political"
            else safety_reply(key, language, values)
        )
        if label == "judgement":
            lead = f"{lead}\n\n{say('judgement_then', language)}"
        elif label in DANGER:
            lead = f"{lead}\n\n{say('safety_then', language)}"
        return self._after(answer, lead, key, label, language)

    @staticmethod
    def _after(answer: Answer, lead: str, key: str, label: str, language: Language) -> Answer:
        """The safety reply `lead`, then the answer, its help links and a way to a person."""
        person = person_button(language)
        # the answer's own "Tal med en medarbejder" as a plain message gives way to the button
        # that starts a handoff, so it is offered once
        replies = tuple(
            r for r in answer.quick_replies if r.label != person.label or r.topic == "menneske"
        )
        if all(r.topic != "menneske" for r in replies):
            replies = (*replies, person)
        return replace(
            answer,
            text=f"{lead}\n\n{answer.text}" if lead else answer.text,
            links=(*LINKS.get(key, ()), *answer.links),
            quick_replies=replies,
            safety=label,
        )

    def _tells_rules(self, answer: Answer) -> bool:
        """Whether the answer to an unsure fraud verdict is one of the curated topic answers
        (public rules, written by editors), sure enough to give: never a generated text or a
        web quote, which could be phrased after the question."""
        return (
            answer.origin == "curated"
            and answer.status == "answered"
            and self.book.has(answer.topic or "")
            and (answer.confidence or 0.0) >= KEEP_ANSWER_DEFAULT
        )

    @staticmethod
    def _already_says(answer: Answer, key: str, values: Mapping[str, str]) -> bool:
        """Whether the kept answer to an illness already names 112 and the tenant's
        out-of-hours doctor ("Mit barn er sygt"), so the short safety line would repeat it."""
        number = values.get("laegevagt_telefon", "")
        return (
            key == "emergency_illness"
            and bool(number)
            and CALL_112.search(answer.text) is not None
            and number in answer.text
        )

    @staticmethod
    def _asks_more(text: str, verdict: SafetyVerdict, answer: Answer) -> bool:
        """Whether a message a danger rule matched asks about something besides the danger,
        and the answer is about that ("mit barn har slugt nogle af mine piller" does not: the
        topic the classifier reads into "piller" is no question; "..., og så skulle jeg høre
        om sfo-pladsen" is; "huset brænder og min søn er syg" is not answered by how to
        complain about a neighbour's wood stove)."""
        if verdict.label not in DANGER or verdict.source not in ("rules", "both"):
            return True
        rule = RULES.get(verdict.label)
        if rule is None:
            return True
        # words of their own: "af", "min", "et" tie "hjælp min mand er ved at dø af et
        # hjerteanfald" to how a death is registered
        rest = relevant_stems(rule.sub(" ", text)) - FUNCTION_WORDS
        return bool(rest & relevant_stems(answer.text))

    @staticmethod
    def _keeps(answer: Answer, label: str, unsure: bool = False) -> bool:
        if answer.origin == "flow":  # "hvornår kommer skraldebilen, for fanden": calm, then help
            return label == "abuse" and answer.status in ("answered", "clarification")
        if answer.status != "answered" or answer.origin not in ("curated", "search", "generated"):
            return False
        if unsure:
            return (answer.confidence or 0.0) >= KEEP_ANSWER_UNSURE
        if label in DANGER and answer.origin != "curated":
            return False
        floor = KEEP_ANSWER_AT.get(label, KEEP_ANSWER_DEFAULT)
        return (answer.confidence or 0.0) >= floor
