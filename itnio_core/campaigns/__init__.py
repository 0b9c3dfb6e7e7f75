"""campaigns."""

from __future__ import annotations

from . import actions, flow, request_log, results_workbook, stop_list, store
from .plan import CampaignPlan, typed_count_matches
from .request_log import LoadedRequest, materialise
from .results_workbook import SUBMIT_WORDS, VERDICT_WORDS, campaign_workbook
from .verdicts import VERDICTS

__all__ = [
    "SUBMIT_WORDS",
    "VERDICTS",
    "VERDICT_WORDS",
    "CampaignPlan",
    "LoadedRequest",
    "actions",
    "campaign_workbook",
    "flow",
    "materialise",
    "request_log",
    "results_workbook",
    "stop_list",
    "store",
    "typed_count_matches",
]
