"""Does `general_ask` recognise follow-ups any matter could get, on wording it was not built
on? bench/dev/general_follow_ups.jsonl holds two sets written after the detector
(`expected`: on_behalf, without_mitid, or null for messages it must leave alone). Set 1 was
run once (recall 12/19, false alarms 1/16), then the detector was changed for its misses, so
it is no longer held out; set 2 was written after that and run once (bench/README (u)).

    python bench/general_follow_up_detection.py
"""

from __future__ import annotations

import json
from pathlib import Path

from muni.answering.general_follow_ups import general_ask

DEV = Path(__file__).parent / "dev" / "general_follow_ups.jsonl"


def main() -> None:
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()]
    result = {}
    for name in sorted({r["set"] for r in rows}):
        cases = [r for r in rows if r["set"] == name]
        got = {r["text"]: (a.kind if (a := general_ask(r["text"])) else None) for r in cases}
        asks = [r for r in cases if r["expected"]]
        others = [r for r in cases if not r["expected"]]
        result[name] = {
            "recall": f"{sum(got[r['text']] == r['expected'] for r in asks)}/{len(asks)}",
            "false_alarms": f"{sum(got[r['text']] is not None for r in others)}/{len(others)}",
            "missed": [r["text"] for r in cases if got[r["text"]] != r["expected"]],
        }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
