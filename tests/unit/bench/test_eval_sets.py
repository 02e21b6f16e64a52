"""bench/eval_sets.py compare: figures per set, and a hidden (held-out) set's texts never shown."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[3] / "bench" / "eval_sets.py"
spec = importlib.util.spec_from_file_location("eval_sets", SCRIPT)
eval_sets = importlib.util.module_from_spec(spec)
spec.loader.exec_module(eval_sets)


def _item(text: str, answer: str, found: bool) -> dict:
    return {"text": text, "answer": answer, "expected_facts": ["x"], "fact_found": found}


def _write(folder: Path, name: str, items: list[dict]) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps({"items": items}))


def test_hidden_set_shows_figures_but_not_its_texts(tmp_path, capsys):
    before, after = tmp_path / "before", tmp_path / "after"
    _write(before, "round9_facts", [_item("hemmeligt spørgsmål", "gammelt svar", False)])
    _write(after, "round9_facts", [_item("hemmeligt spørgsmål", "nyt svar", True)])
    _write(before, "pages", [_item("åbent spørgsmål", "før", True)])
    _write(after, "pages", [_item("åbent spørgsmål", "efter", False)])

    report = eval_sets.compare(before, after, quiet=False, hide=("round9_",))
    shown = capsys.readouterr().out

    assert report["round9_facts"]["after"] == {"facts": [1, 1]}
    assert "round9_facts: facts 0 -> 1 of 1" in shown
    assert "hemmeligt" not in shown and "nyt svar" not in shown
    assert "åbent spørgsmål" in shown and "efter" in shown

    sums = eval_sets.totals(report, ("round9_",))
    assert sums["held out"] == {"facts before": [0, 1], "facts after": [1, 1]}
    assert sums["dev"] == {"facts before": [1, 1], "facts after": [0, 1]}


def test_without_hide_every_set_counts_as_dev(tmp_path, capsys):
    before, after = tmp_path / "before", tmp_path / "after"
    _write(before, "round9_facts", [_item("spørgsmål", "a", False)])
    _write(after, "round9_facts", [_item("spørgsmål", "b", False)])

    report = eval_sets.compare(before, after, quiet=False)

    assert "spørgsmål" in capsys.readouterr().out
    assert set(eval_sets.totals(report, ())) == {"dev"}


def test_a_run_refuses_a_folder_that_holds_an_earlier_runs_files(tmp_path):
    """Old files would stand in for the sets a new run has not reached yet."""
    _write(tmp_path / "old", "pages", [_item("spørgsmål", "svar", True)])
    with pytest.raises(SystemExit, match="already holds"):
        eval_sets.run(tmp_path / "old", "aarhus")
