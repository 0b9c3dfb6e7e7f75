"""bulk."""

from __future__ import annotations

from . import jobs, results, sheets, worker

__all__ = ["jobs", "results", "sheets", "worker"]
