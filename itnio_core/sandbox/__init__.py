"""A faithful simulator of the ITNIO HTTP API, served on loopback.

Start one with ``start_sandbox()`` (tests, the app's sandbox mode) or
``serve_forever()`` (``itnio sandbox``). Credentials default to
``sandboxKey`` / ``sandboxSecret``, SMS app ``sandSMS1``, OTP app ``sandOTP1``.

Delivery rule (tell users)
    Every accepted message is "sending" (report status ``-1``, empty
    ``receiveTime``) for ``delivery_delay`` seconds (3 s by default). After
    that, a number whose **last digit is ``fail_last_digit`` ("9" by
    default) fails** (status ``1``); every other number is delivered
    (status ``0``). ``receiveTime`` is then the send time plus the delay.
    OTP records follow the same rule: ``matched`` is 1 while sending, then 2
    for a failing number, else -1 until a backfill (or opening an SNA link)
    makes it 0.

    ``delivery_delay=None`` ("held"; ``--delivery-delay held``, or
    ``ITNIO_SANDBOX_DELIVERY_DELAY=held`` for the app's own sandbox) keeps
    every message and OTP "sending" until a release: tests choose when the
    platform answers instead of racing a timer.

Control surface (the sandbox's own, not the platform's)
    ``POST /sandbox/deliver`` releases every message and OTP still
    "sending": each becomes final now by the rule above (``receiveTime`` is
    the release time), held or not. Messages sent afterwards wait as usual.
    It is signed and checked like every API call (``Api-Key``,
    ``Timestamp``, ``Sign``; -1 / -16 otherwise), ignores its body, is not
    counted in the stats, and answers ``{"status": "0", "reason":
    "success", "sms": <messages released>, "otp": <OTPs released>}``.
    ``Simulator.deliver_now()`` does the same without HTTP.

Checks, in order, answered inside HTTP 200 as ``{"status", "reason"}``
    * ``Api-Key`` unknown → -1; ``Timestamp`` missing, not epoch seconds or
      more than ``timestamp_window`` (1800 s) from the sandbox clock → -16;
      ``Sign`` ≠ md5(key + secret + Timestamp) → -1.
    * appId of the wrong product or another account: -1 on ``/sms/...``
      endpoints, -22 on ``/otp/...``. Backfill accepts the SMS or the OTP app.
    * Body that is not a JSON object: -18 on ``/sms/...``, -22 on ``/otp/...``.
    * Send: array missing/empty or an entry without numbers → -8; empty
      content → -4; content over 1024 characters → -5; a sensitive word
      (case-insensitive substring) → -3; senderId over 32 characters → -9;
      orderId count ≠ numbers count → -9; over 1000 numbers in the request →
      -7; cost over balance → -10 with nothing sent. Numbers that are not 7–15
      ASCII digits are counted in ``fail`` and left out of ``array``.
    * getReport: no msgIds or more than 200 → -14; ids the sandbox never
      issued (including malformed ones) count as ``nofound``. Repeated ids
      are answered once.
    * sendRule: templateId not an int or digit string, flowId not
      null/""/int/digit string, code empty or over 16 characters, ``to`` not
      7–15 digits, channel not sms/call/sna, orderId not null/string or
      reused → -22; a sensitive word in ``code`` → -29; more than
      ``otp_per_number_limit`` (5) sends to one number within
      ``otp_limit_window`` (600 s) → -28; balance below ``otp_price`` → -10.
    * orderId/record: missing orderId → -22; unknown orderId → "0" with
      matched 3 and empty lists.
    * backfill: time not epoch milliseconds, msgid or number missing, msgid
      unknown, or number not the one the msgid was sent to → -22.
    * Unknown path → HTTP 404, wrong method → HTTP 405, both with a JSON body.

Delivery receipts (``receipts``)
    With ``dlr_url`` set (``--dlr-url``, or ``Simulator.push_receipts_to`` by the app that
    started the sandbox), every message's receipt is POSTed there when it becomes final, one
    JSON object per message in the platform's documented shape, with its ``pricedetail``.
    Now and then one is pushed twice, or an older receipt arrives after the final one.

Prices: the number's price × segments (GSM-7 160/153, UCS-2 70/67) per number,
where the price is that of its longest prefix in ``prices`` (``ITNIO_SANDBOX_PRICES``,
e.g. ``44=0.035,91=0.005``), else ``price_per_segment``; ``otp_price`` per OTP send.
The balance starts at ``starting_balance`` (``ITNIO_SANDBOX_BALANCE``) and each send
takes its cost; a send that costs more than is left is refused whole with -10.
``POST /sandbox/topup`` (signed like ``/sandbox/deliver``) with ``{"amount": "5"}`` adds
to the balance, with ``{"balance": "0.50"}`` sets it, and answers ``{"status": "0",
"reason": "success", "balance": ...}``; ``Simulator.top_up`` does the same.
``GET /_sandbox/stats`` (unsigned) tells how often each number was accepted and how
many requests each endpoint got.
"""

from __future__ import annotations

from .config import (
    DEFAULT_API_KEY,
    DEFAULT_API_SECRET,
    DEFAULT_OTP_APP_ID,
    DEFAULT_SMS_APP_ID,
    SandboxConfig,
    parse_prices,
)
from .runner import RunningSandbox, serve_forever, start_sandbox
from .simulator import Simulator

__all__ = [
    "DEFAULT_API_KEY",
    "DEFAULT_API_SECRET",
    "DEFAULT_OTP_APP_ID",
    "DEFAULT_SMS_APP_ID",
    "RunningSandbox",
    "SandboxConfig",
    "Simulator",
    "parse_prices",
    "serve_forever",
    "start_sandbox",
]
