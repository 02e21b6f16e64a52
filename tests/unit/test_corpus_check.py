"""The corpus's independent check for personal data, and a row it refuses even when muni's
redaction (here switched off) lets the text through."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from muni.corpus import export
from muni.corpus.check import scan
from muni.corpus.select import StoredConversation, StoredTurn
from muni.domain import Redaction


@pytest.mark.parametrize("text,kinds", [
    ("mit cpr er 010190-1234", ["cpr"]),
    ("0101901234", ["cpr"]),
    ("ring på 20304050", ["phone"]),
    ("tlf 89 40 20 00", ["phone"]),
    ("+45 20 30 40 50", ["phone"]),
    ("+46 70 123 45 67", ["phone"]),
    ("skriv til mette@example.dk", ["email"]),
])
def test_finds_personal_data(text, kinds):
    assert sorted({f.kind for f in scan(text)}) == kinds


@pytest.mark.parametrize("text", [
    "24-12-2026", "2026-11-28", "åbent 10-15", "kl. 08:00-15:00", "pris 1.234,50 kr",
    "893 kr.", "2025/2026", "[CPR] og [TELEFON] og [EMAIL]", "3200 Helsinge", "uge 48",
    "1234 5678",  # not a Danish number (no Danish number starts with 1)
])
def test_leaves_ordinary_numbers(text):
    assert scan(text) == []


def conversation(question: str, answer: str = "Det kan du læse om her.") -> StoredConversation:
    turn = StoredTurn(question, answer, "pas", "pris", "curated", "da")
    return StoredConversation("aarhus", "web", "da", datetime(2026, 11, 3, tzinfo=UTC), 3,
                              (turn,))


def test_the_independent_check_refuses_what_the_redaction_missed(monkeypatch):
    monkeypatch.setattr(export, "redact", lambda text: Redaction(text=text))
    row, found = export.corpus_row(conversation("mit cpr er 010190-1234"))
    assert row is None and found == ["cpr"]
    row, found = export.corpus_row(conversation("hej", "skriv til a@b.dk"))
    assert row is None and found == ["email"]


def test_a_clean_conversation_becomes_a_row():
    row, found = export.corpus_row(conversation("hvad koster et pas", "Ring på 89 40 20 00."))
    assert found == [] and row is not None
    assert row["created_month"] == "2026-11" and row["turns"][0]["answer"] == "Ring på [TELEFON]."
    assert len(row["id"]) == 32
