"""console."""

from __future__ import annotations

from .wiring import (
    SANDBOX_NOTICE_EN,
    SANDBOX_NOTICE_ZH,
    ConnectionCheck,
    Console,
    check_connection,
    open_console,
)

__all__ = [
    "SANDBOX_NOTICE_EN",
    "SANDBOX_NOTICE_ZH",
    "ConnectionCheck",
    "Console",
    "check_connection",
    "open_console",
]
