"""Every table of the store (SQLAlchemy Core).

A change here needs a migration in ``migrations/versions/`` (see ``migrate.py``);
``tests/store/test_migrations.py`` fails while the two disagree.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

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
    # Money (v0005): the estimate when reviewed, in the price list's currency (decimal text),
    # and whether an admin allowed sending until the balance runs out.
    sa.Column("estimated_cost", sa.String(32)),
    sa.Column("cost_currency", sa.String(8)),
    sa.Column("until_balance_out", sa.Boolean, nullable=False, default=False),
    # A "send yourself a test": a small campaign of its own, never mixed into another (v6).
    sa.Column("is_test", sa.Boolean, nullable=False, default=False, server_default=sa.false()),
    sa.Column("template_id", sa.Integer),  # the template it started from, if any (v6)
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
    # pending → in_flight → done | unknown | pending (never reached) ; pending → cancelled;
    # held (quiet hours) → pending when its window opens (not_before), or → cancelled
    sa.Column("state", sa.String(12), nullable=False),
    sa.Column("numbers", sa.Integer, nullable=False),
    sa.Column("success", sa.Integer, nullable=False, default=0),
    sa.Column("fail", sa.Integer, nullable=False, default=0),
    sa.Column("claimed_by", sa.String(64)),
    sa.Column("started_at", sa.DateTime(timezone=True)),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
    sa.Column("status_code", sa.Integer),
    # Why a request has no outcome or was refused: a TransportError kind ("no_answer",
    # "http_error", ...), "interrupted" (a crash left it in flight), or "refused" (a status
    # code); with the HTTP status of an error answer.
    sa.Column("outcome", sa.String(20)),
    sa.Column("http_status", sa.Integer),
    sa.Column("error_en", sa.Text),
    sa.Column("error_zh", sa.Text),
    # [[text, [numbers], [orderIds]], ...], written with the draft: a request is one row read.
    sa.Column("body", sa.Text, nullable=False),
    # The platform's answer as its own JSON text (older rows: {"msgId": [...], "number": [...],
    # "orderId": [...]}), written in the transaction that marks the request done; copied onto
    # recipients by materialise.
    sa.Column("answer", sa.Text),
    sa.Column("materialised", sa.Boolean, nullable=False, default=False),
    # Quiet hours (v6): the rule its numbers share ("91", "*" for the default, None: no rule),
    # and, while held, when its recipients' window opens (UTC).
    sa.Column("quiet_key", sa.String(8)),
    sa.Column("not_before", sa.DateTime(timezone=True)),
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
    sa.Column("reason_zh", sa.Text),  # v7; None on rows stored before it
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


# ------------------------------------------------------------------ reports (v3)
# The last status the platform gave for each message, whoever asked. Times are epoch seconds
# (UTC) rather than DateTime: a big campaign writes a million of these rows per check.
delivery_status = sa.Table(
    "delivery_status",
    metadata,
    sa.Column("msg_id", sa.String(64), primary_key=True),
    sa.Column("campaign_id", sa.Integer, index=True),  # when asked for a campaign's report
    sa.Column("number", sa.String(32), nullable=False, default=""),
    sa.Column("calling_code", sa.Integer),
    sa.Column("status", sa.Integer),  # 0 delivered, -1 still sending, 1 failed; NULL not found yet
    # receiveTime as the platform wrote it ("2024-05-01T14:03:12+08:00"); "" while sending
    sa.Column("receive_time", sa.String(40), nullable=False, default=""),
    sa.Column("first_seen_at", sa.Float, nullable=False),
    sa.Column("checked_at", sa.Float, nullable=False),
    sa.Column("changed_at", sa.Float, nullable=False),  # when the status last changed
    # Delivery receipts the platform pushed (``itnio_core.receipts``); all NULL for a status
    # learned by asking (getReport). receipt_ms is the receipt's own time: an older receipt
    # never overwrites a newer one.
    sa.Column("receipt_ms", sa.BigInteger),
    sa.Column("received_at", sa.Float),  # when the receipt reached us (epoch seconds)
    sa.Column("receipt_status", sa.Integer),  # the receipt's own code (0 delivered)
    sa.Column("reason", sa.String(200)),
    sa.Column("order_id", sa.String(64)),
    sa.Column("mcc", sa.String(8)),
    sa.Column("mnc", sa.String(8)),
    sa.Column("pay", sa.Numeric(18, 6)),  # pricedetail: what the message cost in all
    sa.Column("price", sa.Numeric(18, 6)),  # per charged part
    sa.Column("currency", sa.String(8)),
    sa.Column("charge_cnt", sa.Integer),
    sa.Index("ix_delivery_status_order_id", "order_id"),  # settling unknown sends
    sqlite_with_rowid=False,  # the msgId is the key: stored once, not in a second index
)

# Message ids a person brought (pasted, a spreadsheet, the command line), kept as a list.
report_lists = sa.Table(
    "report_lists",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("list_key", sa.String(64), nullable=False, index=True),  # the same ids, one list
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("source_name", sa.String(300), nullable=False, default=""),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(200)),
    sa.Column("msg_count", sa.Integer, nullable=False),
)

report_list_items = sa.Table(
    "report_list_items",
    metadata,
    sa.Column("list_id", sa.ForeignKey("report_lists.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("msg_id", sa.String(64), nullable=False),
    sa.Column("excel_row", sa.Integer),  # where it came from, for a spreadsheet
)

# One row per check of a report ("campaign:12" or "list:3"): progress while it runs, then the
# counts it left, so "over time" and "changed since the last check" come from stored data.
report_checks = sa.Table(
    "report_checks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("target", sa.String(40), nullable=False),
    sa.Column("state", sa.String(12), nullable=False),  # running | done | failed
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
    sa.Column("started_by", sa.String(200)),
    sa.Column("asked", sa.Integer, nullable=False, default=0),  # msgIds to ask about
    sa.Column("done", sa.Integer, nullable=False, default=0),  # of those, answered so far
    sa.Column("changed", sa.Integer, nullable=False, default=0),  # statuses that changed
    sa.Column("counts", sa.Text, nullable=False, default="{}"),  # per status, after the check
    sa.Column("error_en", sa.Text),
    sa.Column("error_zh", sa.Text),
    sa.Index("ix_report_checks_target", "target", "id"),
)


# ------------------------------------------------------------------ OTP and conversions (v4)
# One row per OTP send. The row is written (state "sending") before the API call, and
# order_id is unique, so a double click or a rerun finds it and never sends twice.
otp_sends = sa.Table(
    "otp_sends",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("user", sa.String(200)),
    sa.Column("source", sa.String(12), nullable=False),  # app | cli
    sa.Column("number", sa.String(32), nullable=False, index=True),
    sa.Column("calling_code", sa.Integer),
    sa.Column("channel", sa.String(8), nullable=False),
    sa.Column("template_id", sa.Integer, nullable=False),
    sa.Column("flow_id", sa.Integer),
    sa.Column("code_length", sa.Integer, nullable=False),  # never the code itself
    sa.Column("order_id", sa.String(64), nullable=False, unique=True),
    # sending → sent | failed (refused or never reached: may be sent again) | unknown
    sa.Column("state", sa.String(10), nullable=False),
    sa.Column("verification_id", sa.String(64), index=True),
    sa.Column("sna_url", sa.Text),
    sa.Column("status_code", sa.Integer),
    sa.Column("error_en", sa.Text),
    sa.Column("error_zh", sa.Text),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
    # The last looked-up record: matched (-1..3), delivered, platform's verifiedDate.
    sa.Column("matched", sa.Integer),
    sa.Column("delivered", sa.Boolean),
    sa.Column("verified_date", sa.String(40)),
    sa.Column("checked_at", sa.DateTime(timezone=True)),
)

# One row per message id ever reported converted: msgid is unique, so never twice.
conversions = sa.Table(
    "conversions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("msgid", sa.String(64), nullable=False, unique=True),
    sa.Column("number", sa.String(32), nullable=False),
    sa.Column("time_ms", sa.BigInteger, nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("user", sa.String(200)),
    sa.Column("source", sa.String(12), nullable=False),  # single | file | otp | campaign | cli
    # reporting → reported | failed (refused or never reached: may be tried again) | unknown
    sa.Column("state", sa.String(10), nullable=False),
    sa.Column("status_code", sa.Integer),
    sa.Column("error_en", sa.Text),
    sa.Column("error_zh", sa.Text),
    sa.Column("reported_at", sa.DateTime(timezone=True)),
)

# Bulk OTP lookups and bulk backfills: worked through off the page, progress in the store.
otp_jobs = sa.Table(
    "otp_jobs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(10), nullable=False),  # lookup | backfill
    sa.Column("state", sa.String(12), nullable=False),  # running | done
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("user", sa.String(200)),
    sa.Column("source_name", sa.String(300), nullable=False, default=""),
    sa.Column("source_data", sa.LargeBinary),  # the upload, to hand back with results added
    sa.Column("source_sheet", sa.String(300), nullable=False, default=""),
    sa.Column("header_row", sa.Integer),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
)

otp_job_rows = sa.Table(
    "otp_job_rows",
    metadata,
    sa.Column("job_id", sa.ForeignKey("otp_jobs.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("row_index", sa.Integer, primary_key=True),
    sa.Column("excel_row", sa.Integer, nullable=False),
    sa.Column("key", sa.String(200), nullable=False),  # orderId, or msgid
    sa.Column("number", sa.String(32), nullable=False, default=""),
    sa.Column("raw_time", sa.String(100), nullable=False, default=""),
    sa.Column("time_ms", sa.BigInteger),
    # pending → in_flight → done | failed | unknown ; rows with a problem start as skipped
    sa.Column("state", sa.String(10), nullable=False),
    sa.Column("problem", sa.Text, nullable=False, default=""),
    sa.Column("result", sa.Text),  # lookups: the platform's answer (JSON)
    sa.Column("status_code", sa.Integer),
    sa.Column("error", sa.Text),
    # When a worker took the row: one in flight longer than a call can last was cut off.
    sa.Column("claimed_at", sa.DateTime(timezone=True)),
    sa.Index("ix_otp_job_rows_state", "job_id", "state"),
)


# ------------------------------------------------------------ access and trust (v5)
# Settings an admin changes in the app (defaults, caps) and each person's language.
app_settings = sa.Table(
    "app_settings",
    metadata,
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_by", sa.String(200)),
)

# What people did in the console that is not an API call (those are in api_calls):
# sign-in, failed sign-in, sign-out, settings changes, exports, confirmations.
audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("user", sa.String(200)),
    sa.Column("action", sa.String(40), nullable=False, index=True),
    sa.Column("what", sa.Text, nullable=False, default=""),
    sa.Column("result", sa.String(20), nullable=False, default="ok"),
    sa.Column("detail", sa.Text, nullable=False, default=""),
)

# Failed sign-ins per user name, for slowing down and locking out guessing.
sign_in_failures = sa.Table(
    "sign_in_failures",
    metadata,
    sa.Column("username", sa.String(200), primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
    sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("locked_until", sa.DateTime(timezone=True)),
)


# A browser that signed in keeps a random token in a cookie; only its hash is stored,
# so a reload stays signed in until sign-out or inactivity.
sign_in_sessions = sa.Table(
    "sign_in_sessions",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("username", sa.String(200), nullable=False, index=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
)


# ------------------------------------------------------------------ background work
# One row per process doing background work (a web server or ``itnio worker``): its
# heartbeat says whether anything is sending, checking and looking up right now.
workers = sa.Table(
    "workers",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("kind", sa.String(10), nullable=False),  # web | worker
    sa.Column("host", sa.String(200), nullable=False),
    sa.Column("pid", sa.Integer, nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("beat_at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("stopped_at", sa.DateTime(timezone=True)),
)


# A sign-in's cookie is set by the app's server (HttpOnly), not by script: the page hands the
# browser a one-time ticket, which the cookie route exchanges for the session token. A ticket
# lives a minute and is deleted when used; only its hash is stored.
sign_in_tickets = sa.Table(
    "sign_in_tickets",
    metadata,
    sa.Column("ticket_hash", sa.String(64), primary_key=True),
    sa.Column("token", sa.String(100), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
)


# ------------------------------------------------------------------ delivery receipts
# What the receipt address was asked, counted, never with the body: wrong tokens,
# refused bodies, receipts stored. One row per kind.
receipt_counters = sa.Table(
    "receipt_counters",
    metadata,
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("count", sa.BigInteger, nullable=False),
    sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
)


# ------------------------------------------------------------------ money
# The price list per destination: a calling code ("91") or a longer prefix ("9198"),
# optionally one operator ("404-45", MCC-MNC) where the vendor prices them apart.
prices = sa.Table(
    "prices",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("prefix", sa.String(16), nullable=False),
    sa.Column("operator", sa.String(16), nullable=False, default=""),
    sa.Column("country", sa.String(100), nullable=False, default=""),  # as the vendor wrote it
    sa.Column("price", sa.String(32), nullable=False),  # per message part, decimal text
    sa.Column("currency", sa.String(8), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_by", sa.String(200)),
    sa.UniqueConstraint("prefix", "operator", name="uq_prices_prefix_operator"),
)

# The last price the platform charged per calling code (OTP records, delivery receipts).
learned_prices = sa.Table(
    "learned_prices",
    metadata,
    sa.Column("calling_code", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("price", sa.String(32), nullable=False),
    sa.Column("currency", sa.String(8), nullable=False),
    sa.Column("observed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("source", sa.String(40), nullable=False),
)


# ------------------------------------------------------------------ campaign craft (v6)
# Saved messages, by name. Editing one never changes a campaign: a campaign keeps its own text.
# Who changed what and when is in the audit log.
message_templates = sa.Table(
    "message_templates",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(100), nullable=False, unique=True),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("sender_id", sa.String(32), nullable=False, default=""),
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(200)),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_by", sa.String(200)),
    sa.Column("archived_at", sa.DateTime(timezone=True)),
    sa.Column("archived_by", sa.String(200)),
)

# Sending windows per calling code ("91"; "*" for every other country), in a named zone.
quiet_hours = sa.Table(
    "quiet_hours",
    metadata,
    sa.Column("calling_code", sa.String(8), primary_key=True),
    sa.Column("opens", sa.String(5), nullable=False),  # "09:00"
    sa.Column("closes", sa.String(5), nullable=False),  # "21:00"
    sa.Column("zone", sa.String(64), nullable=False),  # "Asia/Kolkata"
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_by", sa.String(200)),
)

# Each person's own numbers, for "send yourself a test".
user_profiles = sa.Table(
    "user_profiles",
    metadata,
    sa.Column("username", sa.String(200), primary_key=True),
    sa.Column("test_numbers", sa.Text, nullable=False, default=""),  # comma-separated
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)
