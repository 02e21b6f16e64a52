"""A message answered once, however often it is sent: turns.message_id.

The widget gives every message an id of its own and sends it again with the same id after a
busy server (503), a lost response or "Prøv igen". turns.message_id holds a digest of that id
(`muni.store.conversations.message_key`; the client chooses the id, so it is never stored as
written), unique within a conversation: the same message a second time gets the stored answer
instead of a second turn. Turns stored before, and messages without an id, have NULL, which
the unique index allows any number of times.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 23:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("turns") as batch:
        batch.add_column(sa.Column("message_id", sa.String(32), nullable=True))
    op.create_index(
        "uq_turns_conversation_message", "turns", ["conversation_id", "message_id"], unique=True
    )


def downgrade() -> None:
    op.drop_index("uq_turns_conversation_message", table_name="turns")
    with op.batch_alter_table("turns") as batch:
        batch.drop_column("message_id")
