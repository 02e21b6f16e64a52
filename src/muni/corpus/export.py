"""`export_corpus`: consented conversations, re-redacted with muni's redaction and scanned by
an independent check (check.py), written as a folder that `datasets.load_dataset` reads:
`data/train-00000-of-00001.parquet`, `jsonl/train.jsonl` and a generated `README.md` (the
dataset card). A conversation in which the check still finds a CPR number, a phone number or
an e-mail address, or whose stored citizen text had one the redaction finds only now, is
refused whole and counted, never written. Rows carry a fresh random id
(not the database's), the month the conversation started (not its time), no rating comment
and no reference of a letter."""

from __future__ import annotations

import json
import secrets
import string
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from muni.corpus.check import scan
from muni.corpus.datasheet import dataset_card
from muni.corpus.select import StoredConversation, consented
from muni.privacy.redact import redact
from muni.store.database import Database

PARQUET = "data/train-00000-of-00001.parquet"
JSONL = "jsonl/train.jsonl"
TURN = pa.struct(
    [
        ("question", pa.string()),
        ("answer", pa.string()),
        ("topic", pa.string()),
        ("sub_answer", pa.string()),
        ("origin", pa.string()),
    ]
)
SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("tenant", pa.string()),
        ("channel", pa.string()),
        ("language", pa.string()),
        ("created_month", pa.string()),
        ("rating", pa.int8()),
        ("turns", pa.list_(TURN)),
    ]
)


@dataclass
class ExportReport:
    """What an export wrote and refused (counts only; never a text)."""

    out: Path
    exported: int = 0
    refused: int = 0
    turns: int = 0
    empty: int = 0  # consented conversations without a single turn (nothing to export)
    refused_kinds: Counter[str] = field(default_factory=Counter)
    topics: Counter[str] = field(default_factory=Counter)
    origins: Counter[str] = field(default_factory=Counter)
    ratings: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    tenants: Counter[str] = field(default_factory=Counter)
    months: Counter[str] = field(default_factory=Counter)
    tenant_filter: str | None = None
    since: str | None = None
    created_at: str = ""

    def summary(self) -> dict[str, Any]:
        return {
            "exported": self.exported,
            "refused": self.refused,
            "turns": self.turns,
            "empty": self.empty,
            "refused_kinds": dict(self.refused_kinds),
        }


CHECKED_KINDS = ("cpr", "phone", "email")


def corpus_id() -> str:
    """A fresh random id for an exported conversation: 32 lowercase letters (about 150 bits),
    no digits, so no scan for phone or CPR numbers can ever mistake an id for one (a hex id
    sometimes holds eight digits in a row)."""
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(32))


def clean(text: str | None, citizen: bool) -> tuple[str, list[str]]:
    """The text redacted again by muni, and what is wrong with it: what the independent check
    still finds after the redaction, and, in a citizen's text (stored already redacted), a
    CPR number, phone number or e-mail address the redaction found only now (a miss when it
    was stored: the conversation is not trusted). muni's own answers may name the
    municipality's public number; that is redacted, not refused."""
    redaction = redact(text or "")
    found = [f.kind for f in scan(redaction.text)]
    if citizen:
        found += [kind for kind in redaction.kinds if kind in CHECKED_KINDS]
    return redaction.text, found


def corpus_row(conversation: StoredConversation) -> tuple[dict[str, Any] | None, list[str]]:
    """The exported row, or None and the kinds the check found (the conversation is refused)."""
    turns: list[dict[str, Any]] = []
    found: list[str] = []
    for turn in conversation.turns:
        question, q_found = clean(turn.question, citizen=True)
        answer, a_found = clean(turn.answer, citizen=False)
        found += q_found + a_found
        turns.append(
            {
                "question": question,
                "answer": answer,
                "topic": turn.topic,
                "sub_answer": turn.sub_answer,
                "origin": turn.origin,
            }
        )
    if found:
        return None, found
    languages = Counter(t.language for t in conversation.turns if t.language)
    language = languages.most_common(1)[0][0] if languages else conversation.language
    return {
        "id": corpus_id(),
        "tenant": conversation.tenant,
        "channel": conversation.channel,
        "language": language,
        "created_month": conversation.created_at.astimezone(UTC).strftime("%Y-%m"),
        "rating": conversation.rating,
        "turns": turns,
    }, []


def export_corpus(
    db: Database,
    out: Path,
    tenant_id: int | None = None,
    tenant_slug: str | None = None,
    since: datetime | None = None,
    licence: str = "cc-by-4.0",
) -> ExportReport:
    """Write the corpus folder under `out` (created; files of an earlier export replaced)."""
    report = ExportReport(
        out=out,
        tenant_filter=tenant_slug,
        since=since.date().isoformat() if since else None,
        created_at=datetime.now(UTC).strftime("%Y-%m-%d"),
    )
    (out / "data").mkdir(parents=True, exist_ok=True)
    (out / "jsonl").mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    with db.read() as session:
        for conversation in consented(session, tenant_id, since):
            if not conversation.turns:
                report.empty += 1
                continue
            row, found = corpus_row(conversation)
            if row is None:
                report.refused += 1
                report.refused_kinds.update(found)
                continue
            rows.append(row)
            report.exported += 1
            report.turns += len(row["turns"])
            report.tenants[row["tenant"]] += 1
            report.languages[row["language"]] += 1
            report.months[row["created_month"]] += 1
            report.ratings[str(row["rating"]) if row["rating"] else "ingen"] += 1
            for turn in row["turns"]:
                report.topics[turn["topic"] or "(intet emne)"] += 1
                report.origins[turn["origin"]] += 1
    pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMA), out / PARQUET)
    with (out / JSONL).open("w", encoding="utf-8") as jsonl:
        for row in rows:
            jsonl.write(json.dumps(row, ensure_ascii=False) + "\n")
    (out / "README.md").write_text(dataset_card(report, licence), encoding="utf-8")
    return report
