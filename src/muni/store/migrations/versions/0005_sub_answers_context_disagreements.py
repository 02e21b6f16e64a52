"""sub-answers, conversation context, page dates, passage topics, fact sentences, disagreements

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 07:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("content_phrasings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sub_answer", sa.String(length=64), nullable=False, server_default="")
        )
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("context", sa.JSON(), nullable=True))
    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("updated", sa.String(length=10), nullable=True))
    with op.batch_alter_table("passages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("topic", sa.String(length=64), nullable=True))
    op.create_table(
        "fact_sentences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("passage_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kinds", sa.String(length=200), nullable=False),
        sa.Column("embedding", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["passage_id"], ["passages.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("fact_sentences", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fact_sentences_tenant_id"), ["tenant_id"])
        batch_op.create_index(batch_op.f("ix_fact_sentences_passage_id"), ["passage_id"])
    op.create_table(
        "fact_disagreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("variable", sa.String(length=100), nullable=False),
        sa.Column("curated_value", sa.String(length=500), nullable=False),
        sa.Column("page_value", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("times", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "variable", "page_value", "url"),
    )
    with op.batch_alter_table("fact_disagreements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_fact_disagreements_tenant_id"), ["tenant_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("fact_disagreements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fact_disagreements_tenant_id"))
    op.drop_table("fact_disagreements")
    with op.batch_alter_table("fact_sentences", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fact_sentences_passage_id"))
        batch_op.drop_index(batch_op.f("ix_fact_sentences_tenant_id"))
    op.drop_table("fact_sentences")
    with op.batch_alter_table("passages", schema=None) as batch_op:
        batch_op.drop_column("topic")
    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.drop_column("updated")
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_column("context")
    with op.batch_alter_table("content_phrasings", schema=None) as batch_op:
        batch_op.drop_column("sub_answer")
