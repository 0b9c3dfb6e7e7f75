"""A campaign from a spreadsheet, before and after it is sent: upload → verdicts → plan →
draft, then confirmation, controls and the results workbook.

Modules:
  flow              the steps the page and the CLI share: ``load_upload``, ``check_upload``,
                    ``preview``, ``plan``, ``save_draft``, ``dry_run_summary``,
                    ``verdicts_file``.
  verdicts          every row's verdict (``VERDICTS``: ok, invalid, duplicate, excluded,
                    empty) with its Excel row and reason.
  personalise       ``{column}`` placeholders filled from each row.
  plan              ``plan_campaign`` → ``CampaignPlan``: each message checked, the
                    requests of at most 1,000 numbers; ``typed_count_matches``.
  preview           ``preview_campaign`` → ``PlanPreview``: the plan's counts, problems and
                    first messages without writing every message (the preview, the dry run).
  part_counts       parts of personalised messages counted per distinct value of each
                    placeholder column (``SheetParts``), kept between edits.
  store             drafts, the one-time confirmation, pause/resume/cancel, progress.
  request_log       each planned request kept whole with its answer (``materialise`` puts
                    the msgIds onto the rows); the sender reads and writes it.
  bulk_write        a draft's rows and the msgIds written in bulk: COPY on PostgreSQL, the
                    driver's executemany on SQLite, inside the caller's transaction.
  actions           what a person does to a campaign, with the daily cap and the audit.
  stop_list         numbers that opted out.
  standing          where every recipient stands: accepted, unknown and why, refused and
                    with which code, not sent yet (``count`` → ``Standing``).
  results_workbook  ``campaign_workbook``: the person's own workbook with results added.
  in_memory         uploads held in memory: ``held()`` counts the live ones, ``give_back()``
                    returns freed memory to the operating system.
  own_test          "send yourself a test": chosen rows' messages to one's own numbers, as a
                    small campaign marked as a test (``send_test``).
"""

from __future__ import annotations

from . import (
    actions,
    flow,
    in_memory,
    own_test,
    personalise,
    request_log,
    results_workbook,
    standing,
    stop_list,
    store,
)
from .plan import CampaignPlan, typed_count_matches
from .preview import PlanPreview
from .request_log import LoadedRequest, materialise
from .results_workbook import SUBMIT_WORDS, VERDICT_WORDS, campaign_workbook
from .standing import INTERRUPTED, REFUSED, Standing
from .verdicts import VERDICTS

__all__ = [
    "INTERRUPTED",
    "REFUSED",
    "SUBMIT_WORDS",
    "VERDICTS",
    "VERDICT_WORDS",
    "CampaignPlan",
    "LoadedRequest",
    "PlanPreview",
    "Standing",
    "actions",
    "campaign_workbook",
    "flow",
    "in_memory",
    "materialise",
    "own_test",
    "personalise",
    "request_log",
    "results_workbook",
    "standing",
    "stop_list",
    "store",
    "typed_count_matches",
]
