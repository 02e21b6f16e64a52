"""Migrations 0015 and 0017: passages that hold "passe" and its forms, or "demens", lose their
stored stems (made when "passer" was stemmed as the passport's "pas" and "demens" as the
pronoun's "dem"), so the PostgreSQL index stems them again; other passages keep theirs. On
SQLite there is no stems column and nothing happens."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text

from muni.nlu.tokens import stem_text
from muni.store.database import Database, alembic_config


def stems_after_migrating(postgres_url: str, before: str, rows, old_stems: str):  # noqa: ANN001
    """The stored stems of passages `rows` ((id, heading_path JSON, text)), stored with
    `old_stems` at revision `before`, once every migration has run."""
    db = Database(postgres_url)
    with db.engine.begin() as connection:
        config = alembic_config(postgres_url)
        config.attributes["connection"] = connection
        command.upgrade(config, before)
    with db.engine.begin() as c:
        c.execute(text("INSERT INTO tenants (id, slug, name, municipality_code, config, "
                       "created_at) VALUES (1, 'aarhus', 'Aarhus Kommune', '0751', '{}', "
                       "CURRENT_TIMESTAMP)"))
        c.execute(text("INSERT INTO pages (id, tenant_id, url, title, breadcrumb, content_hash, "
                       "links, fetched_at, checked_at) VALUES (1, 1, 'https://k.dk/p', 'P', "
                       "'[]', '', '[]', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
        for pid, heading, body in rows:
            c.execute(text("INSERT INTO passages (id, tenant_id, page_id, seq, heading_path, "
                           "text, stems) VALUES (:id, 1, 1, :id, :h, :t, :s)"),
                      {"id": pid, "h": heading, "t": body, "s": old_stems})
    db.migrate()
    with db.engine.connect() as c:
        stored = dict(c.execute(text("SELECT id, stems FROM passages ORDER BY id")).all())
    db.dispose()
    return stored


@pytest.mark.postgres
def test_passages_about_looking_after_are_stemmed_again(postgres_url):
    stored = stems_after_migrating(postgres_url, "0014", (
        (1, "[]", "Nødpasning: dit barn kan passes i en anden børnehave."),
        (2, "[]", "Passet bliver sendt med posten.")), "pas gammel")
    assert stored == {1: None, 2: "pas gammel"}
    assert "passe" in stem_text("dit barn kan passes").split()


@pytest.mark.postgres
def test_passages_about_dementia_are_stemmed_again(postgres_url):
    stored = stems_after_migrating(postgres_url, "0016", (
        (1, "[]", "Kursus for pårørende til en med demens."),
        (2, '["Demens"]', "Daghjem på hverdage kl. 9-15."),
        (3, "[]", "Giv dem besked i god tid.")), "dem gammel")
    assert stored == {1: None, 2: None, 3: "dem gammel"}
    assert "demens" in stem_text("hun har demens").split()
