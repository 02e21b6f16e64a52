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

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

_FORMS = r"\m(passe|passer|passes|passede)\M"


def _applies() -> bool:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return False
    has_column = bind.execute(
        sa.text(
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_name = 'passages' AND column_name = 'stems'"
        )
    ).scalar_one()
    return bool(has_column)


def upgrade() -> None:
    if not _applies():
        return
    op.get_bind().execute(
        sa.text(
            "UPDATE passages SET stems = NULL "
            "WHERE text ~* :forms OR CAST(heading_path AS text) ~* :forms"
        ),
        {"forms": _FORMS},
    )


def downgrade() -> None:
    """Nothing to undo: stems made by either rule are refilled the same way."""
