"""otp."""

from __future__ import annotations

from . import funnel, records, send, store
from .send import CHANNEL_LABELS

__all__ = ["CHANNEL_LABELS", "funnel", "records", "send", "store"]
