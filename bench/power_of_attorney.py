"""First messages that name a matter and ask about a power of attorney for it: does the answer
speak of one?

    python bench/power_of_attorney.py bench/dev/power_of_attorney_probe_20261205.jsonl \
        [--tenant aarhus] [--json out.json]

Each line is {"text", "kind"}: "asks" for a message that asks whether or how someone may act
for another in the matter ("min far har ikke mitid, kan jeg søge boligstøtte for ham med en
fuldmagt"), "other" for one that names a relative and a matter but asks something else (how
to apply, the price, an interpreter). Every message is answered as the first of a
conversation. An "asks" message is answered when the answer speaks of a power of attorney or
says the person must come in person ("fuldmagt", "power of attorney", "møde op selv", "in
person"); an "other" message is taken over when it gets the general power-of-attorney answer
instead of the matter's own. Run it after `./dev demo`, with the same MUNI_DATA_DIR.
"""

from __future__ import annotations

import argparse
import json
import os
import re
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import demo_runtime  # noqa: E402

SPEAKS_OF_IT = re.compile(
    r"fuldmagt|power of attorney|møde op selv|selv møde op|in person|come in yourself",
    re.IGNORECASE,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("probe", type=Path)
    parser.add_argument("--tenant", default="aarhus")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    runtime, tenant = demo_runtime.start(args.tenant)
    rows = []
    for line in args.probe.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        answer = runtime.pipeline.answer(tenant, case["text"]).answer
        # the general answers (AnswerBook.general_answer) cite "<topic>#<phone variable>"
        general = any(s.ref.startswith(f"{answer.topic}#") for s in answer.sources)
        rows.append({
            "text": case["text"], "kind": case["kind"], "topic": answer.topic,
            "sub_answer": answer.sub_answer, "status": answer.status,
            "speaks_of_it": bool(SPEAKS_OF_IT.search(answer.text)), "general": general,
            "answer": answer.text[:160],
        })
    runtime.close()
    asks = [r for r in rows if r["kind"] == "asks"]
    other = [r for r in rows if r["kind"] == "other"]
    out = {
        "asks": len(asks),
        "asks_answered": sum(r["speaks_of_it"] for r in asks),
        "other": len(other),
        "other_taken_over": sum(r["general"] for r in other),
        "rows": rows,
    }
    print(json.dumps({k: v for k, v in out.items() if k != "rows"}, indent=1))
    for row in rows:
        good = row["speaks_of_it"] if row["kind"] == "asks" else not row["general"]
        mark = "ok " if good else "-- "
        print(f"  {mark}{row['kind']:5s} {row['topic']}/{row['sub_answer']}  {row['text'][:90]}")
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
