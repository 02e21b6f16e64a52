"""Strangling in a couple's fights is violence by the rules, however it is worded; the figures
of speech with the same words are not."""

from __future__ import annotations

from muni.safety.rules import STRANGLING, rule_verdict

REPORTS = (
    "skal man melde det hvis ens mand tager kvælertag når man skændes? det er sket 3 gange nu",
    "min kæreste gav mig et kvælertag i går",
    "han tog mig i kvaelertag foran børnene",
    "min mand prøvede at kvæle mig",
    "han holdt mig hårdt om halsen til jeg næsten besvimede",
    "my boyfriend choked me last night",
    "he tried to strangle her",
    "he put his hands around my neck",
)
NOT_STRANGLING = (
    "de nye regler tager kvælertag på de små butikker i byen",
    "gælden er ved at kvæle mig, hvor får jeg hjælp",
    "min søn har fået noget galt i halsen og kan ikke hoste",  # food: emergency, not violence
    "a man at the next table is choking and can't breathe",
    "jeg har ondt i halsen, skal jeg blive hjemme fra arbejde",
)


def test_strangling_is_violence_by_the_rules():
    verdicts = {text: rule_verdict(text) for text in REPORTS}
    found = {t: (v.label, v.source) if v else None for t, v in verdicts.items()}
    assert [t for t, got in found.items() if got != ("violence", "rules")] == []


def test_its_figures_of_speech_and_choking_on_food_are_not():
    assert [text for text in NOT_STRANGLING if STRANGLING.search(text)] == []
