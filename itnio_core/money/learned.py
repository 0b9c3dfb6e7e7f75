"""Prices learned from what the platform really charged.

The platform reports a charge in several places: an OTP record's SMS attempts carry
``chargeCnt`` and ``pay`` (their total), its voice attempts ``rate`` and ``cost``; the
delivery receipts it pushes carry ``pricedetail`` (``pay``, ``price``, ``currency``,
``chargeCnt``). Each observation keeps the last price per message part per calling code,
with its date, through ``observe_price``: the estimate offers it for a country the price
list lacks ("last charged 0.0045 USD on 1 Dec").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa

from ..api import OtpRecord
from ..common import aware, parse_api_time, utc_now
from ..phones import calling_code_of
from ..store import Store, learned_prices
from .prices import DEFAULT_CURRENCY

OTP_RECORD = "otp_record"
RECEIPT = "delivery_receipt"


@dataclass(frozen=True)
class Learned:
    calling_code: int
    price: Decimal  # per message part
    currency: str
    observed_at: datetime
    source: str


def _decimal(value: Any) -> Decimal | None:
    try:
        found = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return found if found.is_finite() and found >= 0 else None


def observe_price(
    store: Store,
    *,
    price: Any,
    country: int | str | None = None,
    number: str | None = None,
    currency: str | None = None,
    when: datetime | None = None,
    source: str = RECEIPT,
    parts: Any = None,
) -> Learned | None:
    """Remember what one message part cost for a destination; None when it says nothing.

    ``country`` is a calling code (``91`` or ``"91"``), or give the ``number`` it went to.
    ``price`` is per part; give ``parts`` (``chargeCnt``) when ``price`` is the total
    (``pay``). An older observation never replaces a newer one. A zero charge (a failed
    message the platform did not bill) is not a price and is ignored.
    """
    code = _code(country, number)
    amount = _decimal(price)
    count = _decimal(parts) if parts is not None else Decimal(1)
    if code is None or amount is None or not amount or not count:
        return None
    learned = Learned(
        code,
        (amount / count).normalize(),
        (currency or DEFAULT_CURRENCY).strip().upper() or DEFAULT_CURRENCY,
        aware(when) or utc_now(),
        source[:40],
    )
    _keep_newest(store, learned)
    return learned


def _code(country: int | str | None, number: str | None) -> int | None:
    if country is not None and str(country).strip().lstrip("+").isdigit():
        return int(str(country).strip().lstrip("+"))
    if number:
        return calling_code_of(number)
    return None


def _keep_newest(store: Store, learned: Learned) -> None:
    values = {
        "price": str(learned.price),
        "currency": learned.currency,
        "observed_at": learned.observed_at,
        "source": learned.source,
    }
    key = learned_prices.c.calling_code == learned.calling_code
    with store.engine.begin() as conn:
        changed = conn.execute(
            learned_prices.update()
            .where(key, learned_prices.c.observed_at <= learned.observed_at)
            .values(**values)
        ).rowcount
        if changed:
            return
        exists = conn.execute(sa.select(learned_prices.c.calling_code).where(key)).first()
        if exists is None:
            try:
                with conn.begin_nested():
                    conn.execute(
                        learned_prices.insert().values(calling_code=learned.calling_code, **values)
                    )
            except sa.exc.IntegrityError:  # another process learned it at the same moment
                pass


def learn_from_otp_record(store: Store, record: OtpRecord, when: datetime | None = None) -> int:
    """Learn from an OTP record's SMS charges (``pay`` over ``chargeCnt``); how many."""
    number = record.verification.ori_receiver
    learned = 0
    for attempt in record.sms:
        found = observe_price(
            store,
            price=attempt.pay,
            parts=attempt.charge_cnt or 1,
            number=number,
            when=when or parse_api_time(attempt.done_tm or attempt.submit_tm),
            source=OTP_RECORD,
        )
        learned += found is not None
    return learned


def learned(store: Store) -> dict[int, Learned]:
    """The last observed price per calling code."""
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(learned_prices)).all()
    return {
        int(r.calling_code): Learned(
            int(r.calling_code), Decimal(r.price), r.currency, aware(r.observed_at), r.source
        )
        for r in rows
    }
