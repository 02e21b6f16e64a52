"""The contract tests' database: fresh and migrated, once per backend (SQLite, PostgreSQL)."""

from __future__ import annotations

import pytest

from muni.store.database import Database


@pytest.fixture
def db(database_url: str):  # type: ignore[no-untyped-def]
    database = Database(database_url)
    database.migrate()
    yield database
    database.dispose()
