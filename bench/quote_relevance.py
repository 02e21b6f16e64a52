"""How often a page quote put before a curated answer names nothing the citizen asked about.

    MUNI_DATA_DIR=... python bench/quote_relevance.py [--tenant aarhus] [--json out.json] \
        [--show 20]

The page-facts refiner quotes a sentence of the tenant's own pages before a curated answer
when the question asks for a fact ("På Aarhus Kommunes hjemmeside står der: «...»"). A quote
about something else ("Sparepærer og lysstofrør, der er kortere end 60 cm." before the answer
to "hvor lang barsel har far") misleads more than no quote. There is no label for which quote
is relevant, so this counts a proxy: quotes that share no content word (the stems that tie a
sentence to a question in `answering/sentence_reading.py`) with the question, or in a dialogue
with the question it follows. Some such quotes are still right (an English question shares no
word with a Danish page; "Det er gratis." answers "koster det noget"), so read the number
beside the examples printed with `--show`, and compare runs, not the absolute value.

Every question of the intent, sub-answer, fact and dialogue dev sets is answered once in
process, dialogues turn by turn with their context.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from muni.answering.sentence_reading import relevant_stems  # noqa: E402
from muni.config import Settings  # noqa: E402
from muni.domain import ConversationContext  # noqa: E402
from muni.evaluation.runner import Dialogue, read_cases  # noqa: E402
from muni.runtime import Runtime  # noqa: E402
from muni.store.tenants import TenantRepository  # noqa: E402

DEV = Path(__file__).parent / "dev"
SETS = ("intents", "sub_answers", "facts_pages", "facts_national", "dialogues")
LEADS = ("hjemmeside står der: «", "says (in Danish): «")


def quoted(text: str) -> str | None:
    """The page sentence(s) a curated answer starts with, if it starts with a page quote."""
    head = text.split("\n", 1)[0]
    for lead in LEADS:
        if lead in head:
            return head.split(lead, 1)[1].split("»", 1)[0]
    return None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tenant", default="aarhus")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--show", type=int, default=0, help="print this many unrelated quotes")
    args = parser.parse_args()
    runtime = Runtime.start(Settings())
    with runtime.db.session() as session:
        tenant = TenantRepository(session).by_slug(args.tenant)
    assert tenant is not None, f"unknown tenant {args.tenant}"
    result: dict[str, dict[str, int]] = {}
    shown: list[str] = []
    for name in SETS:
        answers = quotes = unrelated = 0
        for case in read_cases(DEV / f"{name}.jsonl"):
            turns = case.turns if isinstance(case, Dialogue) else (case,)
            context, earlier = ConversationContext(), ""
            for item in turns:
                outcome = runtime.pipeline.answer(tenant, item.text, context=context)
                answer, context = outcome.answer, outcome.context
                answers += 1
                quote = quoted(answer.text) if answer.origin == "curated" else None
                if quote is not None:
                    quotes += 1
                    asked = relevant_stems(f"{item.text} {earlier}")
                    if not asked & relevant_stems(quote):
                        unrelated += 1
                        shown.append(f"{name}: {item.text[:70]} | «{quote[:70]}»")
                earlier = item.text
        result[name] = {"answers": answers, "quotes": quotes, "sharing_no_word": unrelated}
        print(name, result[name], flush=True)
    for line in shown[: args.show]:
        print(" ", line)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
