"""Two questions in one message: does the citizen get both facts, in the answer or one
button press away? And how often does a one-question message get a button it did not ask for?

    MUNI_DATA_DIR=<demo dir> python bench/two_questions.py bench/dev/two_questions_20261202.jsonl \
        --single bench/dev/intents.jsonl bench/dev/facts_pages.jsonl --tenant aarhus [--json F]

Each line of the two-question set: {"text", "topics": [first, second], "expected_fact":
[[fact of the first], [fact of the second]]}. For each message the pipeline answers it; each
button that `answering/second_question.py` added is pressed (its message is answered in the
conversation's context, as the widget sends it). A fact is reached when it is in the answer
or in the answer to one of those buttons (`evaluation.runner.has_facts`). `--single` sets
(one question per message) count the messages that got a second-question button anyway.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("two", type=Path)
    parser.add_argument("--single", type=Path, nargs="*", default=[])
    parser.add_argument("--tenant", default="aarhus")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--show", action="store_true", help="print each message's outcome")
    args = parser.parse_args()

    from muni.config import Settings
    from muni.evaluation.runner import has_facts
    from muni.runtime import Runtime
    from muni.store.tenants import TenantRepository

    runtime = Runtime.start(Settings())
    with runtime.db.session() as session:
        tenant = TenantRepository(session).by_slug(args.tenant)
    assert tenant is not None, f"unknown tenant {args.tenant}"
    pipeline = runtime.pipeline

    rows = [json.loads(line) for line in args.two.read_text().splitlines() if line.strip()]
    results = []
    for row in rows:
        outcome = pipeline.answer(tenant, row["text"])
        answer = outcome.answer
        second = answer.diagnostics.get("second_question", "")
        # the refiner puts its buttons first, one per topic it names
        offered = list(answer.quick_replies[: len(second.split(","))]) if second else []
        pressed = [
            pipeline.answer(tenant, q.message, q.topic, q.sub, outcome.context).answer
            for q in offered
        ]
        facts = [tuple(f) for f in row["expected_fact"]]
        in_answer = [bool(has_facts(f, answer.text)) for f in facts]
        reached = [
            in_answer[i] or any(has_facts(f, p.text) for p in pressed)
            for i, f in enumerate(facts)
        ]
        topics_after = {answer.topic, *(p.topic for p in pressed)}
        results.append(
            {
                "text": row["text"],
                "topics": row["topics"],
                "answered_topic": answer.topic,
                "offered": answer.diagnostics.get("second_question", ""),
                "pressed_topics": [p.topic for p in pressed],
                "in_answer": in_answer,
                "reached": reached,
                "both_topics": set(row["topics"]) <= topics_after,
            }
        )
        if args.show:
            mark = "".join("✓" if r else "·" for r in reached)
            print(
                f"{mark} {answer.topic} + [{answer.diagnostics.get('second_question', '')}]"
                f" want {row['topics']}: {row['text'][:110]}"
            )

    n = len(results)
    summary = {
        "messages": n,
        "both_facts_in_answer": sum(all(r["in_answer"]) for r in results),
        "both_facts_reached": sum(all(r["reached"]) for r in results),
        "facts_in_answer": sum(sum(r["in_answer"]) for r in results),
        "facts_reached": sum(sum(r["reached"]) for r in results),
        "facts": 2 * n,
        "second_topic_offered": sum(bool(r["offered"]) for r in results),
        "both_topics_answered_or_offered": sum(r["both_topics"] for r in results),
    }
    single: dict[str, dict[str, int]] = {}
    from muni.evaluation.runner import read_cases

    for path in args.single:
        cases = read_cases(path)
        texts = [c.text for c in cases if hasattr(c, "text")]
        got = 0
        for text in texts:
            answer = pipeline.answer(tenant, text).answer
            if answer.diagnostics.get("second_question"):
                got += 1
                if args.show:
                    print(f"  extra button [{answer.diagnostics['second_question']}] on "
                          f"{answer.topic}: {text[:110]}")
        single[path.stem] = {"messages": len(texts), "with_button": got}
    summary["single_question_sets"] = single
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(
            json.dumps({"summary": summary, "items": results}, indent=2, ensure_ascii=False)
        )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    main()
