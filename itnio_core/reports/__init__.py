"""Delivery reports: which messages were delivered, failed or are still sending, pushed by the
platform as receipts (``itnio_core.receipts``) or asked of it in calls of 200, stored with
when each status was seen, and downloaded.

Modules:
  statuses  ``STATUS_KEYS``, ``word``, ``meaning``, ``COLOURS``: a status in words.
  target    ``Target``: a campaign's messages, or a list of msgIds.
  input     msgIds people bring: pasted, or a sheet with a msgId column.
  lists     those msgIds kept as a list (``get_list``).
  fetch     ``fetch_pages``/``fetch_answers``: getReport, a few calls in flight;
            ``report_client``.
  answers   a check's answers stored by SQL, a few statements per batch.
  store     the statuses as seen; ``history``: each check and what it changed.
  jobs      ``run_check`` and report files, off the page's thread.
  fallback  ``overdue``: a message whose pushed receipt is late, so the platform is asked.
  query     counts, by country, over time, and pages of rows.
  files     the .xlsx (``summary``, ``charts``) and .csv downloads (``FileOptions``).
  resend    "Resend to failed": the failed recipients' own rows for a new campaign.
  gc_pause  the collector paused while a million rows are built.
"""

from __future__ import annotations

from . import fallback, files, history, input, jobs, lists, query, resend
from .fetch import report_client
from .jobs import CheckOutcome, run_check
from .lists import get_list
from .statuses import COLOURS, NOT_FOUND_KEY, SENDING_KEY, STATUS_KEYS, UNCHECKED_KEY, meaning, word
from .summary import FileOptions
from .target import Target

__all__ = [
    "COLOURS",
    "NOT_FOUND_KEY",
    "SENDING_KEY",
    "STATUS_KEYS",
    "UNCHECKED_KEY",
    "CheckOutcome",
    "FileOptions",
    "Target",
    "fallback",
    "files",
    "get_list",
    "history",
    "input",
    "jobs",
    "lists",
    "meaning",
    "query",
    "report_client",
    "resend",
    "run_check",
    "word",
]
