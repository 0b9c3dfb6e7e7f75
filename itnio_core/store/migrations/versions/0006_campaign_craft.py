"""Campaign craft: saved message templates, each person's own numbers for a test send,
quiet hours per calling code, requests held until their recipients' window opens, and
campaigns marked as tests.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "message_templates",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("sender_id", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=True),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("archived_by", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "quiet_hours",
        sa.Column("calling_code", sa.String(length=8), nullable=False),
        sa.Column("opens", sa.String(length=5), nullable=False),
        sa.Column("closes", sa.String(length=5), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("calling_code"),
    )
    op.create_table(
        "user_profiles",
        sa.Column("username", sa.String(length=200), nullable=False),
        sa.Column("test_numbers", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("username"),
    )
    # Plain ADD COLUMNs: a batch copy of campaigns on SQLite would drop the table, and with
    # it (ON DELETE CASCADE) every recipient.
    op.add_column(
        "campaigns", sa.Column("is_test", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.add_column("campaigns", sa.Column("template_id", sa.Integer(), nullable=True))
    op.add_column("send_requests", sa.Column("quiet_key", sa.String(length=8), nullable=True))
    op.add_column(
        "send_requests", sa.Column("not_before", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    for table, column in (("send_requests", "not_before"), ("send_requests", "quiet_key"),
                          ("campaigns", "template_id"), ("campaigns", "is_test")):  # fmt: skip
        op.drop_column(table, column)  # SQLite 3.35+ drops a column in place
    op.drop_table("user_profiles")
    op.drop_table("quiet_hours")
    op.drop_table("message_templates")
