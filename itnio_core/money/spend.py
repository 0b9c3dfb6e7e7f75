"""What was spent: each campaign's estimated cost, spend by day, person and campaign, and the
daily cap in money per person.

A campaign keeps the estimate it was confirmed with (``record_estimate``); the Spend page
and its .xlsx add them up. Beside each estimate, the actual cost: what the platform
reported per message in the delivery receipts (``actual_costs`` for many campaigns at once,
``actual_cost`` for one: the one sum every page and workbook shows).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pandas as pd
import sqlalchemy as sa

from ..common import InvalidInputError, aware, utc_now
from ..sheets import frames_to_xlsx
from ..store import Store, campaigns, delivery_status, recipients
from .estimate import Estimate, money_text

_CONFIRMED = ("scheduled", "queued", "sending", "paused", "stopped", "finished", "cancelled")


def record_estimate(
    store: Store, campaign_id: int, estimate: Estimate, *, until_balance_out: bool = False
) -> None:
    with store.engine.begin() as conn:
        conn.execute(
            campaigns.update()
            .where(campaigns.c.id == campaign_id)
            .values(
                estimated_cost=str(estimate.total),
                cost_currency=estimate.currency,
                until_balance_out=until_balance_out,
            )
        )


def spend_rows(store: Store, since: datetime | None = None) -> pd.DataFrame:
    """One row per confirmed campaign: day (UTC), person, campaign, recipients, cost."""
    query = (
        sa.select(
            campaigns.c.id,
            campaigns.c.name,
            campaigns.c.confirmed_at,
            campaigns.c.confirmed_by,
            campaigns.c.recipients,
            campaigns.c.segments,
            campaigns.c.estimated_cost,
            campaigns.c.cost_currency,
        )
        .where(campaigns.c.status.in_(_CONFIRMED), campaigns.c.confirmed_at.is_not(None))
        .order_by(campaigns.c.confirmed_at.desc())
    )
    if since is not None:
        query = query.where(campaigns.c.confirmed_at >= since)
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    actual = actual_costs(store, [int(r.id) for r in rows]) if rows else {}
    return pd.DataFrame(
        {
            "day": [aware(r.confirmed_at).date().isoformat() for r in rows],
            "person": [r.confirmed_by or "—" for r in rows],
            "campaign": [f"#{r.id} {r.name}" for r in rows],
            "recipients": [int(r.recipients) for r in rows],
            "parts": [int(r.segments) for r in rows],
            "estimated_cost": [float(Decimal(r.estimated_cost or "0")) for r in rows],
            "currency": [r.cost_currency or "" for r in rows],
            "actual_cost": pd.Series(
                [_in(actual.get(int(r.id), {}), r.cost_currency) for r in rows], dtype="float64"
            ),
        }
    )


def actual_costs(store: Store, campaign_ids: list[int]) -> dict[int, dict[str, Decimal]]:
    """Each campaign's cost so far by currency, from its priced delivery receipts."""
    d, r = delivery_status, recipients
    query = (
        sa.select(r.c.campaign_id, d.c.currency, sa.func.sum(d.c.pay))
        .select_from(r.join(d, d.c.msg_id == r.c.msg_id))
        .where(d.c.pay.is_not(None), r.c.campaign_id.in_(campaign_ids))
        .group_by(r.c.campaign_id, d.c.currency)
    )
    totals: dict[int, dict[str, Decimal]] = {}
    with store.engine.connect() as conn:
        for campaign_id, currency, total in conn.execute(query):
            if total is not None:
                mine = totals.setdefault(int(campaign_id), {})
                mine[currency or ""] = mine.get(currency or "", Decimal(0)) + Decimal(total)
    return totals


def actual_cost(store: Store, campaign_id: int) -> dict[str, Decimal]:
    """One campaign's cost so far by currency (``{}`` until a priced receipt arrives)."""
    return actual_costs(store, [campaign_id]).get(campaign_id, {})


