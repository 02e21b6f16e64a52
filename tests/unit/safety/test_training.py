"""Training the safety classifier twice on the same phrasings gives the same model and the
same thresholds (liblinear's random order is seeded), also when the fits run as separate jobs."""

import numpy as np

from muni.safety.classifier import SafetyClassifier
from tests.unit.test_classifier import HashEmbedder

PHRASINGS = {
    "emergency": ["min mor er faldet og bløder", "han trækker ikke vejret", "ring efter hjælp",
                  "der er ild i lejligheden", "min søn er bevidstløs", "hun har fået et slag",
                  "jeg tror han har hjertestop", "barnet har slugt piller"],
    "self_harm": ["jeg vil ikke leve mere", "jeg tænker på at gøre en ende på det",
                  "jeg har lyst til at skade mig selv", "ingen ville savne mig",
                  "jeg orker ikke mere livet", "jeg har tænkt på selvmord",
                  "jeg vil forsvinde for altid", "jeg har skåret i mig selv"],
}
ORDINARY = ["hvad koster et pas", "hvornår tømmes skraldespanden", "jeg er flyttet",
            "hvordan søger jeg boligstøtte", "åbningstider på borgerservice", "nyt sundhedskort",
            "jeg vil melde flytning", "hvor meget er børnepengene", "byggetilladelse til carport",
            "hjælp til rengøring", "tabt mit kørekort", "hvornår er der storskrald"]


def test_the_same_phrasings_train_the_same_safety_model():
    runs = [SafetyClassifier.train(PHRASINGS, ORDINARY, HashEmbedder(), folds=4)
            for _ in range(2)]
    (first, a), (second, b) = runs
    assert a.thresholds == b.thresholds
    np.testing.assert_array_equal(first.lexical.coef_, second.lexical.coef_)
    np.testing.assert_array_equal(first.full.coef_, second.full.coef_)
    message = "min far er faldet og bløder"
    assert first.classify(message, HashEmbedder()) == second.classify(message, HashEmbedder())
