"""`muni eval` on every labelled dev set, and the difference between two such runs.

    # run: one `muni eval --json` file per dev set into OUT, a new folder (the demo data dir in
    # MUNI_DATA_DIR)
    MUNI_DATA_DIR=... python bench/eval_sets.py run OUT [--tenant aarhus]
    # compare: per set, questions on the right topic, facts found, sub-answers and search hits
    # at 3, before -> after, and every answer that changed (--json writes the figures); the sets
    # named by --hide (a prefix, repeatable) show their figures but never their texts, so a
    # held-out set stays unread while a change is tuned on the others
    python bench/eval_sets.py compare BEFORE AFTER [--json out.json] [--quiet] [--hide round13_]

A change to how answers are made moves answers on sets nobody was looking at; this is how each
stop checks the whole of `bench/dev` before keeping one. "Before" is usually a worktree of the
previous commit (`PYTHONPATH=<worktree>/src`) on a copy of the same demo data dir. The safety
sets have their own benchmarks (`safety_suite.py`, `citizen_false_alarms.py`), and the sets
not in `muni eval`'s format (plain text, `two_questions`) are left out.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

DEV = Path(__file__).resolve().parent / "dev"
SKIPPED = ("safety", "false_alarm", "citizen_conversations", "two_questions")


def dev_sets() -> list[Path]:
    return [p for p in sorted(DEV.glob("*.jsonl")) if not p.name.startswith(SKIPPED)]


def run(out: Path, tenant: str) -> None:
    if out.exists() and any(out.glob("*.json")):
        # an earlier run's files would stand in for the sets this one has not reached yet
        # (or fails on): every run writes into a folder of its own
        raise SystemExit(f"{out} already holds a run's files; give a new folder")
    out.mkdir(parents=True, exist_ok=True)
    muni = Path(sys.executable).with_name("muni")
    env = {**os.environ, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}
    started = time.perf_counter()
    for path in dev_sets():
        result = subprocess.run(
            [str(muni), "eval", str(path), "--tenant", tenant, "--json"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        (out / f"{path.stem}.json").write_text(result.stdout)
    print(f"{len(dev_sets())} sets in {time.perf_counter() - started:.0f} s -> {out}")


def figures(items: list[dict]) -> dict[str, list[int]]:
    """[right, of] per measure; a measure a set does not label is left out."""
    facts = [i for i in items if i.get("expected_facts")]
    subs = [i for i in items if i.get("expected_sub") is not None]
    search = [i for i in items if i.get("search_hit_at_3") is not None]
    topics = [i for i in items if i.get("expected")]
    out: dict[str, list[int]] = {}
    for name, rows, key in (
        ("topic", topics, "correct"),
        ("facts", facts, "fact_found"),
        ("sub_answers", subs, "sub_correct"),
        ("search_hit_at_3", search, "search_hit_at_3"),
    ):
        if rows:
            out[name] = [sum(bool(i[key]) for i in rows), len(rows)]
    return out


def totals(report: dict[str, dict], hide: tuple[str, ...]) -> dict[str, dict[str, list[int]]]:
    """Each measure summed over the shown sets ("dev") and over the hidden ones ("held out")."""
    out: dict[str, dict[str, list[int]]] = {}
    for name, row in report.items():
        group = "held out" if name.startswith(hide) and hide else "dev"
        for side in ("before", "after"):
            for measure, (right, of) in row[side].items():
                cell = out.setdefault(group, {}).setdefault(f"{measure} {side}", [0, 0])
                cell[0] += right
                cell[1] += of
    return out


def compare(
    before: Path, after: Path, quiet: bool, hide: tuple[str, ...] = ()
) -> dict[str, dict]:
    report: dict[str, dict] = {}
    for path in sorted(before.glob("*.json")):
        other = after / path.name
        if not other.exists():
            continue
        old = json.loads(path.read_text())["items"]
        new = json.loads(other.read_text())["items"]
        changed = [(a, b) for a, b in zip(old, new, strict=True) if a["answer"] != b["answer"]]
        fig_old, fig_new = figures(old), figures(new)
        report[path.stem] = {"before": fig_old, "after": fig_new, "changed": len(changed)}
        if fig_old == fig_new and not changed:
            continue
        moved = ", ".join(
            f"{name} {fig_old[name][0]} -> {fig_new[name][0]} of {fig_old[name][1]}"
            for name in fig_old
        )
        print(f"## {path.stem}: {moved}; {len(changed)} answers changed")
        if quiet or (hide and path.stem.startswith(hide)):
            continue
        for a, b in changed:
            fact = ""
            if a.get("expected_facts"):
                fact = f" [fact {bool(a['fact_found'])} -> {bool(b['fact_found'])}]"
            print(f"  Q: {a['text'][:120]}{fact}")
            print(f"    before: {a['answer'][:220]!r}")
            print(f"    after:  {b['answer'][:220]!r}")
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run_cmd = sub.add_parser("run")
    run_cmd.add_argument("out", type=Path)
    run_cmd.add_argument("--tenant", default="aarhus")
    cmp_cmd = sub.add_parser("compare")
    cmp_cmd.add_argument("before", type=Path)
    cmp_cmd.add_argument("after", type=Path)
    cmp_cmd.add_argument("--json", type=Path)
    cmp_cmd.add_argument("--quiet", action="store_true")
    cmp_cmd.add_argument("--hide", action="append", default=[], metavar="PREFIX")
    args = parser.parse_args()
    if args.command == "run":
        run(args.out, args.tenant)
        return
    hide = tuple(args.hide)
    report = compare(args.before, args.after, args.quiet, hide)
    for group, cells in totals(report, hide).items():
        moved = ", ".join(
            f"{measure} {cells[measure + ' before'][0]} -> {cells[measure + ' after'][0]}"
            f" of {cells[measure + ' after'][1]}"
            for measure in dict.fromkeys(key.rsplit(" ", 1)[0] for key in cells)
        )
        print(f"# {group}: {moved}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
