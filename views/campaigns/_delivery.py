"""A campaign's delivery, on its page: delivered, failed and still sending, and the cost, as
the platform's receipts arrive in the store. Re-read every few seconds while anything is
still on its way; nothing here asks the platform."""

from __future__ import annotations

import streamlit as st

from itnio_core import money, receipts
from itnio_core.campaigns import materialise
from itnio_core.console import Console
from itnio_core.reports import SENDING_KEY, UNCHECKED_KEY, Target
from itnio_core.reports import query as report_query
from views._ui.i18n import num, tr

REFRESH_SECONDS = 3


def render(console: Console, campaign_id: int) -> None:
    counts = report_query.counts(console.store, Target("campaign", campaign_id))
    moving = bool(counts[SENDING_KEY] or counts[UNCHECKED_KEY])
    st.fragment(_live, run_every=REFRESH_SECONDS if moving else None)(console, campaign_id, moving)


def _live(console: Console, campaign_id: int, moving_at_start: bool) -> None:
    store = console.store
    materialise(store, campaign_id)  # msgIds the sender got but has not copied yet
    _settled(receipts.settle_unknown(store, campaign_id))
    target = Target("campaign", campaign_id)
    counts = report_query.counts(store, target)
    moving = bool(counts[SENDING_KEY] or counts[UNCHECKED_KEY])
    if moving != moving_at_start:
        st.rerun()  # start or stop refreshing
    if not counts["total"]:
        return
    st.subheader(tr("Delivery"))
    a, b, c, d = st.columns(4)
    a.metric(tr("Delivered"), num(counts["delivered"]), border=True)
    b.metric(tr("Failed"), num(counts["failed"]), border=True)
    c.metric(tr("Waiting for a receipt"), num(counts[SENDING_KEY] + counts[UNCHECKED_KEY]),
             border=True)  # fmt: skip
    totals = money.actual_cost(store, campaign_id)
    if len(totals) == 1:  # the currency in the label, so the figure fits its box
        ((currency, amount),) = totals.items()
        label, spent = tr("Cost so far ({currency})", currency=currency), money.money_text(amount)
    else:
        label, spent = tr("Cost so far"), money.actual_text(totals) or "—"
    d.metric(label, spent, border=True)


def _settled(found: receipts.Settlement) -> None:
    """Unknown sends that receipts accounted for, and how many are still unknown."""
    if not (found.settled or found.remaining):
        return
    text = tr(
        "Unknown sends settled by their delivery receipts: {settled} (they were sent; their "
        "status is in the report). Still unknown: {remaining}. A receipt that arrives later "
        "settles more; nothing is sent again.",
        settled=num(found.settled),
        remaining=num(found.remaining),
    )
    (st.info if found.remaining else st.success)(text, icon=":material/receipt_long:")
