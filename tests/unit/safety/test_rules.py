"""Dying as a figure of speech does not meet the emergency rule; a person dying, or a heart
attack happening now, still does (safety/rules.py FIGURES_OF_DYING and RULES["emergency"])."""

from __future__ import annotations

import pytest

from muni.safety.rules import rule_verdict, without_figures_of_dying
from muni.safety.verdict import SafetyVerdict


@pytest.mark.parametrize(
    "text",
    [
        "min datter paa 14 er ved at doe af utaalmodighed efter at faa knallert",
        "jeg er ved at dø af grin",
        "min søn er ved at dø af kedsomhed, hvad kan han lave i ferien",
        "jeg er ved at dø af sult, hvornår kommer madservice",
        "han er ved at dø af at vente på svar fra jer",
        "træerne langs vores vej er ved at dø, hvem planter nye",
        "mine tomatplanter er ved at dø",
        "guldfisken er ved at dø",
    ],
)
def test_a_figure_of_speech_about_dying_is_no_emergency_by_rule(text: str) -> None:
    assert rule_verdict(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "min far er ved at dø",
        "min far er ved at dø af kulde, han sover ude",
        "hun er ved at dø af at have taget piller",
        "min mor er ved at dø og vi vil have hende hjem",
        # a second subject beside the plants, and a real fire beside a figure of speech
        "hækken og min mor er ved at dø",
        "jeg er så træt og min mor er ved at dø",
        "jeg er ved at dø af grin men der er brand i køkkenet",
    ],
)
def test_a_person_dying_is_still_an_emergency(text: str) -> None:
    verdict = rule_verdict(text)
    assert verdict is not None and verdict.label == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "min mand har et hjerteanfald",
        "han er i hjertestop",
        "hun har vist et slagtilfælde",
        "my husband is having a heart attack",
        "I think my dad just had a heart attack",
        "I think my husband had a heart attack, he is not answering me",
        # a time beside a heart attack happening now does not make it the past
        "my husband is having a heart attack what do i do before help arrives",
        "my husband is having a heart attack, last week he was fine",
        "he has had heart attack symptoms for the last 10 minutes",
        "my dad is having a heart attack, he has had one before",
        "I think my mom had a stroke, she cannot move her arm",
        "she is having a stroke",
        "my dad just had a stroke",
        "help heart attack",
        "my mum is having a stroke",
    ],
)
def test_a_heart_attack_now_is_an_emergency(text: str) -> None:
    verdict = rule_verdict(text)
    assert verdict is not None and verdict.label == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "min mand havde hjertestop sidste år, tilbyder kommunen hjerterehabilitering",
        "min far har haft et hjerteanfald, kan han få hjælp til indkøb",
        "min far har et hjerteanfald bag sig og skal genoptrænes",
        "my dad had a heart attack last year, can he get home help",
        "after his heart attack in 2019 he needs help cleaning",
        "she had a stroke 3 years ago and needs a wheelchair",
        "which stroke should my son learn at swimming lessons",
        "my mom had a stroke and is being discharged soon, how does rehab work",
        "since having a stroke last year my mother needs home help",
        "my son has a stroke of luck",
        "he has a history of heart attack and needs a ramp",
    ],
)
def test_a_heart_attack_in_the_past_is_no_emergency_by_rule(text: str) -> None:
    assert rule_verdict(text) is None


class ReadingClassifier:
    """Remembers what it was given to read, and finds nothing (the real classifier's interface)."""

    def __init__(self) -> None:
        self.read: list[str] = []

    def classify(self, text, embedder, features=None, topic_sure=False,  # noqa: ANN001, ANN201
                 use_estimate=False):
        self.read.append(text)
        return SafetyVerdict("none", 0.9, "classifier")


def test_the_classifier_reads_the_message_without_its_figure_of_speech() -> None:
    from muni.answering.state import TurnState
    from muni.domain import Question, Tenant
    from muni.safety.step import SafetyStep

    classifier = ReadingClassifier()
    step = SafetyStep(classifier, None)  # type: ignore[arg-type]
    tenant = Tenant(id=1, slug="t", name="T Kommune", municipality_code="0000")
    for text in ("jeg er ved at dø af grin, hvad koster et pas", "hvad koster et pas"):
        state = TurnState()
        assert step(Question(tenant=tenant, text=text, language="da"), state) is None
        assert state.safety is not None and not state.safety.fired
    assert classifier.read == ["jeg  … , hvad koster et pas", "hvad koster et pas"]


def test_only_the_figure_of_speech_is_left_out() -> None:
    assert without_figures_of_dying("hej, jeg er ved at dø af grin, hvad koster et pas") == (
        "hej, jeg  … , hvad koster et pas"
    )
    assert without_figures_of_dying("min far er ved at dø") == "min far er ved at dø"
