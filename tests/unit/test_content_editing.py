"""Content editing without the web: merging a topic draft, phrasings, the candidate pack,
what the database writer makes of the same drafts, the diff, rollback, and the gate's
comparison of two runs."""

from __future__ import annotations

import pytest

from muni.bootstrap import import_content, import_tenants
from muni.config import REPO_ROOT
from muni.content.editing.apply import Candidate, apply_phrasings, merge_topic, shared_hashes
from muni.content.editing.diff import diff, word_diff
from muni.content.editing.gate import MUST_CATCH, Outcome, Run, compare
from muni.content.editing.model import Change
from muni.content.loader import load_pack
from muni.store.content import ContentRepository, pack_fingerprint
from muni.store.content_changes import write_change
from muni.store.database import Database
from muni.store.tenants import TenantRepository
from muni.tenancy import load_tenants

PACK = load_pack(REPO_ROOT / "content")


def doc(topic: str) -> dict:
    return Candidate.of(PACK, {}, []).shared_document(topic)


def test_a_topic_draft_changes_only_what_it_changed():
    current = Candidate.of(PACK, {}, []).document("pas")
    before = doc("pas")
    after = doc("pas")
    after["sub_answers"][0]["answer"]["da"] = "Ny tekst."
    merged = merge_topic(current, before, after)
    assert merged["sub_answers"][0]["answer"]["da"] == "Ny tekst."
    # the sub-answer keeps its phrasings; the rest is untouched
    assert merged["sub_answers"][0]["phrasings"] == current["sub_answers"][0]["phrasings"]
    assert merged["sub_answers"][1] == current["sub_answers"][1]
    assert merged["answer"] == current["answer"]


def test_two_drafts_of_one_topic_both_survive():
    """An editor's text and a sub-answer the inbox added, each against the live version."""
    current = Candidate.of(PACK, {}, []).document("pas")
    text = doc("pas")
    text["answer"]["da"] = "Overblik, ny udgave."
    added = doc("pas")
    added["sub_answers"].append(
        {"id": "ny-ting", "label": {"da": "Ny", "en": "New"}, "answer": {"da": "Svar", "en": "A"},
         "phrasings": ["et nyt spørgsmål om pas"]}
    )
    merged = merge_topic(merge_topic(current, doc("pas"), text), doc("pas"), added)
    assert merged["answer"]["da"] == "Overblik, ny udgave."
    assert merged["sub_answers"][-1]["id"] == "ny-ting"
    assert merged["sub_answers"][-1]["phrasings"] == ["et nyt spørgsmål om pas"]


def test_a_removed_sub_answer_goes():
    before = doc("pas")
    after = doc("pas")
    gone = after["sub_answers"].pop()["id"]
    merged = merge_topic(Candidate.of(PACK, {}, []).document("pas"), before, after)
    assert gone not in [s["id"] for s in merged["sub_answers"]]


def test_phrasings_remove_every_copy_and_add_once():
    assert apply_phrasings(["a", "b", "a"], {"add": ["c", "b"], "remove": ["a"]}) == ["b", "c"]


@pytest.fixture
def database(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'muni.db'}")
    db.migrate()
    import_content(db, REPO_ROOT / "content")
    import_tenants(db, load_tenants(REPO_ROOT / "tenants"))
    yield db
    db.dispose()


def _live(db: Database) -> Candidate:
    with db.session() as session:
        content = ContentRepository(session)
        tenants = TenantRepository(session).all()
        return Candidate.of(
            content.load_pack(), {t.id: content.overrides(t) for t in tenants}, tenants
        )


