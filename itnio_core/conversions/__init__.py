"""conversions."""

from __future__ import annotations

from . import backfill

__all__ = ["backfill"]
