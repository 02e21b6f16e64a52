"""PostgreSQL only: the passage index at national scale (issue 10, bench/README (k)).

- The HNSW indexes over every tenant's vectors (0009) are dropped. A question searches one
  tenant, so one shared graph had to be walked past every other tenant's rows (or the planner
  scanned the tenant's rows exactly anyway), and every insert of every crawl paid for keeping
  a graph of all 98 municipalities' passages. A tenant with many rows now gets its own partial
  HNSW index (`WHERE tenant_id = N`), built by `PostgresIndex.forget` after a crawl; a small
  tenant's rows are scanned exactly (a few milliseconds).
- passages keeps short texts in the row (`toast_tuple_target`): with the vector in the row a
  passage is just over 2 KB, so PostgreSQL moved its tsvector, stems and text to TOAST, and the
  word search read ~5 buffers per passage of the tenant (84 ms at 15,000 passages; 27 ms in
  the row). Rows written before this migration move back into the row when they are next
  written (a re-crawl) or at once with `VACUUM FULL passages`.

Nothing happens on SQLite or without pgvector (as 0009).

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 01:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def _applies() -> bool:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return False
    return bool(
        bind.execute(
            sa.text("SELECT count(*) FROM pg_extension WHERE extname = 'vector'")
        ).scalar_one()
    )


def upgrade() -> None:
    if not _applies():
        return
    op.execute("DROP INDEX IF EXISTS ix_passages_vec")
    op.execute("DROP INDEX IF EXISTS ix_fact_sentences_vec")
    op.execute("ALTER TABLE passages SET (toast_tuple_target = 8160)")


def downgrade() -> None:
    if not _applies():
        return
    op.execute("ALTER TABLE passages RESET (toast_tuple_target)")
    op.execute(
        "CREATE INDEX IF NOT EXISTS ix_passages_vec ON passages USING hnsw (vec vector_cosine_ops)"
    )
    op.execute(
        "CREATE INDEX IF NOT EXISTS ix_fact_sentences_vec ON fact_sentences "
        "USING hnsw (vec vector_cosine_ops)"
    )