def test_what_is_written_is_what_the_gate_tested(database):
    """The candidate pack in memory and the tables after writing the same drafts agree
    (topics, phrasings, overrides, variables) and so do their training fingerprints."""
    live = _live(database)
    aarhus = next(t for t in live.tenants.values() if t.slug == "aarhus")
    topic = live.shared_document("pas")
    topic["sub_answers"][0]["answer"]["da"] = "Et pas koster {{pris_pas_voksen}}. Ny tekst."
    topic["sub_answers"].append(
        {"id": "ny-ting", "label": {"da": "Ny", "en": "New"}, "answer": {"da": "Svar", "en": "A"},
         "phrasings": ["kan jeg få pas med posten"]}
    )
    changes = [
        Change(1, "topic", "pas", "", None, live.shared_document("pas"), topic),
        Change(2, "phrasings", "pas", "ny-ting", None, None, {"add": ["pas sendt hjem"]}),
        Change(3, "phrasings", "pas", "", None, None,
               {"add": ["pas pas pas"], "remove": [PACK.topics["pas"].phrasings[0]]}),
        Change(4, "override", "pas", "pris", aarhus.id, None, {"answer": {"da": "Lokalt."}}),
        Change(5, "variables", "", "", aarhus.id, None,
               {"kommune_navn": "Aarhus Kommune", "kommune_telefon":
                {"value": "11 22 33 44", "source": "https://aarhus.dk", "as_of": "2026-01-01"}}),
    ]
    candidate = live.with_changes(changes)
    assert pack_fingerprint(candidate.pack) != pack_fingerprint(live.pack)
    hashes = shared_hashes(candidate.pack)
    with database.session() as session:
        for change in sorted(changes, key=lambda c: c.order):
            write_change(session, change, hashes)
    written = _live(database)
    assert pack_fingerprint(written.pack) == pack_fingerprint(candidate.pack)
    assert written.document("pas") == candidate.document("pas")
    assert written.overrides[aarhus.id]["pas/pris"] == {"answer": {"da": "Lokalt."}}
    assert written.tenants[aarhus.id].variables["kommune_telefon"] == "11 22 33 44"
    assert candidate.tenants[aarhus.id].variables["kommune_telefon"] == "11 22 33 44"


def test_diff_shows_fields_and_words():
    before = doc("pas")
    after = doc("pas")
    after["sub_answers"][0]["answer"]["da"] = before["sub_answers"][0]["answer"]["da"].replace(
        "{{pris_pas_voksen}}", "en del penge"
    )
    found = diff(before, after)
    assert [f.path for f in found] == ["sub_answers[pris].answer.da"]
    removed = "".join(s.text for s in found[0].segments if s.op == "del")
    added = "".join(s.text for s in found[0].segments if s.op == "add")
    assert "{{pris_pas_voksen}}" in removed and "en del penge" in added
    assert [(s.op, s.text) for s in word_diff("a b c", "a x c")] == [
        ("same", "a "), ("del", "b"), ("add", "x"), ("same", " c")]


def test_rollback_restores_before():
    from muni.content.editing.drafts import rollback_change
    from muni.staff.roles import Role, StaffMember
    from muni.store.tables import ContentChangeRow

    class FakeSession:
        def add(self, row):
            self.row = row

        def flush(self):
            pass

    editor = StaffMember(1, "ed", "Ed", Role.CENTRAL_EDITOR, None)
    published = ContentChangeRow(id=7, kind="phrasings", topic="pas", sub_answer="pris",
                                 tenant_id=None, before=None, status="published",
                                 after={"add": ["x"], "remove": ["y"]})
    row = rollback_change(FakeSession(), editor, published)
    assert row.after == {"add": ["y"], "remove": ["x"]} and row.status == "draft"
    topic = ContentChangeRow(id=8, kind="topic", topic="pas", sub_answer="", tenant_id=None,
                             before={"answer": {"da": "gammel"}},
                             after={"answer": {"da": "ny"}}, status="published")
    back = rollback_change(FakeSession(), editor, topic)
    assert back.after == {"answer": {"da": "gammel"}} and back.before == {"answer": {"da": "ny"}}
    with pytest.raises(ValueError):
        rollback_change(FakeSession(), editor, replace_status(topic, "draft"))


def replace_status(row, status):
    row.status = status
    return row


def run(ok: dict[str, list[bool]]) -> Run:
    return Run({name: [Outcome(f"q{i}", "x", v, "svar") for i, v in enumerate(values)]
                for name, values in ok.items()})


def test_gate_blocks_a_drop_beyond_the_tolerance_and_lists_the_question():
    before = run({"facts_national": [True] * 100})
    one_lost = run({"facts_national": [False] + [True] * 99})
    two_lost = run({"facts_national": [False, False] + [True] * 98})
    assert compare("aarhus", before, one_lost, 0.01).passed
    blocked = compare("aarhus", before, two_lost, 0.01)
    assert not blocked.passed
    assert [b["text"] for b in blocked.broken] == ["q0", "q1"]


def test_gate_allows_no_must_catch_loss_even_when_another_is_gained():
    before = run({MUST_CATCH: [True, False, True]})
    swapped = run({MUST_CATCH: [False, True, True]})
    assert not compare("aarhus", before, swapped, 0.5).passed
    assert compare("aarhus", before, before, 0.0).passed


def test_a_gain_passes():
    before = run({"intents": [False, True]})
    after = run({"intents": [True, True]})
    result = compare("aarhus", before, after, 0.0)
    assert result.passed and result.fixed == 1 and result.broken == []

