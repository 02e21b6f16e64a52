"""guard events (safety classes and input checks, per tenant)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "guard_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("answered", sa.Boolean(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("guard_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_guard_events_tenant_id"), ["tenant_id"])
        batch_op.create_index(batch_op.f("ix_guard_events_created_at"), ["created_at"])


def downgrade() -> None:
    with op.batch_alter_table("guard_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guard_events_created_at"))
        batch_op.drop_index(batch_op.f("ix_guard_events_tenant_id"))
    op.drop_table("guard_events")
