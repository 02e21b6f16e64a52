"""Grounded phrasing: what goes into the prompt, which outputs pass, and every fallback."""

from __future__ import annotations

import pytest

from muni.answering.generate import GroundedPhraser, build_messages, problems
from muni.connectors.fakes import FakeChatModel
from muni.domain import Answer, Link, Question, Source, Tenant
from muni.search.index import Hit
from muni.store.pages import IndexedPassage

TENANT = Tenant(1, "aarhus", "Aarhus Kommune", "0751", generation={"enabled": True})
HITS = [
    Hit(IndexedPassage(1, "https://aarhus.dk/hunde", "Hundeskove", ("Hundeskove",),
                       "Hunde må løbe uden snor i hundeskovene. Ring 89 40 20 00 ved fejl.",
                       None, None), 0.03, 10.0, 0.9),
    Hit(IndexedPassage(2, "https://aarhus.dk/strand", "Strande", ("Strande",),
                       "På stranden skal hunde være i snor om sommeren.", None, None),
        0.02, 5.0, 0.85),
]
EXTRACTIVE = Answer(text="Det her fandt jeg ...", origin="search", status="answered",
                    sources=(Source("page", "p1", "Hundeskove", "https://aarhus.dk/hunde"),
                             Source("page", "p2", "Strande", "https://aarhus.dk/strand")),
                    links=(Link("Hundeskove", "https://aarhus.dk/hunde"),))


def question(text="må min hund løbe uden snor", language="da", tenant=TENANT):
    return Question(tenant=tenant, text=text, language=language)


def phraser(*replies, fail=False):
    model = FakeChatModel(*replies, fail=fail)
    return model, GroundedPhraser(model, lambda t: {"kommune_navn": t.name})


def test_prompt_holds_only_redacted_sources_and_the_question():
    messages = build_messages(question(), HITS, "Aarhus Kommune")
    user = messages[1]["content"]
    assert "[1] Hundeskove (https://aarhus.dk/hunde)" in user and "[2] Strande" in user
    assert "89 40 20 00" not in user and "[TELEFON]" in user
    assert user.endswith("Spørgsmål: må min hund løbe uden snor")
    assert "Aarhus Kommune" in messages[0]["content"]


def test_a_good_answer_is_used_labelled_and_cited_sources_first():
    _, p = phraser("Ja, i hundeskovene må din hund løbe uden snor [1]. På stranden skal den "
                   "være i snor om sommeren [2].")
    answer = p.phrase(question(), HITS, EXTRACTIVE)
    assert answer.origin == "generated"
    assert answer.text.endswith("Svaret er skrevet af en AI ud fra kommunens hjemmeside. "
                                "Tjek kilderne.")
    assert [s.ref for s in answer.sources] == ["p1", "p2"]


@pytest.mark.parametrize("reply,reason", [
    ("Hunde må løbe frit i hundeskovene, det er helt fint for din hund.", "no citation"),
    ("Ja, det må den gerne i hundeskovene [3].", "cites a source that does not exist"),
    ("Ja, se https://evil.example/snyd for det hele [1].", "URL not in the sources"),
    ("Yes, your dog may run without a leash in the dog forests [1].", "language"),
    ("Det står ikke i mine kilder, men prøv at ringe [1].", "sources do not answer"),
    ("[1]", "length"),
    ("Ja, og det koster 250 kr. om året at have hund i hundeskoven [1].",
     "number not in the sources"),
])
def test_bad_outputs_fall_back_to_the_extractive_answer(reply, reason):
    _, p = phraser(reply)
    answer = p.phrase(question(), HITS, EXTRACTIVE)
    assert answer.origin == "search" and answer.text == EXTRACTIVE.text
    assert reason in answer.diagnostics["generation_rejected"]
    assert reason in problems(reply, HITS, "da")


def test_model_failure_falls_back():
    _, p = phraser(fail=True)
    answer = p.phrase(question(), HITS, EXTRACTIVE)
    assert answer.origin == "search" and "generation_failed" in answer.diagnostics


def test_streaming_passes_every_part_on():
    reply = "Ja, i hundeskovene må din hund løbe uden snor [1]."
    _, p = phraser(reply)
    seen: list[str] = []
    answer = p.phrase(question(), HITS, EXTRACTIVE, on_token=seen.append)
    assert "".join(seen) == reply and len(seen) > 1 and answer.origin == "generated"


def test_switched_off_for_the_tenant_sends_nothing():
    model, p = phraser("Ja [1].")
    off = Tenant(2, "odense", "Odense Kommune", "0461")
    assert p.phrase(question(tenant=off), HITS, EXTRACTIVE) is EXTRACTIVE
    assert model.requests == []


def test_english_question_gets_english_rules():
    messages = build_messages(question("can my dog run free", "en"), HITS, "Aarhus Kommune")
    assert messages[0]["content"].startswith("You are the chatbot of Aarhus Kommune")
