"""Reading eval files (questions and dialogues) and matching expected facts."""

import json

import pytest

from muni.evaluation.runner import Dialogue, EvalFileError, fact_text, has_facts, read_cases


def test_questions_and_dialogues_are_read(tmp_path):
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join([
        json.dumps({"text": "hvad koster et pas", "topic": "pas", "expected_fact": "893 kr",
                    "expected_url": "https://k.dk/borger/pas/"}),
        json.dumps({"turns": [{"text": "nyt pas", "topic": "pas"},
                              {"text": "og hvad koster det", "topic": "pas",
                               "expected_fact": ["893 kr"]},
                              {"text": "hvad med svømmehallen", "topic": None}]}),
    ]) + "\n")
    single, dialogue = read_cases(path)
    assert single.expected_facts == ("893 kr",) and single.expected_urls == ("/borger/pas",)
    assert isinstance(dialogue, Dialogue) and len(dialogue.turns) == 3
    assert dialogue.turns[1].expected_facts == ("893 kr",)
    assert dialogue.turns[2].labelled is False  # a page question in a dialogue, not refused


@pytest.mark.parametrize("line", [
    '{"text": 5}',
    '{"turns": []}',
    '{"text": "x", "expected_fact": [""]}',
    'not json',
])
def test_bad_lines_name_their_line(tmp_path, line):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "ok", "topic": null}\n' + line + "\n")
    with pytest.raises(EvalFileError, match=":2:"):
        read_cases(path)


def test_fact_matching_ignores_spelling_of_numbers_and_units():
    assert fact_text("Prisen er 3.550 kr. om måneden") == "prisen er 3550 kr om måneden"
    assert has_facts(("3550 kr",), "Det koster 3.550 kroner.")
    assert has_facts(("kl. 7-19",), "Åbent alle dage kl. 7 – 19.")
    assert has_facts(("89 40 20 00",), "Ring på 89402000.")
    assert has_facts(("25 kr",), "Det koster 125 kr.") is False
    assert has_facts(("10 arbejdsdage", "3 uger"), "ca. 10 arbejdsdage, kort 3 uger")
    assert not has_facts(("10 arbejdsdage", "3 uger"), "ca. 10 arbejdsdage")
    assert has_facts((), "noget") is None
