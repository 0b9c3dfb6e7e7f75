"""Conversion reports (backfill): telling the platform a code or message was used.

Modules:
  backfill  each msgid claimed in the store before its call, so it is reported at most
            once; an answer that never came is marked unknown and not repeated.
"""

from __future__ import annotations

from . import backfill

__all__ = ["backfill"]
