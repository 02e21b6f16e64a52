"""A refused message (fraud, manipulation) with signs of danger short of their threshold still
gets the number to call first: a goodbye may read as a benefits question."""

from __future__ import annotations

import numpy as np

from muni.domain import Question, Tenant
from muni.nlu.classifier import lexical_features
from muni.safety import classifier as safety
from muni.safety.classifier import NEAR_DANGER, SafetyClassifier
from muni.safety.step import guard_answer
from muni.safety.verdict import SafetyVerdict

TENANT = Tenant(id=1, slug="t", name="T Kommune", municipality_code="0000")
THRESHOLDS = {"self_harm": 0.3, "illegal": 0.5, "emergency": 0.4}


def classifier() -> SafetyClassifier:
    texts = ["jeg vil ikke leve mere", "hvordan skjuler jeg min arv", "hvad koster et pas"]
    labels = ["self_harm", "illegal", "none"]
    vectoriser = lexical_features().fit(texts)
    lexical = safety._model().fit(vectoriser.transform(texts), labels)
    return SafetyClassifier(
        sorted(set(labels)), vectoriser, lexical, None, 1.0, 1.0, 0.0, THRESHOLDS
    )


def verdict_for(probs: dict[str, float]) -> SafetyVerdict:
    model = classifier()
    return model._verdict(np.array([probs.get(label, 0.0) for label in model.labels]), "classifier")


def test_a_refusal_names_a_danger_class_that_came_near_its_threshold():
    near = NEAR_DANGER * THRESHOLDS["self_harm"] + 0.01
    verdict = verdict_for({"illegal": 0.8, "self_harm": near, "none": 0.2 - near})
    assert verdict.label == "illegal" and verdict.near == ("self_harm",)
    question = Question(
        tenant=TENANT, text="hvad sker der med min søns børnepenge hvis jeg ikke er her mere"
    )
    answer = guard_answer(question, verdict)
    assert answer.status == "guard_illegal"  # still refused
    assert answer.text.startswith("Har du det svært") and "70 201 201" in answer.text
    assert "Det kan jeg ikke hjælpe med" in answer.text
    assert [link.title for link in answer.links] == ["Livslinien"]


def test_far_from_its_threshold_a_danger_class_leaves_the_refusal_alone():
    far = NEAR_DANGER * THRESHOLDS["self_harm"] - 0.01
    verdict = verdict_for({"illegal": 0.8, "self_harm": far, "none": 0.2 - far})
    assert verdict.near == ()
    answer = guard_answer(Question(tenant=TENANT, text="hvordan skjuler jeg min arv"), verdict)
    assert answer.text.startswith("Det kan jeg ikke hjælpe med") and "70 201 201" not in answer.text


def test_only_refusals_carry_near_danger():
    verdict = verdict_for({"self_harm": 0.2, "none": 0.8})
    assert verdict.label == "none" and verdict.near == ()
