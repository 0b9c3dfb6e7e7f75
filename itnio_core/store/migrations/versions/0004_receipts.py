"""Delivery receipts pushed by the platform: what each receipt said on its message's status
row, and counters of what the receipt address was asked; and one-time tickets for the
sign-in cookie the server sets.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("receipt_ms", sa.BigInteger()),
    ("received_at", sa.Float()),
    ("receipt_status", sa.Integer()),
    ("reason", sa.String(length=200)),
    ("order_id", sa.String(length=64)),
    ("mcc", sa.String(length=8)),
    ("mnc", sa.String(length=8)),
    ("pay", sa.Numeric(precision=18, scale=6)),
    ("price", sa.Numeric(precision=18, scale=6)),
    ("currency", sa.String(length=8)),
    ("charge_cnt", sa.Integer()),
)


def upgrade() -> None:
    with op.batch_alter_table("delivery_status") as batch:
        for name, kind in _COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))
    op.create_index("ix_delivery_status_order_id", "delivery_status", ["order_id"], unique=False)
    op.create_table(
        "receipt_counters",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "sign_in_tickets",
        sa.Column("ticket_hash", sa.String(length=64), nullable=False),
        sa.Column("token", sa.String(length=100), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("ticket_hash"),
    )


def downgrade() -> None:
    op.drop_table("sign_in_tickets")
    op.drop_table("receipt_counters")
    op.drop_index("ix_delivery_status_order_id", table_name="delivery_status")
    with op.batch_alter_table("delivery_status") as batch:
        for name, _kind in reversed(_COLUMNS):
            batch.drop_column(name)
