"""The money of one campaign on its page: its estimated cost, and, when the platform ran
out of balance, that it waits for a top-up, with what was sent and what waits."""

from __future__ import annotations

from decimal import Decimal

import streamlit as st

from itnio_core import money
from itnio_core.campaigns import store as campaign_store
from itnio_core.console import Console
from views._ui import shared as _shared
from views._ui.i18n import N_, lang, tr

WAITING_WORDS = N_("Waiting for a top-up")


def cost_text(campaign: campaign_store.Campaign) -> str:
    """``12.50 USD`` (estimated), or "—" when the campaign was confirmed without one."""
    if not campaign.estimated_cost:
        return "—"
    amount = money.money_text(Decimal(campaign.estimated_cost))
    return f"{amount} {campaign.cost_currency or ''}".strip()


def actual_text(console: Console, campaign: campaign_store.Campaign) -> str:
    """What the platform reported the campaign cost so far, or "—"."""
    return money.actual_text(money.actual_cost(console.store, campaign.id)) or "—"


def cost_caption(console: Console, campaign: campaign_store.Campaign) -> None:
    actual = actual_text(console, campaign)
    if campaign.estimated_cost and actual != "—":
        st.caption(
            tr(
                "Estimated cost: {cost}. Actual cost so far, as the platform reported it in "
                "the delivery receipts: {actual}.",
                cost=cost_text(campaign),
                actual=actual,
            )
        )
    elif campaign.estimated_cost:
        st.caption(
            tr(
                "Estimated cost: {cost}. The platform's own charges are shown where it "
                "reports them.",
                cost=cost_text(campaign),
            )
        )
    if campaign.until_balance_out:
        st.caption(tr("An administrator allowed this campaign to send until the balance runs out."))


def top_up_notice(console: Console, campaign: campaign_store.Campaign) -> bool:
    """True (and the notice shown) when the campaign waits for a top-up."""
    wait = money.waiting_for_top_up(console.store, campaign)
    if wait is None:
        return False
    st.warning(wait.message(lang()), icon=":material/account_balance_wallet:")
    _shared.forget_balance()  # the sidebar's balance is the one that ran out
    return True


def is_waiting(console: Console, campaign: campaign_store.Campaign) -> bool:
    return money.waiting_for_top_up(console.store, campaign) is not None
