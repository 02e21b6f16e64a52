"""Doing things (issue 12): bookings in muni's own calendar, the booking form's contact
details kept apart, citizen login sessions, the pseudonymous citizen of a conversation, and
imported waste pickup days.

- bookings: one row per booked place; (tenant, location, starts_at, seat) is unique, so two
  citizens taking the last place at once cannot both win. Cancelling deletes the row.
- booking_contacts: name and phone for a booking, never in transcripts, deleted after
  `delete_after` (the appointment plus the tenant's retention).
- citizen_sessions: a logged-in citizen's session (hash of the cookie's token, the
  pseudonymous subject, expiry); no name and no CPR number.
- conversations.citizen_subject: the pseudonym of the citizen who logged in during it.
- pickup_dates: waste collection days per address key and fraction, imported per tenant
  from CSV or iCalendar files.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-28 22:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _tenant() -> sa.Column:
    return sa.Column(
        "tenant_id", sa.Integer(), sa.ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer(), primary_key=True),
        _tenant(),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("service", sa.String(64), nullable=False),
        sa.Column("location", sa.String(64), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seat", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(64), nullable=True),
        sa.Column("conversation_id", sa.String(32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("tenant_id", "code", name="uq_bookings_code"),
        sa.UniqueConstraint("tenant_id", "location", "starts_at", "seat", name="uq_bookings_seat"),
    )
    op.create_index("ix_bookings_when", "bookings", ["tenant_id", "location", "starts_at"])
    op.create_index("ix_bookings_subject", "bookings", ["tenant_id", "subject"])
    op.create_table(
        "booking_contacts",
        sa.Column("id", sa.Integer(), primary_key=True),
        _tenant(),
        # the booking's code, not a key into `bookings`: a CalDAV calendar has no row there
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("phone", sa.String(50), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delete_after", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.UniqueConstraint("tenant_id", "code", name="uq_booking_contacts_code"),
    )
    op.create_table(
        "citizen_sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        _tenant(),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("subject", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
    )
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("citizen_subject", sa.String(64), nullable=True))
    op.create_table(
        "pickup_dates",
        sa.Column("id", sa.Integer(), primary_key=True),
        _tenant(),
        sa.Column("address_key", sa.String(200), nullable=False),
        sa.Column("fraction", sa.String(32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("source", sa.String(200), nullable=False, server_default=""),
        sa.UniqueConstraint("tenant_id", "address_key", "fraction", "day", name="uq_pickup_day"),
    )
    op.create_index("ix_pickup_dates_key", "pickup_dates", ["tenant_id", "address_key", "day"])


def downgrade() -> None:
    op.drop_table("pickup_dates")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("citizen_subject")
    op.drop_table("citizen_sessions")
    op.drop_table("booking_contacts")
    op.drop_table("bookings")
