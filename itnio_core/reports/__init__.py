"""reports."""

from __future__ import annotations

from . import files, history, input, jobs, lists, query, resend
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
