"""Statistics: aggregates that outlive the transcripts (issue 11).

- stats_hours: per tenant, local day (Europe/Copenhagen), hour and channel: conversations,
  turns by status and origin, handoffs, ratings 1-3 and comments.
- stats_topics: turns per topic and sub-answer per day and channel.
- stats_guards: guard events per class per day and channel.
- stats_topic_months: stats_topics summed per calendar month (long periods read these).
- stats_days: which days are rolled up, and whether for good (`final`).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-28 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

COUNTS = (
    "conversations",
    "contained",
    "synthetic",
    "turns",
    "answered",
    "unanswered",
    "clarifications",
    "fallbacks",
    "guarded",
    "curated",
    "searched",
    "generated",
    "handoffs",
    "rating_1",
    "rating_2",
    "rating_3",
    "comments",
)


def _tenant_fk() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "stats_hours",
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        *[sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS],
        _tenant_fk(),
        sa.PrimaryKeyConstraint("tenant_id", "day", "hour", "channel"),
    )
    op.create_table(
        "stats_topics",
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("sub_answer", sa.String(length=64), nullable=False),
        sa.Column("turns", sa.Integer(), nullable=False),
        _tenant_fk(),
        sa.PrimaryKeyConstraint("tenant_id", "day", "channel", "topic", "sub_answer"),
    )
    op.create_table(
        "stats_topic_months",
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("sub_answer", sa.String(length=64), nullable=False),
        sa.Column("turns", sa.Integer(), nullable=False),
        _tenant_fk(),
        sa.PrimaryKeyConstraint("tenant_id", "month", "channel", "topic", "sub_answer"),
    )
    op.create_table(
        "stats_guards",
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        _tenant_fk(),
        sa.PrimaryKeyConstraint("tenant_id", "day", "channel", "kind"),
    )
    op.create_table(
        "stats_days",
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("rolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("final", sa.Boolean(), nullable=False),
        _tenant_fk(),
        sa.PrimaryKeyConstraint("tenant_id", "day"),
    )


def downgrade() -> None:
    for table in (
        "stats_days",
        "stats_guards",
        "stats_topic_months",
        "stats_topics",
        "stats_hours",
    ):
        op.drop_table(table)
