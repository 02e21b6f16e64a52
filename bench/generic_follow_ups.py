"""Generic follow-ups: does a conversation stay on its topic when the citizen asks what can be
asked about any matter ("hvem skal jeg kontakte", "kan jeg få hjælp til at søge")?

    python bench/generic_follow_ups.py [--tenant aarhus] [--json OUT]

Nine first questions (waste, home help, parking, building, daycare, housing benefit, walking
aid, passport, moving) are each followed by the same generic follow-ups, written for this
bench and not taken from a dev set. For every pair it records whether the answer stays on the
first answer's topic and, for the follow-ups that ask whom to call, whether the answer gives a
phone number and whether it quotes a line meant for journalists. For "hvad hvis jeg ikke har
mitid", "kan jeg gøre det for min mor", both at once, "kan jeg gøre det online", "hvordan
søger jeg" and "skal jeg have noget med" it also records whether the answer speaks to that
(doing it without MitID; a power of attorney or coming in person; a power of attorney she can
give without MitID; how it is done, first; what to bring or whom to ask, first), not only to
the topic.
Run after `./dev demo` (the demo sites crawled), with the same MUNI_DATA_DIR.
"""

from __future__ import annotations

import argparse
import json
import os
import re

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "passive")

from muni.config import Settings  # noqa: E402
from muni.runtime import Runtime  # noqa: E402
from muni.store.tenants import TenantRepository  # noqa: E402

FIRST = [
    "skraldespanden er ikke blevet tømt i 2 uger",
    "min mor skal have hjemmehjælp",
    "jeg har fået en p-afgift",
    "vi vil gerne bygge en carport",
    "min søn skal i vuggestue",
    "jeg vil søge boligstøtte",
    "min far har brug for en rollator",
    "jeg skal have nyt pas",
    "jeg skal flytte til aarhus",
]
WHOM_TO_CALL = ["hvem skal jeg kontakte", "hvem kan jeg ringe til", "hvad er telefonnummeret"]
OTHER = [
    "kan jeg få hjælp til at søge",
    "hvad hvis jeg ikke har mitid",
    "skal jeg have noget med",
    "kan jeg gøre det for min mor",
    "kan jeg gøre det for min mor, hun har ikke mitid",
    "kan jeg gøre det online",
    "hvordan søger jeg",
]
# what an answer to these says when it answers them (not only stays on the topic)
ANSWERS_IT = {
    "hvad hvis jeg ikke har mitid": re.compile(
        r"(uden|har du ikke|ikke har|kan du ikke \w+) mitid"
    ),
    "kan jeg gøre det for min mor": re.compile(r"fuldmagt|møde op selv|selv møde op"),
    # a power of attorney that needs no MitID from her (asked for, signed on paper), or that
    # she must come in person
    "kan jeg gøre det for min mor, hun har ikke mitid": re.compile(
        r"selv om hun eller han ikke har mitid|møde op selv|selv møde op"
    ),
    # how it is done, in the first paragraph: online, on paper, by phone or in person (not
    # "ask the municipality")
    "kan jeg gøre det online": re.compile(
        r"\A[^\n]*(borger\.dk|online|digital|på nettet|selvbetjening|møde op|hjemmeside|"
        r"kommunens side|log(ger)? (ind|på)|med mitid|i borgerservice|skriftligt|ringe)"
    ),
    # how it is done, in the first paragraph (where, or by what means)
    "hvordan søger jeg": re.compile(
        r"\A[^\n]*(borger\.dk|online|digital|på nettet|selvbetjening|møde op|hjemmeside|"
        r"kommunens side|log(ger)? (ind|på)|med mitid|i borgerservice|skriftligt|ringe|"
        r"du (søger|ansøger|melder|bestiller|klager))"
    ),
}
# what to bring, in the first paragraph: what to take along, or whom to ask about it (never
# a guess); the answer on something else of the topic does not count
ANSWERS_IT["skal jeg have noget med"] = re.compile(
    r"\A[^\n]*(\b(have|tag|tage) [^.\n]{0,60}\bmed\b|medbring|hvad du skal have med)"
)
PHONE = re.compile(r"\b\d{2} ?\d{2} ?\d{2} ?\d{2}\b")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tenant", default="aarhus")
    parser.add_argument("--json", help="write every pair's outcome here")
    args = parser.parse_args()
    runtime = Runtime.start(Settings())
    with runtime.db.session() as session:
        tenant = TenantRepository(session).by_slug(args.tenant)
    rows = []
    for first in FIRST:
        start = runtime.pipeline.answer(tenant, first)
        for follow_up in WHOM_TO_CALL + OTHER:
            answer = runtime.pipeline.answer(tenant, follow_up, context=start.context).answer
            rows.append(
                {
                    "first": first,
                    "topic": start.answer.topic,
                    "follow_up": follow_up,
                    "answer_topic": answer.topic,
                    "answer_sub": answer.sub_answer,
                    "stays": answer.topic == start.answer.topic,
                    "phone": bool(PHONE.search(answer.text)),
                    "press_line": "journalist" in answer.text.lower(),
                    "answers_it": bool(ANSWERS_IT[follow_up].search(answer.text.lower()))
                    if follow_up in ANSWERS_IT
                    else None,
                    "answer": answer.text[:200],
                }
            )
    calls = [r for r in rows if r["follow_up"] in WHOM_TO_CALL]
    summary = {
        "pairs": len(rows),
        "stay_on_topic": sum(r["stays"] for r in rows),
        "whom_to_call_pairs": len(calls),
        "whom_to_call_stay_with_a_number": sum(r["stays"] and r["phone"] for r in calls),
        "press_lines": sum(r["press_line"] for r in rows),
        "stay_and_answer_it": {
            f: sum(bool(r["stays"] and r["answers_it"]) for r in rows if r["follow_up"] == f)
            for f in ANSWERS_IT
        },
        "left_topic_by_follow_up": {
            f: sum(not r["stays"] for r in rows if r["follow_up"] == f)
            for f in WHOM_TO_CALL + OTHER
        },
    }
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"summary": summary, "pairs": rows}, out, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
