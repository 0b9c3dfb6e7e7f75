"""New campaign's money: the characters counter, the estimate at review, the balance guard,
and confirming with the money checked. The page (campaign_new.py) only calls these.

The balance shown at review is read from the platform when the review opens (and again on
"Read the balance again"), and once more at the moment of confirming: never a cached one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import pandas as pd
import streamlit as st

from itnio_core import money
from itnio_core.access import Action
from itnio_core.api import sms_parts as sms_text
from itnio_core.campaigns import CampaignPlan, PlanPreview
from itnio_core.campaigns import store as campaign_store
from itnio_core.common import ItnioError, utc_now
from itnio_core.console import Console
from views._ui import shared as _shared
from views._ui import state as _state
from views._ui.i18n import N_, is_chinese, lang, num, tr


# ------------------------------------------------------------------ 3. the counter
def counter(content: str) -> None:
    """Characters and parts of the text as typed, placeholders left out (each row's own
    values are counted at review), and what forces UCS-2."""
    try:
        fixed = money.segments.fixed_text(content)
    except ItnioError:
        fixed = content  # a lone brace: the plan says what is wrong with it
    count = sms_text.count(fixed)
    per = "160 / 153" if count.encoding == sms_text.GSM7 else "70 / 67"
    params = {
        "characters": num(count.characters),
        "encoding": count.encoding,
        "per": per,
        "segments": num(count.segments),
    }
    text = (
        tr(
            "**{characters}** characters · **{encoding}** ({per} per part) · **{segments}** "
            "part per message, without the placeholders",
            **params,
        )
        if count.segments == 1
        else tr(
            "**{characters}** characters · **{encoding}** ({per} per part) · **{segments}** "
            "parts per message, without the placeholders",
            **params,
        )
    )
    st.markdown(text)
    st.caption(tr("Placeholders are counted with each row's own values at review."))
    found = money.segments.characters(fixed)
    if found.chinese:
        st.info(tr("Chinese text: up to 70 characters per part."), icon=":material/translate:")
    if found.forcing:
        shown = " ".join(f"`{c}`" if c.strip() else f"`U+{ord(c):04X}`" for c in found.forcing)
        st.warning(
            tr(
                "These characters make the message use UCS-2, which fits fewer characters per "
                "part: {shown}",
                shown=shown,
            ),
            icon=":material/translate:",
        )
        if any(c in sms_text.REPLACEMENTS for c in found.forcing):
            st.button(
                tr("Replace smart quotes, long dashes and special spaces"),
                key=_state.NEW_REPLACE_BTN,
                on_click=_replace_lookalikes,
                icon=":material/auto_fix_high:",
            )
    if found.double:
        shown = " ".join(f"`{c}`" for c in found.double)
        st.caption(tr("These characters count double in GSM-7: {shown}", shown=shown))


def _replace_lookalikes() -> None:
    text = st.session_state.get(_state.NEW_CONTENT, "")
    st.session_state[_state.NEW_CONTENT] = sms_text.replace_lookalikes(text)


# ------------------------------------------------------------------ 4. the estimate
def estimate(console: Console, plan: CampaignPlan | PlanPreview) -> money.Estimate:
    """The plan's estimate at today's prices (kept while the plan and the prices stay)."""
    book = money.PriceBook.load(console.store)
    key = (
        id(plan),
        tuple(sorted(book.by_prefix.items())),
        tuple(sorted(book.by_operator_prefix.items())),
        tuple(sorted((c, s.price) for c, s in book.learned.items())),
    )
    cached = st.session_state.get(_state.NEW_ESTIMATE)
    if cached is not None and cached[0] == key:
        return cached[1]  # type: ignore[no-any-return]
    found = money.estimate_plan(plan, book)
    st.session_state[_state.NEW_ESTIMATE] = (key, found)
    return found


def estimate_text(console: Console, plan: CampaignPlan | PlanPreview) -> str:
    """``30.00 USD``, or ``at least 30.00 USD`` when a country has no price."""
    est = estimate(console, plan)
    total = f"{money.money_text(est.total)} {est.currency}"
    return tr("at least {total}", total=total) if est.lower_bound else total


SOURCE_WORDS = {
    money.book.LIST: N_("price list"),
    money.book.OPERATORS: N_("price list (dearest operator)"),
    money.book.UNKNOWN: N_("no price"),
}


def _price_from(row: money.CountryCost, currency: str) -> str:
    if row.source == money.book.LEARNED and row.observed_at is not None:
        seen = row.observed_at
        day = f"{seen.month}月{seen.day}日" if is_chinese() else f"{seen.day} {seen:%b}"
        return tr(
            "last charged {price} {currency} on {day}",
            price=str(row.price),
            currency=currency,
            day=day,
        )
    return _shared.translated(SOURCE_WORDS.get(row.source, row.source))


def show_estimate(est: money.Estimate) -> None:
    cur = est.currency
    rows = [
        {
            tr("Country"): row.name(lang()),
            tr("Recipients"): num(row.recipients),
            tr("Parts"): num(row.parts),
            tr("Price per part"): "—"
            if row.price is None
            else (
                str(row.price)
                if row.cheapest in (None, row.price)
                else f"{row.cheapest}–{row.price}"
            ),
            tr("Cost ({currency})", currency=cur): "—"
            if row.cost is None
            else money.money_text(row.cost),
            tr("Price from"): _price_from(row, cur),
        }
        for row in est.by_country
    ]
    st.markdown(tr("#### Cost estimate, by destination country"))
    st.dataframe(
        pd.DataFrame(rows), hide_index=True, width="stretch", key=_state.NEW_ESTIMATE_TABLE
    )
    total = money.money_text(est.total)
    if est.lower_bound:
        names = ", ".join(row.name(lang()) for row in est.unknown)
        st.markdown(
            tr("**Estimated total: at least {total} {currency}**", total=total, currency=cur)
        )
        st.warning(
            tr(
                "No price is known for {countries}, so the total leaves them out: it is a "
                "lower bound. An administrator can add their prices in Settings › Prices.",
                countries=names,
            ),
            icon=":material/help:",
        )
    else:
        st.markdown(tr("**Estimated total: {total} {currency}**", total=total, currency=cur))


def show_parts(plan: CampaignPlan) -> None:
    explained = money.explain_plan(plan)
    with st.container(border=True):
        st.markdown(tr("**Parts per message**"))
        for line in explained.lines(lang()):
            st.markdown(f"- {line}")


# ------------------------------------------------------------------ 4. the guard
@dataclass(frozen=True)
class Guard:
    blocked: bool  # confirming is blocked (the estimate is over balance + credit)
    check: money.BalanceCheck | None


def _fresh_check(console: Console, draft_id: int, est: money.Estimate) -> money.BalanceCheck:
    kept = st.session_state.get(_state.NEW_BALANCE_CHECK)
    if kept is not None and kept[0] == draft_id and kept[1].estimate == est:
        return kept[1]  # type: ignore[no-any-return]
    client = console.client_for(_shared.current_user())
    check = money.check_balance(client, est)
    st.session_state[_state.NEW_BALANCE_CHECK] = (draft_id, check, utc_now())
    _shared.forget_balance()  # the sidebar shows the same fresh figure
    return check


def _read_again() -> None:
    st.session_state.pop(_state.NEW_BALANCE_CHECK, None)


def balance_text(check: money.BalanceCheck | None) -> str:
    if check is None or check.funds is None:
        return tr("unavailable")
    return money.money_text(check.funds.available)


def review(console: Console, draft: campaign_store.Campaign, plan: CampaignPlan) -> Guard:
    """The estimate, the parts and a fresh balance; whether confirming is blocked."""
    est = estimate(console, plan)
    show_estimate(est)
    show_parts(plan)
    check = _fresh_check(console, draft.id, est)
    read_at: datetime = st.session_state[_state.NEW_BALANCE_CHECK][2]
    left, right = st.columns([3, 1])
    left.caption(
        tr(
            "Balance read from the platform at {time}; it is read again when you confirm.",
            time=_shared.format_time(read_at),
        )
    )
    right.button(
        tr("Read the balance again"),
        key=_state.NEW_BALANCE_AGAIN_BTN,
        icon=":material/refresh:",
        on_click=_read_again,
    )
    if check.funds is None:
        st.warning(
            tr(
                "The balance could not be read: {reason}",
                reason=check.error_zh if is_chinese() else check.error_en,
            ),
            icon=":material/warning:",
        )
        return Guard(False, check)
    if not check.comparable:
        st.info(
            tr(
                "The price list is in {currency} and the balance in USD, so they are not compared.",
                currency=est.currency,
            )
        )
        return Guard(False, check)
    if not check.short:
        st.success(
            tr(
                "The balance covers this campaign: {total} of {available} USD (balance plus "
                "credit).",
                total=money.money_text(est.total),
                available=money.money_text(check.funds.available),
            ),
            icon=":material/account_balance_wallet:",
        )
        return Guard(False, check)
    st.error(check.message(lang()), icon=":material/money_off:")
    if not _shared.may(Action.CHANGE_SETTINGS):
        return Guard(True, check)
    until_out = st.checkbox(
        tr("Send anyway, until the balance runs out (administrators; recorded in the audit log)"),
        key=_state.NEW_UNTIL_OUT,
        help=tr(
            "The campaign pauses when the platform says the balance is too low, and "
            "waits for a top-up; nothing is sent twice."
        ),
    )
    return Guard(not until_out, check)


def confirm(
    console: Console, campaign_id: int, scheduled_at: datetime | None, plan: CampaignPlan
) -> bool:
    """Confirm with the caps and a balance read now; raises ``ItnioError`` when refused."""
    settings = _shared.settings()
    cap = Decimal(settings.daily_money_cap) if settings.daily_money_cap else None
    user = _shared.current_user()
    confirmed = money.confirm.confirm(
        console.store,
        console.client_for(user),
        campaign_id,
        estimate(console, plan),
        user=user,
        daily_cap=settings.daily_cap,
        money_cap=cap,
        scheduled_at=scheduled_at,
        until_balance_out=bool(st.session_state.get(_state.NEW_UNTIL_OUT)),
        may_override=_shared.may(Action.CHANGE_SETTINGS),
    )
    _shared.forget_balance()
    return confirmed
