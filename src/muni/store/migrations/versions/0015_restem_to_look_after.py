"""PostgreSQL only: stem again the passages that hold "passe" and its forms.

muni's tokens (`muni.nlu.tokens`) no longer stem "passe", "passer", "passes" and "passede" (to
look after, to fit) as "pas", the passport's stem. The stems stored in passages.stems were
made with the old rule; clearing them for the passages that hold those words lets
`PostgresIndex.refresh` stem them again the next time the tenant is searched. Nothing happens
on SQLite or without pgvector (the memory index stems at load).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 13:00:00
"""

from muni.store.restem import clear_stored_stems

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    clear_stored_stems(r"\m(passe|passer|passes|passede)\M")


def downgrade() -> None:
    """Nothing to undo: stems made by either rule are refilled the same way."""
