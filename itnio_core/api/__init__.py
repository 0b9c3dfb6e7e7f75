"""The ITNIO platform's API: signing, the one client, its transport, and what answers mean.

Modules:
  signing       ``sign``/``signed_headers``: ``Sign = md5(apiKey + apiSecret + timestamp)``;
                ``verify`` for the sandbox.
  client        ``ItnioClient``: one method per endpoint (``send_request``, ``send_batch``,
                ``get_report``, ``send_otp``, ``get_otp_record``, ``backfill_conversion``,
                ``get_balance``) and the one retry policy (``_may_retry``).
  transport     HTTP sessions (``new_session``, ``KeepAliveSession``), ``parse_answer`` and
                ``transport_error``: whether a failed call may have reached the server.
  status_codes  every documented ``status`` per endpoint, in English and Chinese
                (``explain``, ``error_for``, ``ENDPOINT_LABELS``).
  models        typed answers (``SendResult``, ``Report``, ``OtpRecord``, ``Balance``, ...).
  calls         ``CallRecord``: what the client tells its recorder about each call.
  sms_parts     how a network counts an SMS: GSM-7 or UCS-2, and its parts.
"""

from __future__ import annotations

from . import sms_parts
from .calls import CallRecord, CallRecorder
from .client import ItnioClient, SendAnswer
from .models import (
    CHANNELS,
    DELIVERED,
    FAILED,
    SENDING,
    Balance,
    BatchItem,
    CallAttempt,
    OtpRecord,
    OtpSendResult,
    Report,
    ReportItem,
    SmsAttempt,
    SnaAttempt,
    to_str,
)
from .signing import verify
from .status_codes import ENDPOINT_LABELS
from .transport import KeepAliveSession

__all__ = [
    "CHANNELS",
    "DELIVERED",
    "ENDPOINT_LABELS",
    "FAILED",
    "SENDING",
    "Balance",
    "BatchItem",
    "CallAttempt",
    "CallRecord",
    "CallRecorder",
    "ItnioClient",
    "KeepAliveSession",
    "OtpRecord",
    "OtpSendResult",
    "Report",
    "ReportItem",
    "SendAnswer",
    "SmsAttempt",
    "SnaAttempt",
    "sms_parts",
    "to_str",
    "verify",
]
