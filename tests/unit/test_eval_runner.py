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
    # one fact written in either of two ways; every fact is still needed
    assert has_facts(("2 kubikmeter | 2 m³",), "Du må stille 2 m³ ud ad gangen.")
    assert has_facts(("24 kr | DKK 24",), "Parking costs DKK 24 an hour.")
    assert not has_facts(("24 kr | DKK 24", "kl. 9-18"), "Det koster 24 kr. i timen.")
    assert not has_facts(("2 kubikmeter | 2 m³",), "Du må stille 12 m³ ud.")
    assert has_facts((), "noget") is None


def test_sub_answer_labels_are_read_and_scored(tmp_path):
    from types import SimpleNamespace

    from muni.evaluation.runner import EvalReport, _score

    path = tmp_path / "subs.jsonl"
    path.write_text("\n".join([
        json.dumps({"text": "hvad koster et pas", "topic": "pas", "sub": "pris"}),
        json.dumps({"text": "jeg skal have nyt pas", "topic": "pas", "sub": None}),
        json.dumps({"text": "nyt pas", "topic": "pas"}),
    ]) + "\n")
    price, general, plain = read_cases(path)
    assert (price.sub_labelled, price.expected_sub) == (True, "pris")
    assert (general.sub_labelled, general.expected_sub) == (True, None)
    assert plain.sub_labelled is False

    def answer(topic, sub, status="answered"):
        return SimpleNamespace(topic=topic, sub_answer=sub, status=status, origin="curated",
                               confidence=0.9, sources=(), text="", timings={})

    items = [
        _score(price, answer("pas", "pris"), 1.0, None, 0),  # right
        _score(price, answer("pas", None), 1.0, None, 0),  # the overview: a miss
        _score(price, answer("pas", "pris", "clarification"), 1.0, None, 0),  # asked back
        _score(general, answer("pas", None), 1.0, None, 0),  # right: the overview
        _score(general, answer("pas", "pris"), 1.0, None, 0),  # too specific
        _score(plain, answer("pas", "pris"), 1.0, None, 0),  # not scored on sub-answers
    ]
    assert [i.sub_correct for i in items] == [True, False, False, True, False, None]
    totals = EvalReport("aarhus", items).totals()
    assert totals["sub_answer_items"] == 5 and totals["sub_answer_accuracy"] == 0.4
    assert totals["sub_answer_accuracy_specific"] == round(1 / 3, 4)
    assert totals["overview_accuracy_general"] == 0.5
    assert totals["sub_answer_clarification_rate"] == 0.2
    assert "sub_answer_items" not in EvalReport("aarhus", items[-1:]).totals()


def test_a_sub_answer_label_needs_a_topic(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"text": "hvad koster det", "topic": None, "sub": "pris"}) + "\n")
    with pytest.raises(EvalFileError, match=":1:.*'sub'"):
        read_cases(path)
