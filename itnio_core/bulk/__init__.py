"""Bulk OTP lookups and bulk conversion reports from a spreadsheet, run off the page.

Modules:
  sheets   the spreadsheet's columns found and every row checked first.
  jobs     the job and its rows in the store.
  worker   one row at a time, in the background; never a backfill twice.
  results  the person's own workbook with results added, and ``preview``.
"""

from __future__ import annotations

from . import jobs, results, sheets, worker

__all__ = ["jobs", "results", "sheets", "worker"]
