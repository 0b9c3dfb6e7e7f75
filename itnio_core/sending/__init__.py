"""sending."""

from __future__ import annotations

from .sender import Sender

__all__ = ["Sender"]
