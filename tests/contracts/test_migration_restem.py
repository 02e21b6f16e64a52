"""Migration 0015: passages that hold "passe" and its forms lose their stored stems (made
when "passer" was stemmed as the passport's "pas"), so the PostgreSQL index stems them again;
other passages keep theirs. On SQLite there is no stems column and nothing happens."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text

from muni.nlu.tokens import stem_text
from muni.store.database import Database, alembic_config


@pytest.mark.postgres
def test_passages_about_looking_after_are_stemmed_again(postgres_url):
    db = Database(postgres_url)
    with db.engine.begin() as connection:
        config = alembic_config(postgres_url)
        config.attributes["connection"] = connection
        command.upgrade(config, "0014")
    with db.engine.begin() as c:
        c.execute(text("INSERT INTO tenants (id, slug, name, municipality_code, config, "
                       "created_at) VALUES (1, 'aarhus', 'Aarhus Kommune', '0751', '{}', "
                       "CURRENT_TIMESTAMP)"))
        c.execute(text("INSERT INTO pages (id, tenant_id, url, title, breadcrumb, content_hash, "
                       "links, fetched_at, checked_at) VALUES (1, 1, 'https://k.dk/p', 'P', "
                       "'[]', '', '[]', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
        for pid, body in ((1, "Nødpasning: dit barn kan passes i en anden børnehave."),
                          (2, "Passet bliver sendt med posten.")):
            c.execute(text("INSERT INTO passages (id, tenant_id, page_id, seq, heading_path, "
                           "text, stems) VALUES (:id, 1, 1, :id, '[]', :t, 'pas gammel')"),
                      {"id": pid, "t": body})
    db.migrate()
    with db.engine.connect() as c:
        stored = dict(c.execute(text("SELECT id, stems FROM passages ORDER BY id")).all())
    assert stored == {1: None, 2: "pas gammel"}
    assert "passe" in stem_text("dit barn kan passes").split()
    db.dispose()
