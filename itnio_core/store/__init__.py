"""store."""

from __future__ import annotations

from .engine import ApiCall, Store, call_row
from .schema import (
    api_calls,
    app_settings,
    audit_log,
    campaign_files,
    campaigns,
    conversions,
    delivery_status,
    otp_job_rows,
    otp_jobs,
    otp_sends,
    recipients,
    report_checks,
    report_list_items,
    report_lists,
    send_requests,
    sign_in_failures,
    sign_in_sessions,
    stop_list,
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
    "otp_job_rows",
    "otp_jobs",
    "otp_sends",
    "recipients",
    "report_checks",
    "report_list_items",
    "report_lists",
    "send_requests",
    "sign_in_failures",
    "sign_in_sessions",
    "stop_list",
]
