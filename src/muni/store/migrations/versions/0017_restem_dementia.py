"""PostgreSQL only: stem again the passages that hold "demens".

muni's tokens (`muni.nlu.tokens`) no longer stem "demens" as "dem", the pronoun's stem. The
stems stored in passages.stems were made with the old rule; clearing them for the passages
that hold the word lets `PostgresIndex.refresh` stem them again the next time the tenant is
searched. Nothing happens on SQLite or without pgvector (the memory index stems at load).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 22:00:00
"""

from muni.store.restem import clear_stored_stems

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    clear_stored_stems(r"\mdemens\M")


def downgrade() -> None:
    """Nothing to undo: stems made by either rule are refilled the same way."""
