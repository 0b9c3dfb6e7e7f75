"""Confirming a campaign with its money checked: the daily caps, then a fresh balance.

    est = estimate_plan(plan, PriceBook.load(store))
    confirm(store, client, draft_id, est, user="ada", daily_cap=0, money_cap=None)

An estimate above ``balance + credit`` raises ``InsufficientBalanceError`` with the
shortfall, unless ``until_balance_out`` is asked for by someone who ``may_override`` (an
admin): then the campaign sends until the platform answers "insufficient balance" and
waits for a top-up, and the choice is in the audit log.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ..access import audit
from ..api import ItnioClient
from ..campaigns import actions as campaign_actions
from ..common import InvalidInputError
from ..store import Store
from .estimate import Estimate, money_text
from .guard import BalanceCheck, InsufficientBalanceError, check_balance
from .spend import check_money_cap, record_estimate


def confirm(
    store: Store,
    client: ItnioClient,
    campaign_id: int,
    estimate: Estimate,
    *,
    user: str | None,
    daily_cap: int,
    money_cap: Decimal | None,
    scheduled_at: datetime | None = None,
    until_balance_out: bool = False,
    may_override: bool = False,
    detail: str = "",
) -> bool:
    """True when this call confirmed the draft; raises when a cap or the balance says no."""
    check_money_cap(store, user, estimate.total, money_cap, estimate.currency)
    check = confirm_check(client, estimate)
    override = check.short and until_balance_out
    if check.short and not until_balance_out:
        raise check.error()
    if override and not may_override:
        raise InvalidInputError(
            "Only an administrator may send a campaign until the balance runs out.",
            message_zh="只有管理员可以允许群发发送至余额用完。",
            field="until_balance_out",
        )
    record_estimate(store, campaign_id, estimate, until_balance_out=override)
    confirmed = campaign_actions.confirm(
        store,
        campaign_id,
        user=user,
        daily_cap=daily_cap,
        scheduled_at=scheduled_at,
        detail=detail,
    )
    if confirmed and override:
        cur = estimate.currency
        audit.record(
            store,
            user,
            audit.BALANCE_OVERRIDE,
            what=f"campaign {campaign_id}",
            detail=f"estimate {money_text(estimate.total)} {cur}, short by "
            f"{money_text(check.shortfall)} {cur}{'; ' + detail if detail else ''}",
        )
    return confirmed


def confirm_check(client: ItnioClient, estimate: Estimate) -> BalanceCheck:
    """The balance read now; ``InsufficientBalanceError`` when it cannot be read."""
    check = check_balance(client, estimate)
    if check.funds is None:
        raise InsufficientBalanceError(
            "The balance could not be read just now, so the campaign was not confirmed: "
            f"{check.error_en} Try again in a moment.",
            message_zh=f"暂时无法读取余额，群发未确认：{check.error_zh}请稍后再试。",
        )
    return check
