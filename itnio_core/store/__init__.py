"""The store: everything that must survive a refresh or a restart, in SQLite or PostgreSQL.

Modules:
  engine   ``Store(url)``: the engine, every API call recorded (``record_call``,
           ``recent_calls``), ``call_row`` shared by the fast paths, and ``writing`` for a
           transaction that reads then writes (SQLite takes its write lock first).
  schema   every table (SQLAlchemy Core).
  migrate  Alembic migrations (``migrations/versions/``): ``upgrade`` (``itnio db upgrade``),
           ``check`` (``DatabaseNotReadyError`` with that instruction), ``head``.
  app_setting  ``put_app_setting``: one ``app_settings`` row written, with who and when.

Areas keep their own reads and writes in their own ``store`` modules; the tables are
exported here so they can.
"""

from __future__ import annotations

from . import migrate
from .app_setting import put_app_setting
from .engine import ApiCall, Store, call_row, make_engine, writing
from .schema import (
    api_calls,
    app_settings,
    audit_log,
    campaign_files,
    campaigns,
    conversions,
    delivery_status,
    learned_prices,
    message_templates,
    otp_job_rows,
    otp_jobs,
    otp_sends,
    prices,
    quiet_hours,
    receipt_counters,
    recipients,
    report_checks,
    report_list_items,
    report_lists,
    send_requests,
    sign_in_failures,
    sign_in_sessions,
    sign_in_tickets,
    stop_list,
    user_profiles,
    workers,
)

__all__ = [
    "ApiCall",
    "Store",
    "api_calls",
    "app_settings",
    "audit_log",
    "call_row",
    "campaign_files",
    "campaigns",
    "conversions",
    "delivery_status",
    "learned_prices",
    "make_engine",
    "message_templates",
    "migrate",
    "otp_job_rows",
    "otp_jobs",
    "otp_sends",
    "prices",
    "put_app_setting",
    "quiet_hours",
    "receipt_counters",
    "recipients",
    "report_checks",
    "report_list_items",
    "report_lists",
    "send_requests",
    "sign_in_failures",
    "sign_in_sessions",
    "sign_in_tickets",
    "stop_list",
    "user_profiles",
    "workers",
    "writing",
]
