"""The console: staff accounts with roles (the agents table becomes `staff`), staff sessions,
the audit log, versioned content changes and publishes, the inbox, corpus consent.

- agents → staff: role (platform_admin, central_editor, superuser, agent, viewer), e-mail and
  OIDC subject for single sign-on, `active`; tenant_id and password_hash may be empty (central
  staff belong to no municipality; an OIDC-only account has no password). A username is unique
  per municipality, and among central staff.
- agent_sessions is replaced by staff_sessions (everyone logs in again after the upgrade).
- content_overrides.shared_hash: the shared answer the override was written against.
- conversations.corpus_consent / consent_at: the citizen's yes to the training corpus.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28 18:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("agent_sessions")
    op.rename_table("agents", "staff")
    with op.batch_alter_table("staff", schema=None) as batch:
        batch.alter_column("tenant_id", existing_type=sa.Integer(), nullable=True)
        batch.alter_column("password_hash", existing_type=sa.String(length=300), nullable=True)
        batch.add_column(
            sa.Column("role", sa.String(length=20), nullable=False, server_default="agent")
        )
        batch.add_column(sa.Column("email", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("oidc_subject", sa.String(length=200), nullable=True))
        batch.add_column(
            sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch.create_index("ix_staff_oidc_subject", ["oidc_subject"], unique=True)
    op.create_index(
        "ix_staff_central_username",
        "staff",
        ["username"],
        unique=True,
        sqlite_where=sa.text("tenant_id IS NULL"),
        postgresql_where=sa.text("tenant_id IS NULL"),
    )
    op.create_table(
        "staff_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_staff_sessions_staff_id", "staff_sessions", ["staff_id"])
    op.create_index("ix_staff_sessions_expires_at", "staff_sessions", ["expires_at"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("target", sa.String(length=300), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_tenant_id", "audit_log", ["tenant_id"])
    op.create_table(
        "content_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("sub_answer", sa.String(length=64), nullable=False, server_default=""),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("publish_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=False, server_default=""),
        sa.ForeignKeyConstraint(["author_id"], ["staff.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_content_changes_status", "content_changes", ["status"])
    op.create_index("ix_content_changes_tenant_id", "content_changes", ["tenant_id"])
    op.create_table(
        "content_publishes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("fingerprint", sa.String(length=80), nullable=True),
        sa.Column("report", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["author_id"], ["staff.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "inbox_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("turn_id", sa.Integer(), nullable=True),
        sa.Column("conversation_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=True),
        sa.Column("vector", sa.LargeBinary(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False, server_default="open"),
        sa.Column("handled_by", sa.String(length=100), nullable=True),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["turn_id"], ["turns.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("turn_id", "reason"),
    )
    op.create_index("ix_inbox_questions_tenant_id", "inbox_questions", ["tenant_id"])
    op.create_index("ix_inbox_questions_status", "inbox_questions", ["status"])
    with op.batch_alter_table("content_overrides", schema=None) as batch:
        batch.add_column(sa.Column("shared_hash", sa.String(length=64), nullable=True))
    with op.batch_alter_table("conversations", schema=None) as batch:
        batch.add_column(
            sa.Column("corpus_consent", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("conversations", schema=None) as batch:
        batch.drop_column("consent_at")
        batch.drop_column("corpus_consent")
    with op.batch_alter_table("content_overrides", schema=None) as batch:
        batch.drop_column("shared_hash")
    op.drop_table("inbox_questions")
    op.drop_table("content_publishes")
    op.drop_table("content_changes")
    op.drop_table("audit_log")
    op.drop_table("staff_sessions")
    op.drop_index("ix_staff_central_username", table_name="staff")
    with op.batch_alter_table("staff", schema=None) as batch:
        batch.drop_index("ix_staff_oidc_subject")
        batch.drop_column("active")
        batch.drop_column("oidc_subject")
        batch.drop_column("email")
        batch.drop_column("role")
    op.rename_table("staff", "agents")
    op.create_table(
        "agent_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
