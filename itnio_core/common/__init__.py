"""The rules every area shares, each written once: errors, times, limits, chunking, masks,
and the settings.

This is the lowest layer: it imports no other area.

Modules:
  errors    ``ItnioError`` and its subclasses: ``InvalidInputError`` (fix the input),
            ``ApiStatusError``/``AuthError``/``RequestRejected`` (the platform said no),
            ``TransportError`` (no usable answer; ``may_have_reached_server``).
  times     ``utc_now``, ``aware`` (UTC back on a stored time), ``zone_named`` (a time zone
            from its name), and reading times people and the platform write
            (``parse_time``, ``to_epoch_ms``, ``parse_api_time``, ``format_api_time``).
  limits    every length and batch limit (``CONTENT_MAX_CHARS``, ``SENDER_ID_MAX_CHARS``,
            ``NUMBERS_PER_REQUEST_MAX``, ``MSGIDS_PER_REPORT_MAX``, ...) and the checks that
            say them (``check_content``, ``check_sender_id``, ``check_pasted``, ...).
  chunking  ``chunked``: a list in calls of at most N.
  masking   ``mask`` (a key: ``bDq…f4``) and ``mask_number`` (``9198****3210``).
  config    ``Settings``: arguments, then ``ITNIO_*`` variables, then secrets.toml;
            ``read_secrets`` (the file itself, for the users the command line acts as).
"""

from __future__ import annotations

from . import limits
from .chunking import chunked
from .config import DEFAULT_DELIVERY_DELAY, Settings, parse_delivery_delay, read_secrets
from .errors import (
    CONNECTION_BROKEN,
    HTTP_ERROR,
    NO_ANSWER,
    NOT_CONNECTED,
    TRANSPORT_KINDS,
    UNREADABLE,
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
    MSG_ID_MAX_DIGITS,
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
    platform_time,
    to_epoch_ms,
    utc_now,
    zone_named,
)

__all__ = [
    "CODE_MAX_DIGITS",
    "CODE_MIN_DIGITS",
    "CONNECTION_BROKEN",
    "CONTENT_MAX_CHARS",
    "DEFAULT_DELIVERY_DELAY",
    "HTTP_ERROR",
    "MSGIDS_PER_REPORT_MAX",
    "MSG_ID_MAX_CHARS",
    "MSG_ID_MAX_DIGITS",
    "NOT_CONNECTED",
    "NO_ANSWER",
    "NUMBERS_PER_REQUEST_MAX",
    "ORDER_ID_MAX_CHARS",
    "STOP_NOTE_MAX_CHARS",
    "TRANSPORT_KINDS",
    "UNREADABLE",
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
    "platform_time",
    "read_secrets",
    "to_epoch_ms",
    "utc_now",
    "zone_named",
]
