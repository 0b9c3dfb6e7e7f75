"""Delivery receipts the platform pushes: the receiver on the app's own server, what each
receipt says stored where the reports read, and the cost receipts carry.

Modules:
  parse     ``parse_receipt``: a body as a ``Receipt``, or ``ReceiptRefused`` with a short reason.
  store     ``store_receipts``: upsert by msgId, newest receipt wins; the address's counters.
  receiver  ``POST /hooks/dlr/<token>`` (``route``); ``serve`` makes this process answer it.
  secret    the secret token (``token``, ``rotate``, ``address``) and the fallback setting
            (``fallback_minutes``: when a message without a receipt is asked about).
  charges   ``charges``: priced receipts for spend and learned prices.
  settle    ``settle_unknown``: a campaign's unknown recipients made sent by their receipts
            (matched by our orderId), never sent again.
"""

from __future__ import annotations

from .charges import Charge, charges
from .parse import Receipt, ReceiptRefused, parse_receipt
from .receiver import Receiver, route, serve, stop
from .secret import (
    DEFAULT_FALLBACK_MINUTES,
    FALLBACK_MAX_MINUTES,
    PATH_PREFIX,
    address,
    fallback_minutes,
    path,
    rotate,
    set_fallback_minutes,
    token,
)
from .settle import Settlement, settle_unknown
from .store import FOREIGN_APP, REFUSED, STORED, WRONG_TOKEN, counters, store_receipts

__all__ = [
    "DEFAULT_FALLBACK_MINUTES",
    "FALLBACK_MAX_MINUTES",
    "FOREIGN_APP",
    "PATH_PREFIX",
    "REFUSED",
    "STORED",
    "WRONG_TOKEN",
    "Charge",
    "Receipt",
    "ReceiptRefused",
    "Receiver",
    "Settlement",
    "address",
    "charges",
    "counters",
    "fallback_minutes",
    "parse_receipt",
    "path",
    "rotate",
    "route",
    "serve",
    "set_fallback_minutes",
    "settle_unknown",
    "stop",
    "store_receipts",
    "token",
]
