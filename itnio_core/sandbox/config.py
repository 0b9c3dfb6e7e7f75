"""Sandbox settings, the platform's answer codes and the time format it uses."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Final

from ..common import DEFAULT_DELIVERY_DELAY

DEFAULT_API_KEY: Final = "sandboxKey"
DEFAULT_API_SECRET: Final = "sandboxSecret"
DEFAULT_SMS_APP_ID: Final = "sandSMS1"
DEFAULT_OTP_APP_ID: Final = "sandOTP1"

# The platform answers in China Standard Time, as every seed example shows (+08:00).
PLATFORM_TZ: Final = timezone(timedelta(hours=8))


@dataclass(frozen=True)
class SandboxConfig:
    """Everything that shapes the simulated account; every field has a default."""

    api_key: str = DEFAULT_API_KEY
    api_secret: str = field(default=DEFAULT_API_SECRET, repr=False)
    sms_app_id: str = DEFAULT_SMS_APP_ID
    otp_app_id: str = DEFAULT_OTP_APP_ID
    timestamp_window: int = 1800  # seconds either side of the sandbox clock
    # Seconds from send until the final status; None holds every message as "sending"
    # until released (``Simulator.deliver_now``, ``POST /sandbox/deliver``).
    delivery_delay: float | None = DEFAULT_DELIVERY_DELAY
    fail_last_digit: str = "9"  # numbers ending in this digit fail delivery
    starting_balance: Decimal = Decimal("100.00")  # USD
    price_per_segment: Decimal = Decimal("0.005")  # for a destination without its own price
    # (prefix, price per part) by calling code or longer prefix; the longest match wins.
    prices: tuple[tuple[str, Decimal], ...] = ()
    otp_price: Decimal = Decimal("0.01")
    sensitive_words: tuple[str, ...] = ("casino", "赌博", "lottery win")
    otp_per_number_limit: int = 5  # sends per number per otp_limit_window, then -28
    otp_limit_window: float = 600.0
    clock: Callable[[], float] = time.time  # injectable for tests
    send_latency: float = 0.0  # seconds each send request takes: rehearse a slow platform
    # Delivery receipts: POSTed here, one message each, as the platform pushes them (None:
    # none; the app sets its own receiver's address on the sandbox it starts). Now and then a
    # receipt is pushed twice, or an older one arrives after the final one.
    dlr_url: str | None = None
    duplicate_share: float = 0.05
    out_of_order_share: float = 0.03
    receipt_seed: int = 13
    receipt_currency: str = "USD"

    def final_at(self, sent_at: float, released_at: float | None) -> float | None:
        """When a message sent at ``sent_at`` gets its final status; None while held.

        A release (``released_at``) makes it final then, whatever the delay.
        """
        if released_at is not None:
            return released_at
        if self.delivery_delay is None:
            return None
        return sent_at + self.delivery_delay

    def price_for(self, number: str) -> Decimal:
        """The price of one part to ``number``: its longest priced prefix, else the default."""
        best = ("", self.price_per_segment)
        for prefix, price in self.prices:
            if number.startswith(prefix) and len(prefix) > len(best[0]):
                best = (prefix, price)
        return best[1]

    def fails(self, number: str) -> bool:
        """The deterministic delivery rule: the last digit decides."""
        return bool(self.fail_last_digit) and number.endswith(self.fail_last_digit)

    def sensitive_word_in(self, text: str) -> str | None:
        folded = text.casefold()
        for word in self.sensitive_words:
            if word and word.casefold() in folded:
                return word
        return None


# Reasons as the platform words them (English documents); specific texts are passed in.
REASONS: Final[dict[str, str]] = {
    "0": "success",
    "-1": "Authentication error",
    "-3": "SMS content contains sensitive words",
    "-4": "SMS content is empty",
    "-5": "SMS content is too long",
    "-7": "Too many numbers",
    "-8": "Number is empty",
    "-9": "Number exception",
    "-10": "Insufficient balance",
    "-14": "Field is empty or query ID is abnormal",
    "-16": "Timestamp expires",
    "-18": "port program unusual",
    "-22": "Parameter exception",
    "-28": "Number sending limit reached in this period",
    "-29": "Content contains sensitive characters",
}


class Rejected(Exception):
    """A documented refusal: becomes ``{"status": code, "reason": reason}`` inside HTTP 200."""

    def __init__(self, code: str, reason: str | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.reason = reason or REASONS.get(code, "error")

    def reply(self) -> dict[str, Any]:
        return reply(self.code, self.reason)


def reply(code: str, reason: str | None = None) -> dict[str, Any]:
    return {"status": code, "reason": reason or REASONS.get(code, "error")}


def iso(epoch: float) -> str:
    """``2021-02-12T09:30:03+08:00``: whole seconds, platform time zone."""
    return datetime.fromtimestamp(int(epoch), PLATFORM_TZ).isoformat()


def msgid_prefix(epoch: float) -> str:
    """``yymmddHHMMSS`` in platform time, the first 12 digits of a msgId."""
    return datetime.fromtimestamp(int(epoch), PLATFORM_TZ).strftime("%y%m%d%H%M%S")


def money(value: Decimal) -> str:
    """Amounts as the platform writes them: four decimals."""
    return str(value.quantize(Decimal("0.0001")))


def parse_prices(text: str) -> tuple[tuple[str, Decimal], ...]:
    """``"44=0.035, 91=0.005"`` → ``(("44", Decimal("0.035")), ("91", Decimal("0.005")))``."""
    out = []
    for item in text.replace(";", ",").split(","):
        if not item.strip():
            continue
        prefix, _, price = item.partition("=")
        prefix = prefix.strip().lstrip("+")
        if not prefix.isdigit() or not price.strip():
            raise ValueError(f"sandbox prices are PREFIX=PRICE pairs, not {item.strip()!r}")
        out.append((prefix, Decimal(price.strip())))
    return tuple(out)
