"""One contract for the store, run on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import inspect

from muni.config import REPO_ROOT
from muni.content.loader import load_pack
from muni.domain import Answer, Question, Source
from muni.store.content import ContentRepository, pack_fingerprint
from muni.store.conversations import ConversationRepository
from muni.store.database import Database
from muni.store.tables import utcnow
from muni.store.tenants import TenantRepository
from muni.tenancy import tenant_from_dict


def _tenants(db: Database):
    with db.session() as session:
        repo = TenantRepository(session)
        a = repo.upsert(tenant_from_dict({"slug": "a", "name": "A Kommune",
                                          "municipality_code": "101"}))
        b = repo.upsert(tenant_from_dict({"slug": "b", "name": "B Kommune",
                                          "municipality_code": "202"}))
    return a, b


def test_migration_creates_all_tables_and_is_idempotent(db: Database):
    db.migrate()
    names = set(inspect(db.engine).get_table_names())
    assert {"tenants", "conversations", "turns", "content_topics", "content_phrasings",
            "content_overrides", "content_meta", "alembic_version"} <= names


def test_tenant_upsert_and_lookup(db: Database):
    a, _ = _tenants(db)
    assert a.municipality_code == "0101"
    with db.session() as session:
        repo = TenantRepository(session)
        again = repo.upsert(tenant_from_dict({"slug": "a", "name": "A2 Kommune",
                                              "municipality_code": "101"}))
        assert again.id == a.id and again.name == "A2 Kommune"
        assert repo.by_slug("nope") is None
        assert [t.slug for t in repo.all()] == ["a", "b"]


def test_a_tenant_read_by_slug_is_parsed_once_per_version_of_its_row(db: Database):
    def config(hours: str) -> dict[str, object]:
        return {"slug": "a", "name": "A Kommune", "municipality_code": "101",
                "variables": {"phone": "70 20 30 40"}, "opening_hours": {"man": hours}}

    with db.session() as session:
        TenantRepository(session).upsert(tenant_from_dict(config("8-15")))
    with db.read() as session:
        first, again = (TenantRepository(session).by_slug("a") for _ in range(2))
    assert first is not None and first.opening_hours == {"man": "8-15"}
    assert first.variables["phone"] == "70 20 30 40" and first.name == "A Kommune"
    assert again is first  # the same version of the row: its config is not parsed again
    with db.session() as session:
        TenantRepository(session).upsert(tenant_from_dict(config("9-14")))
    with db.read() as session:
        changed = TenantRepository(session).by_slug("a")
    assert changed is not None and changed.opening_hours == {"man": "9-14"}
    assert changed.id == first.id


def test_content_pack_round_trip(db: Database):
    pack = load_pack(REPO_ROOT / "content")
    with db.session() as session:
        ContentRepository(session).replace_pack(pack)
    with db.session() as session:
        repo = ContentRepository(session)
        loaded = repo.load_pack()
        assert repo.fingerprint() == pack_fingerprint(pack)
    assert loaded.topics == pack.topics
    assert loaded.out_of_scope == pack.out_of_scope
    assert [t.slug for t in loaded.taxonomy] == [t.slug for t in pack.taxonomy]


def test_overrides_are_per_tenant(db: Database):
    a, b = _tenants(db)
    with db.session() as session:
        repo = ContentRepository(session)
        repo.set_override(a, "pas", {"answer": {"da": "Lokalt svar"}})
        assert repo.overrides(a) == {"pas": {"answer": {"da": "Lokalt svar"}}}
        assert repo.overrides(b) == {}


def _answer(topic: str = "pas") -> Answer:
    return Answer(text="Svar", origin="curated", status="answered", topic=topic,
                  sources=(Source("curated", topic),), confidence=0.9)


def test_conversations_are_tenant_scoped(db: Database):
    a, b = _tenants(db)
    with db.session() as session:
        repo_a = ConversationRepository(session, a)
        conversation = repo_a.create(channel="qr")
        repo_a.add_turn(conversation, Question(tenant=a, text="pas [CPR]",
                                               redacted_kinds=("cpr",)), _answer())
        repo_a.add_turn(conversation, Question(tenant=a, text="tak"), _answer("tak"))
        conversation_id = conversation.id
    with db.session() as session:
        repo_a = ConversationRepository(session, a)
        repo_b = ConversationRepository(session, b)
        assert repo_b.get(conversation_id) is None
        assert repo_b.turns(conversation_id) == []
        turns = repo_a.turns(conversation_id)
        assert [(t.seq, t.question, t.topic) for t in turns] == [(1, "pas [CPR]", "pas"),
                                                                (2, "tak", "tak")]
        assert turns[0].redacted_kinds == "cpr"
        assert turns[0].details["sources"][0]["ref"] == "pas"
        assert repo_a.turns_since(conversation_id, utcnow() - timedelta(minutes=1)) == 2
        assert repo_b.turns_since(conversation_id, utcnow() - timedelta(minutes=1)) == 0


def test_rating_is_stored(db: Database):
    a, _ = _tenants(db)
    with db.session() as session:
        repo = ConversationRepository(session, a)
        conversation = repo.create()
        repo.rate(conversation, 3, "fint")
        conversation_id = conversation.id
    with db.session() as session:
        row = ConversationRepository(session, a).get(conversation_id)
        assert row is not None and (row.rating, row.rating_comment) == (3, "fint")
        assert row.rated_at is not None


def test_new_tables_exist(db: Database):
    names = set(inspect(db.engine).get_table_names())
    assert {"fact_disagreements", "fact_sentences", "guard_events"} <= names


def test_sub_answer_phrasings_round_trip(db: Database):
    pack = load_pack(REPO_ROOT / "content")
    with db.session() as session:
        ContentRepository(session).replace_pack(pack)
    with db.session() as session:
        loaded = ContentRepository(session).load_pack()
    assert loaded.sub_answer_count() == pack.sub_answer_count() >= 500
    assert loaded.topics["pas"].sub("pris") == pack.topics["pas"].sub("pris")
    assert loaded.training_examples() == pack.training_examples()
    assert loaded.sub_answer_labels() == pack.sub_answer_labels()


def test_context_is_stored_with_the_conversation(db: Database):
    from muni.domain import ConversationContext

    a, b = _tenants(db)
    context = ConversationContext(topic="pas", sub_answer="pris", asks=("amount",),
                                  page_url="https://a.dk/pas", from_page=True,
                                  question="hvad koster et pas", language="da", vector="AAAA")
    with db.session() as session:
        conversation = ConversationRepository(session, a).create()
        conversation.context = context.as_dict()
        conversation_id = conversation.id
    with db.session() as session:
        row = ConversationRepository(session, a).get(conversation_id)
        assert row is not None and ConversationContext.from_dict(row.context) == context
        assert ConversationRepository(session, b).get(conversation_id) is None


def test_disagreements_are_recorded_once_per_value_and_page(db: Database):
    from muni.domain import FactConflict
    from muni.store.disagreements import DisagreementRepository

    a, b = _tenants(db)
    conflict = FactConflict("genbrugsplads", "genbrugsplads_aabningstider", "7-17", "kl. 8-17",
                            "https://a.dk/genbrug")
    with db.session() as session:
        repo = DisagreementRepository(session, a)
        repo.record(conflict)
        repo.record(conflict)
        repo.record(FactConflict("genbrugsplads", "genbrugsplads_aabningstider", "7-17",
                                 "kl. 7-19", "https://a.dk/genbrug"))
    with db.session() as session:
        rows = DisagreementRepository(session, a).all()
        assert sorted((r.page_value, r.times) for r in rows) == [("kl. 7-19", 1), ("kl. 8-17", 2)]
        assert DisagreementRepository(session, b).all() == []


def test_guard_events_are_counted_per_tenant_and_kind(db: Database):
    from dataclasses import replace

    from muni.store.guard_events import GuardEventRepository

    a, b = _tenants(db)
    guard = Answer(text="Ring 112", origin="guard", status="guard_emergency",
                   safety="emergency", confidence=0.9)
    with db.session() as session:
        conversation = ConversationRepository(session, a).create()
        repo = GuardEventRepository(session, a)
        question = Question(tenant=a, text="der kommer røg ud af [ADRESSE]")
        repo.record(conversation.id, question, guard, "classifier")
        repo.record(conversation.id, question, replace(guard, safety="abuse", origin="curated",
                                                       status="answered"), "rules")
        assert repo.record(conversation.id, question, _answer(), "input") is None
    with db.session() as session:
        assert GuardEventRepository(session, a).counts() == {"emergency": 1, "abuse": 1}
        assert GuardEventRepository(session, b).counts() == {}


def test_fact_sentences_are_stored_with_their_passage_and_go_with_it(db: Database):
    import numpy as np

    from muni.store.pages import PageRepository

    a, _ = _tenants(db)
    with db.session() as session:
        PageRepository(session, a).save(
            "https://a.dk/svoem", "Svømmehal", ("Forside",), None, None, "h1", (), "foreninger",
            [(("Svømmehal", "Priser"), "Voksne: 45 kr. Børn: 25 kr.", None)],
            updated="2026-09-01", passage_topics=[None],
            passage_facts=[[("Voksne: 45 kr.", ("amount",)), ("Børn: 25 kr.", ("amount",))]])
    with db.session() as session:
        repo = PageRepository(session, a)
        todo = repo.facts_without_embedding()
        assert [text.split(": ", 1)[1] for _, text in todo] == ["Voksne: 45 kr.", "Børn: 25 kr."]
        repo.set_fact_embeddings({fid: np.ones(4, dtype=np.float32) for fid, _ in todo})
    with db.session() as session:
        repo = PageRepository(session, a)
        facts = repo.fact_sentences()
        assert [(f.text, f.kinds) for f in facts] == [("Voksne: 45 kr.", ("amount",)),
                                                      ("Børn: 25 kr.", ("amount",))]
        assert facts[0].embedding is not None and repo.passages()[0].updated == "2026-09-01"
        assert repo.passages()[0].page_topic == "foreninger"
        repo.delete({"https://a.dk/svoem"})
    with db.session() as session:
        assert PageRepository(session, a).fact_sentences() == []


def test_turn_context_and_append_turn_in_few_statements(db: Database):
    from muni.store.handoffs import HandoffRepository

    a, b = _tenants(db)
    with db.session() as session:
        conversation_id = ConversationRepository(session, a).create().id
    with db.read() as session:
        empty = ConversationRepository(session, a).turn_context(conversation_id)
        assert empty is not None and (empty.last_origin, empty.in_handoff) == (None, False)
        assert ConversationRepository(session, b).turn_context(conversation_id) is None
    with db.session() as session:
        repo = ConversationRepository(session, a)
        first = repo.append_turn(conversation_id, Question(tenant=a, text="pas [CPR]"),
                                 _answer(), {"topic": "pas"})
        second = repo.append_turn(conversation_id, Question(tenant=a, text="tak"),
                                  _answer("tak"), {"topic": "tak"})
        # another tenant cannot write into the conversation
        other = ConversationRepository(session, b)
        assert other.append_turn(conversation_id, Question(tenant=b, text="x"), _answer(),
                                 {}) is None
    assert (first, second) == (1, 2)
    with db.session() as session:
        HandoffRepository(session, a).create(conversation_id, "borgerservice", "asked")
    with db.read() as session:
        repo = ConversationRepository(session, a)
        found = repo.turn_context(conversation_id)
        assert found is not None and found.context == {"topic": "tak"}
        assert found.in_handoff and found.last_origin == _answer("tak").origin
        turns = repo.turns(conversation_id)
        assert [(t.seq, t.question, t.topic) for t in turns] == [(1, "pas [CPR]", "pas"),
                                                                (2, "tak", "tak")]
        assert turns[0].details["sources"][0]["ref"] == "pas"


def test_a_turn_is_numbered_from_its_own_conversation_only(db: Database):
    """The tenant has thousands of turns in another conversation and the table no statistics
    yet (as after a copy or a busy first hour): numbering a new turn still reads only its own
    conversation's turns. With the tenant in the condition too, PostgreSQL combined the tenant's
    index and read every turn of the tenant, 4 ms a message at 86,000 turns."""
    import pytest
    from sqlalchemy import insert, text

    from muni.store.tables import TurnRow

    if db.engine.dialect.name != "postgresql":
        pytest.skip("reads per index are counted by PostgreSQL only")
    a, _ = _tenants(db)
    with db.session() as session:
        repo = ConversationRepository(session, a)
        busy, quiet = repo.create().id, repo.create().id
    with db.session() as session:
        session.execute(insert(TurnRow.__table__), [
            {"tenant_id": a.id, "conversation_id": busy, "seq": seq, "created_at": utcnow(),
             "question": "q", "redacted_kinds": "", "answer": "a", "origin": "curated",
             "status": "answered", "details": {}} for seq in range(1, 3001)])

    def tenant_index_reads() -> int:
        with db.autocommit() as connection:
            connection.execute(text("SELECT pg_stat_force_next_flush()"))
            return int(connection.execute(text(
                "SELECT idx_tup_read FROM pg_stat_user_indexes "
                "WHERE indexrelname = 'ix_turns_tenant_id'")).scalar_one())

    before = tenant_index_reads()
    with db.session() as session:
        seq = ConversationRepository(session, a).append_turn(
            quiet, Question(tenant=a, text="pas"), _answer(), {})
    assert seq == 1
    assert tenant_index_reads() == before
