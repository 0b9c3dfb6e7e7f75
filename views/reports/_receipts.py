"""What a report owes to pushed receipts: how its statuses were learned, and what they cost."""

from __future__ import annotations

import streamlit as st

from itnio_core import money, receipts
from itnio_core.reports import Target
from itnio_core.reports import query as report_query
from itnio_core.store import Store
from views._ui.i18n import num, tr


def learned(store: Store, target: Target, counts: dict[str, int]) -> None:
    """One line: how many statuses the platform pushed, how many were asked for."""
    if not counts.get("total"):
        return
    found = report_query.sources(store, target)
    minutes = receipts.fallback_minutes(store)
    st.caption(
        tr(
            "Statuses pushed by the platform (delivery receipts): {pushed}. Asked for "
            "(getReport): {asked}. A message without a receipt {minutes} minutes after it was "
            "sent is asked about by itself.",
            pushed=num(found[report_query.PUSHED]),
            asked=num(found[report_query.ASKED]),
            minutes=num(minutes),
        )
    )


def cost(store: Store, target: Target) -> None:
    """The campaign's cost so far, from its priced receipts."""
    if target.kind != "campaign":
        return
    text = money.actual_text(money.actual_cost(store, target.id))
    if not text:
        return
    st.metric(
        tr("Cost so far (from delivery receipts)"),
        text,
        help=tr("What the platform says these messages cost, added up from their receipts."),
        border=True,
    )
