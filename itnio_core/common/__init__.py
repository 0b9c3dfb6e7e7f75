"""common."""

from __future__ import annotations

from . import limits
from .chunking import chunked
from .config import DEFAULT_DELIVERY_DELAY, Settings, parse_delivery_delay
from .errors import (
    ApiStatusError,
    AuthError,
    InvalidInputError,
    ItnioError,
    RequestRejected,
    TransportError,
)
from .limits import (
    CODE_MAX_DIGITS,
    CODE_MIN_DIGITS,
    CONTENT_MAX_CHARS,
    MSG_ID_MAX_CHARS,
    MSGIDS_PER_REPORT_MAX,
    NUMBERS_PER_REQUEST_MAX,
    ORDER_ID_MAX_CHARS,
    STOP_NOTE_MAX_CHARS,
    UPLOAD_MAX_BYTES,
    UPLOAD_MAX_ROWS,
    check_content,
    check_pasted,
    check_sender_id,
    check_stop_note,
)
from .masking import mask_number
from .times import (
    TimeParseError,
    aware,
    format_api_time,
    from_epoch_ms,
    now_ms,
    parse_api_time,
    parse_time,
    to_epoch_ms,
    utc_now,
    zone_named,
)

__all__ = [
    "CODE_MAX_DIGITS",
    "CODE_MIN_DIGITS",
    "CONTENT_MAX_CHARS",
    "DEFAULT_DELIVERY_DELAY",
    "MSGIDS_PER_REPORT_MAX",
    "MSG_ID_MAX_CHARS",
    "NUMBERS_PER_REQUEST_MAX",
    "ORDER_ID_MAX_CHARS",
    "STOP_NOTE_MAX_CHARS",
    "UPLOAD_MAX_BYTES",
    "UPLOAD_MAX_ROWS",
    "ApiStatusError",
    "AuthError",
    "InvalidInputError",
    "ItnioError",
    "RequestRejected",
    "Settings",
    "TimeParseError",
    "TransportError",
    "aware",
    "check_content",
    "check_pasted",
    "check_sender_id",
    "check_stop_note",
    "chunked",
    "format_api_time",
    "from_epoch_ms",
    "limits",
    "mask_number",
    "now_ms",
    "parse_api_time",
    "parse_delivery_delay",
    "parse_time",
    "to_epoch_ms",
    "utc_now",
    "zone_named",
]
