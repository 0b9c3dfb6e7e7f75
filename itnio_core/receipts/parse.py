"""A pushed receipt read from its body, or refused with a short reason.

The platform POSTs one JSON object per message (``Content-Type: application/json``)::

    {"appId": "4luaKsL2", "orderId": "21412", "msgid": "2108021059531000096",
     "mobile": "91850000000", "status": 0, "reason": "0", "timestamp": 1629801177192,
     "mcc": "404", "mnc": "-1",
     "pricedetail": {"pay": "0.02", "currency": "EUR", "chargeCnt": 2, "price": "0.01"}}

``status`` 0 is delivered, anything else failed (``reason`` says why); ``timestamp`` is the
receipt's time in milliseconds; ``orderId`` is ours when we sent one. ``appId``, ``msgid``,
``status`` and ``timestamp`` are required; the rest may be missing, never malformed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ..common import limits

REQUIRED = ("appId", "msgid", "status", "timestamp")
_SHORT = 8  # mcc, mnc, currency
_REASON = 200
TIMESTAMP_MAX = 10**15  # milliseconds: far beyond any real receipt, inside a BIGINT


class ReceiptRefused(ValueError):
    """A body that is not a receipt; ``reason`` is the short answer (HTTP 400)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Receipt:
    app_id: str
    msg_id: str
    status: int  # the receipt's own code: 0 delivered, anything else failed
    timestamp_ms: int
    number: str = ""
    order_id: str | None = None
    reason: str | None = None
    mcc: str | None = None
    mnc: str | None = None
    pay: Decimal | None = None
    price: Decimal | None = None
    currency: str | None = None
    charge_cnt: int | None = None

    @property
    def delivered(self) -> bool:
        return self.status == 0


def parse_receipt(body: bytes) -> Receipt:
    """The receipt in ``body``; ``ReceiptRefused`` saying what is wrong."""
    if len(body) > limits.RECEIPT_BODY_MAX_BYTES:
        raise ReceiptRefused("body too large")
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        raise ReceiptRefused("malformed JSON") from None
    if not isinstance(data, dict):
        raise ReceiptRefused("not a JSON object")
    missing = [name for name in REQUIRED if data.get(name) in (None, "")]
    if missing:
        raise ReceiptRefused("missing " + ", ".join(missing))
    price = data.get("pricedetail")
    if price is not None and not isinstance(price, dict):
        raise ReceiptRefused("pricedetail is not an object")
    price = price or {}
    return Receipt(
        app_id=_text(data, "appId", 64),
        msg_id=_text(data, "msgid", limits.MSG_ID_MAX_CHARS),
        status=_integer(data, "status"),
        timestamp_ms=_integer(data, "timestamp", 0, TIMESTAMP_MAX),
        number=_optional(data, "mobile", 32) or "",
        order_id=_optional(data, "orderId", limits.ORDER_ID_MAX_CHARS),
        reason=_optional(data, "reason", _REASON, cut=True),
        mcc=_optional(data, "mcc", _SHORT),
        mnc=_optional(data, "mnc", _SHORT),
        pay=_money(price, "pay"),
        price=_money(price, "price"),
        currency=_optional(price, "currency", _SHORT),
        charge_cnt=_integer(price, "chargeCnt") if price.get("chargeCnt") is not None else None,
    )


def _text(data: dict[str, Any], name: str, longest: int) -> str:
    value = data[name]
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ReceiptRefused(f"{name} is not text")
    text = str(value).strip()
    if not text or len(text) > longest or not text.isprintable():
        raise ReceiptRefused(f"{name} is not valid")
    return text


def _optional(data: dict[str, Any], name: str, longest: int, cut: bool = False) -> str | None:
    value = data.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ReceiptRefused(f"{name} is not text")
    text = str(value).strip()
    if len(text) > longest:
        if not cut:
            raise ReceiptRefused(f"{name} is too long")
        text = text[:longest]
    return text


def _integer(data: dict[str, Any], name: str, low: int = -(2**31), high: int = 2**31 - 1) -> int:
    value = data[name]
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().lstrip("-").isascii():
        text = value.strip()
        if text.lstrip("-").isdigit() and len(text) <= 20:
            number = int(text)
    if number is None or not low <= number <= high:
        raise ReceiptRefused(f"{name} is not a whole number")
    return number


def _money(data: dict[str, Any], name: str) -> Decimal | None:
    value = data.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ReceiptRefused(f"pricedetail.{name} is not a number")
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise ReceiptRefused(f"pricedetail.{name} is not a number") from None
    if not amount.is_finite() or abs(amount) >= 10**12:
        raise ReceiptRefused(f"pricedetail.{name} is not a number")
    return amount
