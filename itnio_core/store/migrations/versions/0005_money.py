"""Money before sending: the price list, prices learned from real charges, and each
campaign's estimated cost and whether an admin let it send until the balance runs out.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "prices",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("operator", sa.String(length=16), nullable=False),
        sa.Column("country", sa.String(length=100), nullable=False),
        sa.Column("price", sa.String(length=32), nullable=False),
        sa.Column("currency", sa.String(length=8), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("prefix", "operator", name="uq_prices_prefix_operator"),
    )
    op.create_table(
        "learned_prices",
        sa.Column("calling_code", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("price", sa.String(length=32), nullable=False),
        sa.Column("currency", sa.String(length=8), nullable=False),
        sa.Column("observed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("calling_code"),
    )
    # Plain ALTER TABLE ADD COLUMN, not a batch copy: on SQLite a batch rebuilds the table,
    # and dropping the old campaigns table would cascade to every campaign's recipients.
    op.add_column("campaigns", sa.Column("estimated_cost", sa.String(length=32), nullable=True))
    op.add_column("campaigns", sa.Column("cost_currency", sa.String(length=8), nullable=True))
    op.add_column(
        "campaigns",
        sa.Column("until_balance_out", sa.Boolean(), nullable=False, server_default="0"),
    )


def downgrade() -> None:
    for column in ("until_balance_out", "cost_currency", "estimated_cost"):
        op.drop_column("campaigns", column)  # SQLite 3.35+ drops a column in place
    op.drop_table("learned_prices")
    op.drop_table("prices")
