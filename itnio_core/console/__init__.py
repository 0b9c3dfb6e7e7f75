"""The console wired together: settings → (a sandbox when there are no credentials) → store →
client, for the app and the command line.

Modules:
  wiring  ``open_console`` → ``Console`` (``client_for`` a person, the sender, the sandbox),
          ``check_connection``, and the sandbox notice in both languages.
"""

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
