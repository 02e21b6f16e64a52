"""For migrations: clear the stems PostgreSQL stored for the passages that hold some words.

When muni's tokens (`muni.nlu.tokens`) stem a word differently, the stems stored in
passages.stems for the passages holding it are stale. Clearing them lets
`PostgresIndex.refresh` stem those passages again the next time the tenant is searched.
Nothing happens on SQLite or without pgvector (the memory index stems at load).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def clear_stored_stems(forms: str) -> None:
    """Clear passages.stems where the text or headings match `forms` (a PostgreSQL regex,
    case-insensitive, e.g. r"\\mdemens\\M")."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    has_column = bind.execute(
        sa.text(
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_name = 'passages' AND column_name = 'stems'"
        )
    ).scalar_one()
    if not has_column:
        return
    bind.execute(
        sa.text(
            "UPDATE passages SET stems = NULL "
            "WHERE text ~* :forms OR CAST(heading_path AS text) ~* :forms"
        ),
        {"forms": forms},
    )
