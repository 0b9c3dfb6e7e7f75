"""api."""

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
