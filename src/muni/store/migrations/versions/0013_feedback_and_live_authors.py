"""Citizen channels, round two (issue 13): thumbs up or down on an answer, and who wrote a
live-chat message.

- turns.vote: +1 (helpful) or -1 (not helpful), set by the citizen on that answer; one vote per
  answer (a second vote replaces the first). turns.vote_comment: the optional comment, redacted
  like every citizen text.
- stats_hours.votes_up / votes_down: the votes on the answers given in that hour, for the
  console's statistics (the turns themselves are deleted after retention).
- live_messages.author and author_role: the agent's display name and role ("Borgerservice"),
  shown to the citizen so a person is visibly a person. Empty for citizen and system messages.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29 01:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("turns") as batch:
        batch.add_column(sa.Column("vote", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("vote_comment", sa.Text(), nullable=True))
    with op.batch_alter_table("stats_hours") as batch:
        batch.add_column(sa.Column("votes_up", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("votes_down", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("live_messages") as batch:
        batch.add_column(sa.Column("author", sa.String(200), nullable=True))
        batch.add_column(sa.Column("author_role", sa.String(100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("live_messages") as batch:
        batch.drop_column("author_role")
        batch.drop_column("author")
    with op.batch_alter_table("stats_hours") as batch:
        batch.drop_column("votes_down")
        batch.drop_column("votes_up")
    with op.batch_alter_table("turns") as batch:
        batch.drop_column("vote_comment")
        batch.drop_column("vote")
