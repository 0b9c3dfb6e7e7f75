"""What pushed receipts say messages cost (``pricedetail``), for spend and learned prices.

    receipts.charges(store, campaign_id=12)         # one campaign's priced receipts
    receipts.charges(store, since=day_start)        # everything priced since then

Only receipts with a ``pay`` are charges; a receipt without a price says nothing about cost.
A campaign's cost in all is ``money.actual_costs`` (one sum for every page).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa

from ..store import Store, delivery_status, recipients

d = delivery_status
r = recipients


@dataclass(frozen=True)
class Charge:
    msg_id: str
    number: str
    calling_code: int | None
    mcc: str | None
    mnc: str | None
    delivered: bool
    pay: Decimal  # the message in all
    price: Decimal | None  # per charged part
    currency: str
    charge_cnt: int | None  # parts charged
    receipt_ms: int
    received_at: float
    campaign_id: int | None  # the campaign that sent it, when it was one of ours


def _query(
    since: datetime | None, until: datetime | None, campaign_id: int | None
) -> sa.Select[tuple[object, ...]]:
    which = sa.select(r.c.campaign_id).where(r.c.msg_id == d.c.msg_id).limit(1)
    campaign = sa.func.coalesce(d.c.campaign_id, which.scalar_subquery())
    query = sa.select(
        d.c.msg_id,
        d.c.number,
        d.c.calling_code,
        d.c.mcc,
        d.c.mnc,
        d.c.status,
        d.c.pay,
        d.c.price,
        d.c.currency,
        d.c.charge_cnt,
        d.c.receipt_ms,
        d.c.received_at,
        campaign.label("campaign_id"),
    ).where(d.c.pay.is_not(None), d.c.receipt_ms.is_not(None))
    if campaign_id is not None:
        mine = sa.select(r.c.msg_id).where(r.c.campaign_id == campaign_id, r.c.msg_id.is_not(None))
        query = query.where(d.c.msg_id.in_(mine))
    if since is not None:
        query = query.where(d.c.received_at >= since.timestamp())
    if until is not None:
        query = query.where(d.c.received_at < until.timestamp())
    return query.order_by(d.c.received_at, d.c.msg_id)


def charges(
    store: Store,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    campaign_id: int | None = None,
) -> list[Charge]:
    """Priced receipts, oldest first: received in [since, until), of one campaign if given."""
    with store.engine.connect() as conn:
        rows = conn.execute(_query(since, until, campaign_id)).all()
    return [
        Charge(
            msg_id=row.msg_id,
            number=row.number,
            calling_code=row.calling_code,
            mcc=row.mcc,
            mnc=row.mnc,
            delivered=row.status == 0,
            pay=Decimal(row.pay),
            price=None if row.price is None else Decimal(row.price),
            currency=row.currency or "",
            charge_cnt=row.charge_cnt,
            receipt_ms=int(row.receipt_ms),
            received_at=float(row.received_at),
            campaign_id=row.campaign_id,
        )
        for row in rows
    ]
