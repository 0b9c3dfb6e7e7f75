"""What the client tells its recorder about every API call (no secrets)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from ..common import utc_now


@dataclass
class CallRecord:
    endpoint: str
    method: str
    path: str
    request_summary: dict[str, Any]
    started_at: datetime = field(default_factory=utc_now)
    user: str | None = None
    status: int | None = None  # the API's status code, None when no answer came
    reason: str = ""
    ids: list[str] = field(default_factory=list)
    duration_ms: float = 0.0
    error: str = ""  # plain-words error when the call failed
    http_status: int | None = None


class CallRecorder(Protocol):
    def record_call(self, record: CallRecord) -> None: ...
