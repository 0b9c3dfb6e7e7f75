"""``python -m itnio_core``: the same operations as the app, from a terminal, with the app's
safeguards: who acts (``--as``), their role, the daily cap, the confirmation threshold, the
audit log.

Modules:
  main              the parser and ``main(argv)``.
  identity          who a command acts as (``--as NAME`` or the computer's user) and whether
                    their role allows it; why no password is asked.
  rules             the daily cap, the confirmation threshold (``--yes``) and ``--schedule``'s
                    time, as a terminal says them.
  campaigns         ``balance``, ``send`` (a spreadsheet as a durable campaign, or a few
                    numbers) and ``results``.
  campaign_control  ``campaign list|show|pause|resume|cancel``.
  campaign_status   where campaigns stand: the list, one campaign, and what ``send`` prints
                    once it is sent here or scheduled.
  reports           ``report``: delivery statuses of msgIds, a file or a campaign.
  receipts          ``receiver-address``: the delivery receipt address with its secret.
  otp               ``otp send|record|records`` and ``backfill``.
  prices            ``prices import FILE`` and ``prices list``: the price list.
  tools             ``hash-password`` and ``sandbox``: no console needed.
  service           ``db upgrade`` and ``worker``: the database and the background work.
  templates         ``templates list|add|show|archive``: saved messages.
  settings          ``settings quiet-hours set|remove|list``: sending windows per country.
  quiet             what ``send`` adds: ``--template``, and the dry run's ``held`` at ``--at``.
  common            what the command modules share (``CommandFailed``, ``out_path``,
                    ``counted``, ``record_export``).
"""

from __future__ import annotations

from .main import main

__all__ = ["main"]
