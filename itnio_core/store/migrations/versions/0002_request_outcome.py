"""Each send request remembers why it has no outcome: no answer, a broken connection, an
unreadable or error answer (with its HTTP status), or a refusal; a stopped campaign counts
its recipients by these.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("send_requests") as batch:
        batch.add_column(sa.Column("outcome", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("http_status", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("send_requests") as batch:
        batch.drop_column("http_status")
        batch.drop_column("outcome")
