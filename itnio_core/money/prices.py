"""The price list in the store: one price per message part, per destination.

A destination is a calling code (``91``) or a longer prefix (``9198``), optionally one
operator (``404-45``: MCC-MNC) where the vendor prices operators apart. The whole list is
in one currency (the vendor's, normally USD); every change is written to the audit log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa

from ..access import audit
from ..common import InvalidInputError, aware, utc_now
from ..store import Store, prices

DEFAULT_CURRENCY = "USD"
PRICE_MAX = Decimal("100")  # per part: anything above is a typo (a price per 1,000?)
_OPERATOR = re.compile(r"^\s*(\d{3})\s*[-/ ,]\s*(\d{1,3})\s*$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class Price:
    prefix: str  # digits: a calling code or a longer prefix
    operator: str  # "" for the whole prefix, else "MCC-MNC"
    country: str  # as the vendor wrote it ("" when not given)
    price: Decimal  # per message part
    currency: str
    updated_at: datetime | None = None
    updated_by: str | None = None


def parse_price(value: object) -> Decimal:
    """``"0.0045"``, ``0.0045``, ``"$0.0045"``, ``"0,0045"`` → Decimal; else InvalidInputError."""
    text = str(value).strip().lstrip("$€£¥").strip()
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        price = Decimal(text)
    except InvalidOperation:
        price = Decimal("NaN")
    if not price.is_finite() or price < 0 or price > PRICE_MAX:
        raise InvalidInputError(
            f"{value!r} is not a price. Write the price of one message part as a number, "
            f"such as 0.0045 (at most {PRICE_MAX}).",
            field="price",
            message_zh=f"“{value}”不是有效的价格。请填写单条短信（每段）的价格，如 0.0045。",
        )
    return price.normalize() if price else Decimal("0")


def check_prefix(value: object) -> str:
    """``"+91"``, ``"0091"``, ``91.0`` → ``"91"``: digits only, 1 to 8 of them."""
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    text = text.lstrip("+").strip()
    if text.startswith("00"):
        text = text[2:]
    text = text.replace(" ", "").replace("-", "")
    if not (text.isascii() and text.isdigit()) or not 1 <= len(text) <= 8 or text[0] == "0":
        raise InvalidInputError(
            f"{value!r} is not a country calling code or prefix. Write digits such as 91 "
            "(India) or 9198 (a longer prefix).",
            field="prefix",
            message_zh=f"“{value}”不是国家代码或号段。请填写数字，如 91（印度）或 9198。",
        )
    return text


def check_operator(value: object) -> str:
    """``"404-45"``, ``"404 45"`` → ``"404-45"``; "" for none."""
    text = "" if value is None else str(value).strip()
    if not text:
        return ""
    found = _OPERATOR.match(text)
    if not found:
        raise InvalidInputError(
            f"{value!r} is not an operator code. Write MCC-MNC, such as 404-45, or leave it "
            "empty for the whole country.",
            field="operator",
            message_zh=f"“{value}”不是运营商代码。请填写 MCC-MNC（如 404-45），或留空表示全国。",
        )
    return f"{found.group(1)}-{int(found.group(2)):02d}"


def check_currency(value: object) -> str:
    text = (str(value or "").strip() or DEFAULT_CURRENCY).upper()
    if not _CURRENCY.match(text):
        raise InvalidInputError(
            f"{value!r} is not a currency. Write its three-letter code, such as USD.",
            field="currency",
            message_zh=f"“{value}”不是货币代码。请填写三个字母的代码，如 USD。",
        )
    return text


def list_prices(store: Store) -> list[Price]:
    """Every row of the price list, by prefix then operator."""
    query = sa.select(prices).order_by(prices.c.prefix, prices.c.operator)
    with store.engine.connect() as conn:
        return [
            Price(
                r.prefix,
                r.operator,
                r.country,
                Decimal(r.price),
                r.currency,
                aware(r.updated_at),
                r.updated_by,
            )
            for r in conn.execute(query)
        ]


def list_currency(store: Store) -> str:
    """The price list's currency (USD while the list is empty)."""
    with store.engine.connect() as conn:
        found = conn.execute(sa.select(prices.c.currency).limit(1)).scalar()
    return str(found) if found else DEFAULT_CURRENCY


def _check_same_currency(store: Store, currency: str) -> None:
    with store.engine.connect() as conn:
        other = conn.execute(
            sa.select(prices.c.currency).where(prices.c.currency != currency).limit(1)
        ).scalar()
    if other:
        raise InvalidInputError(
            f"The price list is in {other}; a price in {currency} cannot be added to it. "
            "Convert it, or replace the whole list with one in a single currency.",
            field="currency",
            message_zh=f"价格表的货币是 {other}，不能加入以 {currency} 计的价格。请先换算。",
        )


def set_price(store: Store, row: Price, *, user: str | None, detail: str = "") -> bool:
    """Add or change one row (audited); True when something changed."""
    _check_same_currency(store, row.currency)
    key = (prices.c.prefix == row.prefix) & (prices.c.operator == row.operator)
    values = {
        "country": row.country,
        "price": str(row.price),
        "currency": row.currency,
        "updated_at": utc_now(),
        "updated_by": user,
    }
    with store.engine.begin() as conn:
        old = conn.execute(sa.select(prices.c.price, prices.c.country).where(key)).first()
        if old is not None and Decimal(old.price) == row.price and old.country == row.country:
            return False
        if old is None:
            conn.execute(prices.insert().values(prefix=row.prefix, operator=row.operator, **values))
        else:
            conn.execute(prices.update().where(key).values(**values))
    before = f"{old.price} → " if old is not None else "new: "
    audit.record(
        store,
        user,
        audit.PRICE_CHANGE,
        what=f"price for {_where(row.prefix, row.operator)}",
        detail=f"{before}{row.price} {row.currency}{detail}",
    )
    return True


def delete_price(store: Store, prefix: str, operator: str, *, user: str | None) -> bool:
    key = (prices.c.prefix == prefix) & (prices.c.operator == operator)
    with store.engine.begin() as conn:
        removed = conn.execute(prices.delete().where(key)).rowcount == 1
    if removed:
        audit.record(
            store,
            user,
            audit.PRICE_CHANGE,
            what=f"price for {_where(prefix, operator)}",
            detail="removed",
        )
    return removed


def _where(prefix: str, operator: str) -> str:
    return f"+{prefix}" + (f" operator {operator}" if operator else "")
