"""One contract for the store, run on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

from datetime import timedelta

import pytest
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


@pytest.fixture
def db(database_url: str):
    database = Database(database_url)
    database.migrate()
    yield database
    database.dispose()


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
