"""One error hierarchy for everything the console can get wrong.

Callers catch ``ItnioError`` and show ``user_message`` (English) or
``message_zh``; the subclasses say what the caller should do next.
"""

from __future__ import annotations

from typing import Any


class ItnioError(Exception):
    """Root of every error the core raises on purpose."""

    def __init__(
        self,
        message: str,
        *,
        message_zh: str | None = None,
        raw: Any = None,
    ) -> None:
        super().__init__(message)
        self.user_message = message
        self.message_zh = message_zh or message
        self.raw = raw
        self.partial: Any = None  # what a multi-request operation completed before failing

    def message_for(self, lang: str) -> str:
        return self.message_zh if lang.startswith("zh") else self.user_message


class InvalidInputError(ItnioError):
    """The caller's own input is wrong; nothing was sent."""

    def __init__(self, message: str, *, field: str | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.field = field


class ApiStatusError(ItnioError):
    """The platform answered with a non-zero ``status`` code."""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        endpoint: str,
        reason: str = "",
        **kw: Any,
    ) -> None:
        super().__init__(message, **kw)
        self.status = status
        self.endpoint = endpoint
        self.reason = reason


class AuthError(ApiStatusError):
    """Credentials, IP allow-list or clock rejected: fix settings, then retry."""


class RequestRejected(ApiStatusError):
    """A documented business rejection (balance, content, limits...)."""


class TransportError(ItnioError):
    """No usable answer came back.

    ``may_have_reached_server`` is True when the request might have been
    processed (timeout after sending, reset connection, a 5xx or garbled
    answer); such a send must never be repeated automatically. ``kind`` says
    which of those it was (one of ``TRANSPORT_KINDS``), so a stopped campaign
    can say why each of its requests has no outcome.
    """

    def __init__(
        self,
        message: str,
        *,
        may_have_reached_server: bool,
        http_status: int | None = None,
        kind: str = "",
        **kw: Any,
    ) -> None:
        super().__init__(message, **kw)
        self.may_have_reached_server = may_have_reached_server
        self.http_status = http_status
        self.kind = kind or (HTTP_ERROR if http_status else CONNECTION_BROKEN)


# What went wrong on the way, for TransportError.kind.
NOT_CONNECTED = "not_connected"  # no byte reached the platform
NO_ANSWER = "no_answer"  # sent, then no answer in time
CONNECTION_BROKEN = "connection_broken"  # sent, then the connection broke
UNREADABLE = "unreadable"  # an answer came, but not the expected JSON
HTTP_ERROR = "http_error"  # an HTTP error status (a 500, a 404) instead of a result
TRANSPORT_KINDS = (NOT_CONNECTED, NO_ANSWER, CONNECTION_BROKEN, UNREADABLE, HTTP_ERROR)