def _in(totals: dict[str, Decimal], currency: str | None) -> float | None:
    """The actual cost in the estimate's currency (or the only one reported); None if none."""
    if not totals:
        return None
    if currency in totals:
        return float(totals[currency])
    return float(next(iter(totals.values()))) if len(totals) == 1 else None


def actual_text(totals: dict[str, Decimal]) -> str:
    """``0.0150 USD`` (+ another currency's, if any); "" when the platform reported none."""
    return " + ".join(f"{money_text(v)} {c}".strip() for c, v in sorted(totals.items()))


def spend_by(rows: pd.DataFrame, column: str) -> pd.DataFrame:
    """Totals per ``day`` or ``person``: campaigns, recipients, parts, estimated and actual
    cost (the actual one over the campaigns the platform priced; empty when none)."""
    if rows.empty:
        return pd.DataFrame(
            columns=[column, "campaigns", "recipients", "parts", "estimated_cost", "actual_cost"]
        )
    grouped = rows.groupby([column, "currency"], sort=True).agg(
        campaigns=("campaign", "count"),
        recipients=("recipients", "sum"),
        parts=("parts", "sum"),
        estimated_cost=("estimated_cost", "sum"),
        actual_cost=("actual_cost", lambda v: v.sum(min_count=1)),
    )
    out = grouped.reset_index()
    out["estimated_cost"] = out["estimated_cost"].round(4)
    out["actual_cost"] = out["actual_cost"].astype("float64").round(6)
    return out.sort_values(column, ascending=column != "day").reset_index(drop=True)


SHEETS = {"day": "By day", "person": "By person"}


def spend_workbook(store: Store, since: datetime | None = None) -> bytes:
    """The Spend page as .xlsx: by day, by person, and every campaign."""
    rows = spend_rows(store, since)
    frames = {SHEETS[c]: spend_by(rows, c) for c in SHEETS}
    frames["Campaigns"] = rows
    return frames_to_xlsx(frames)


# ------------------------------------------------------------------ the cap in money
def spent_today(store: Store, user: str, now: datetime | None = None) -> Decimal:
    """The estimated cost of the campaigns ``user`` confirmed since 00:00 UTC."""
    now = now or utc_now()
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    with store.engine.connect() as conn:
        costs = conn.execute(
            sa.select(campaigns.c.estimated_cost).where(
                campaigns.c.confirmed_by == user,
                campaigns.c.confirmed_at >= start,
                campaigns.c.confirmed_at < start + timedelta(days=1),
            )
        ).scalars()
        return sum((Decimal(c) for c in costs if c), Decimal(0))


def check_money_cap(
    store: Store, user: str | None, amount: Decimal, cap: Decimal | None, currency: str
) -> None:
    """``InvalidInputError`` when ``amount`` more would pass the person's daily money cap."""
    if not cap or user is None:
        return
    used = spent_today(store, user)
    if used + amount <= cap:
        return
    left = max(cap - used, Decimal(0))
    u, c, a, lt = (money_text(x) for x in (used, cap, amount, left))
    raise InvalidInputError(
        f"This would pass your daily spending cap: {u} of {c} {currency} spent today (UTC), "
        f"{lt} left, and this campaign is estimated at {a} {currency}. Send to fewer people, "
        "wait until tomorrow, or ask an administrator to raise the cap in Settings.",
        message_zh=f"超出每日花费上限：今天（UTC）已花费 {u} / {c} {currency}，剩余 {lt}，"
        f"本次群发预计 {a} {currency}。请减少接收人、明天再发，或请管理员在设置中提高上限。",
        field="daily_money_cap",
    )


def balance_marker(store: Store) -> str:
    """Changes whenever a campaign finishes or stops sending (the balance changed): the
    sidebar keys its balance on it, so it is read again then instead of shown stale."""
    ended = ("finished", "paused", "stopped", "cancelled")
    query = sa.select(sa.func.count(), sa.func.max(campaigns.c.finished_at)).where(
        campaigns.c.status.in_(ended)
    )
    with store.engine.connect() as conn:
        count, last = conn.execute(query).one()
    return f"{count}|{last}"
