"""Every table of the store, and the migrations that create them.

Index i of ``MIGRATIONS`` brings the schema to version i + 1. Only ever
append a step; never edit one that has shipped.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

metadata = sa.MetaData()

schema_info = sa.Table(
    "schema_info",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
)

api_calls = sa.Table(
    "api_calls",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("user", sa.String(200)),
    sa.Column("endpoint", sa.String(40), nullable=False, index=True),
    sa.Column("method", sa.String(8), nullable=False),
    sa.Column("path", sa.String(200), nullable=False),
    sa.Column("request_summary", sa.Text, nullable=False),
    sa.Column("status", sa.Integer),
    sa.Column("reason", sa.String(500)),
    sa.Column("http_status", sa.Integer),
    sa.Column("ids", sa.Text, nullable=False),
    sa.Column("id_count", sa.Integer, nullable=False),
    sa.Column("duration_ms", sa.Float, nullable=False),
    sa.Column("error", sa.Text),
)


# ------------------------------------------------------------------ campaigns (v2)
campaigns = sa.Table(
    "campaigns",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("status", sa.String(20), nullable=False, index=True),
    sa.Column("draft_key", sa.String(64), index=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(200)),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("sender_id", sa.String(32), nullable=False, default=""),
    sa.Column("source_name", sa.String(300), nullable=False, default=""),
    sa.Column("source_sheet", sa.String(300), nullable=False, default=""),
    sa.Column("source_hash", sa.String(64), nullable=False, default=""),
    sa.Column("phone_column", sa.String(300), nullable=False, default=""),
    sa.Column("header_row", sa.Integer),  # Excel row of the header, for the results workbook
    sa.Column("default_country", sa.String(4)),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("recipients", sa.Integer, nullable=False),
    sa.Column("segments", sa.Integer, nullable=False),
    sa.Column("requests", sa.Integer, nullable=False),
    sa.Column("verdict_counts", sa.Text, nullable=False, default="{}"),
    sa.Column("scheduled_at", sa.DateTime(timezone=True)),
    sa.Column("confirmed_at", sa.DateTime(timezone=True)),
    sa.Column("confirmed_by", sa.String(200)),
    sa.Column("started_at", sa.DateTime(timezone=True)),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
    sa.Column("stop_code", sa.Integer),
    sa.Column("stop_message_en", sa.Text),
    sa.Column("stop_message_zh", sa.Text),
)

campaign_files = sa.Table(
    "campaign_files",
    metadata,
    sa.Column("campaign_id", sa.ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("filename", sa.String(300), nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
)

send_requests = sa.Table(
    "send_requests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("campaign_id", sa.ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    # pending → in_flight → done | unknown | pending (never reached) ; pending → cancelled
    sa.Column("state", sa.String(12), nullable=False),
    sa.Column("numbers", sa.Integer, nullable=False),
    sa.Column("success", sa.Integer, nullable=False, default=0),
    sa.Column("fail", sa.Integer, nullable=False, default=0),
    sa.Column("claimed_by", sa.String(64)),
    sa.Column("started_at", sa.DateTime(timezone=True)),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
    sa.Column("status_code", sa.Integer),
    sa.Column("error_en", sa.Text),
    sa.Column("error_zh", sa.Text),
    # [[text, [numbers], [orderIds]], ...], written with the draft: a request is one row read.
    sa.Column("body", sa.Text, nullable=False),
    # The platform's answer ({"msgId": [...], "number": [...], "orderId": [...]}), written in
    # the transaction that marks the request done; copied onto recipients by materialise.
    sa.Column("answer", sa.Text),
    sa.Column("materialised", sa.Boolean, nullable=False, default=False),
    sa.Index("ix_send_requests_campaign_state", "campaign_id", "state"),
)

# One row per data row of the sheet, sendable or not, so results keep every row.
recipients = sa.Table(
    "recipients",
    metadata,
    sa.Column("campaign_id", sa.ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("row_index", sa.Integer, primary_key=True),
    sa.Column("excel_row", sa.Integer, nullable=False),
    sa.Column("raw", sa.Text, nullable=False),
    sa.Column("number", sa.String(32), nullable=False),
    sa.Column("verdict", sa.String(12), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("content_id", sa.Integer),
    sa.Column("order_id", sa.String(64)),
    sa.Column("request_id", sa.Integer),
    sa.Column("msg_id", sa.String(32)),
    # not_sent (not a recipient) | pending | sent | failed | unknown | cancelled
    sa.Column("submit_status", sa.String(12), nullable=False),
    sa.Column("error", sa.Text),
    sa.Index("ix_recipients_request", "campaign_id", "request_id"),
)


stop_list = sa.Table(
    "stop_list",
    metadata,
    sa.Column("number", sa.String(32), primary_key=True),
    sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("added_by", sa.String(200)),
    sa.Column("note", sa.String(300), nullable=False, default=""),
)


def _v1(conn: Connection) -> None:
    metadata.create_all(conn, tables=[api_calls])


def _v2(conn: Connection) -> None:
    metadata.create_all(
        conn,
        tables=[campaigns, campaign_files, send_requests, recipients, stop_list],
    )


# ------------------------------------------------------------------ reports (v3)
# (tables for delivery reports go here)


def _v3(conn: Connection) -> None:
    metadata.create_all(conn, tables=[])  # delivery-report tables


# ------------------------------------------------------------------ OTP and conversions (v4)
# (tables for OTP history and conversion postbacks go here)


def _v4(conn: Connection) -> None:
    metadata.create_all(conn, tables=[])  # OTP and conversion tables


MIGRATIONS: list[Callable[[Connection], None]] = [_v1, _v2, _v3, _v4]
