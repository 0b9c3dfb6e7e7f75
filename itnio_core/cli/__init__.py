"""``python -m itnio_core``: the same operations as the app, from a terminal.

Modules:
  main       the parser and ``main(argv)``.
  campaigns  ``balance``, ``send`` (a spreadsheet as a durable campaign, or a few numbers)
             and ``results``.
  reports    ``report``: delivery statuses of msgIds, a file or a campaign.
  otp        ``otp send|record|records`` and ``backfill``.
  tools      ``hash-password`` and ``sandbox``: no console needed.
  service    ``db upgrade`` and ``worker``: the database and the background work.
  common     what the command modules share (``CommandFailed``, ``out_path``).
"""

from __future__ import annotations

from .main import main

__all__ = ["main"]
