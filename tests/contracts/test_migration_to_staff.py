"""Upgrading a database that already has agents, sessions and handoffs (migration 0010 turns
`agents` into `staff`): every agent is still there as an agent of its municipality with its
password, handoffs still point at them, nothing is lost, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from muni.staff.passwords import check_password, hash_password
from muni.store.database import Database, alembic_config


def test_agents_become_staff_and_keep_their_handoffs(database_url):
    db = Database(database_url)
    with db.engine.begin() as connection:
        config = alembic_config(database_url)
        config.attributes["connection"] = connection
        command.upgrade(config, "0009")
    stored = hash_password("en-god-adgangskode")
    with db.engine.begin() as c:
        c.execute(text("INSERT INTO tenants (id, slug, name, municipality_code, config, "
                       "created_at) VALUES (1, 'aarhus', 'Aarhus Kommune', '0751', '{}', "
                       "CURRENT_TIMESTAMP)"))
        c.execute(text("INSERT INTO agents (id, tenant_id, username, display_name, team, "
                       "password_hash) VALUES (7, 1, 'lise', 'Lise', 'borgerservice', :h)"),
                  {"h": stored})
        c.execute(text("INSERT INTO conversations (id, tenant_id, channel, language, "
                       "created_at, updated_at) VALUES ('c1', 1, 'web', 'da', "
                       "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
        c.execute(text("INSERT INTO handoffs (id, tenant_id, conversation_id, status, team, "
                       "reason, agent_id, created_at, updated_at) VALUES (3, 1, 'c1', 'active', "
                       "'borgerservice', 'asked', 7, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
        c.execute(text("INSERT INTO agent_sessions (token_hash, agent_id, tenant_id, created_at, "
                       "expires_at) VALUES ('x', 7, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
    db.migrate()
    with db.engine.connect() as c:
        row = c.execute(text("SELECT id, tenant_id, username, role, active, password_hash "
                             "FROM staff")).one()
        assert (row.id, row.tenant_id, row.username, row.role) == (7, 1, "lise", "agent")
        assert row.active and check_password("en-god-adgangskode", row.password_hash)
        assert c.execute(text("SELECT agent_id FROM handoffs WHERE id = 3")).scalar() == 7
        assert c.execute(text("SELECT count(*) FROM conversations")).scalar() == 1
        assert c.execute(text("SELECT count(*) FROM staff_sessions")).scalar() == 0
    # the foreign keys still hold: a handoff cannot point at a member of staff who is not there
    with db.engine.connect() as c:
        try:
            c.execute(text("UPDATE handoffs SET agent_id = 99 WHERE id = 3"))
            c.commit()
            raised = False
        except Exception:
            raised = True
    assert raised
    db.dispose()
