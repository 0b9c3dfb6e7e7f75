"""The simulated account: state and rules of every endpoint, without HTTP.

Each endpoint method takes the parsed input (a JSON object, or ``None`` when
the body was not one) and returns the JSON answer as a dict. One lock guards
all state, so a single :class:`Simulator` may serve many threads.
"""

from __future__ import annotations

import threading
from collections import Counter, deque
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..api import verify
from .config import Rejected, SandboxConfig, money, reply
from .otp import OtpAttempt, check_send_rule, record
from .receipts import ReceiptPusher, Url
from .sms import SmsLedger, parse_report_ids, plan_batch

SEND, REPORT, BALANCE = "/sms/sendSms/batch", "/sms/getReport", "/sms/getBalance"
BACKFILL = "/sms/postback/backfill"
OTP_SEND, OTP_RECORD = "/otp/verification/sendRule", "/otp/verification/orderId/record"
DELIVER = "/sandbox/deliver"  # the sandbox's own control surface, not the platform's
TOPUP = "/sandbox/topup"

JsonBody = Mapping[str, Any] | None


class Simulator:
    """Thread-safe state and rules of one sandbox account."""

    def __init__(self, config: SandboxConfig | None = None) -> None:
        self.config = config or SandboxConfig()
        self.public_url = "http://127.0.0.1"  # the server sets its real address (for snaUrl)
        self._lock = threading.Lock()
        self._fresh()

    def reset(self) -> None:
        """A fresh account, as at the start: the balance, every message and OTP forgotten."""
        with self._lock:
            self._fresh()

    def _fresh(self) -> None:
        before: ReceiptPusher | None = getattr(self, "receipts", None)
        if before is not None:
            before.stop()
        self.receipts: ReceiptPusher = ReceiptPusher(
            self.config, self.config.dlr_url if before is None else before.url
        )
        # str() first: a whole number or a float given as the starting balance works too
        self._balance = Decimal(str(self.config.starting_balance))
        self._sms = SmsLedger(self.config)
        self._otps: dict[str, OtpAttempt] = {}  # verificationId -> attempt
        self._otp_orders: dict[str, OtpAttempt] = {}  # orderId -> attempt
        self._otp_sends: dict[str, deque[float]] = {}  # number -> recent send times
        self._otp_unreleased: list[OtpAttempt] = []  # sent since the last release
        self._seen: Counter[str] = Counter()
        self._requests: Counter[str] = Counter()

    def push_receipts_to(self, url: Url) -> None:
        """POST every message's delivery receipt to ``url`` (a callable is asked each time)."""
        self.receipts.push_to(url)

    # ------------------------------------------------------------ bookkeeping
    @property
    def balance(self) -> Decimal:
        with self._lock:
            return self._balance

    def seen_counts(self) -> dict[str, int]:
        """How often each number was accepted for delivery (SMS msgIds and OTP sends)."""
        with self._lock:
            return dict(self._seen)

    def request_counts(self) -> dict[str, int]:
        with self._lock:
            return dict(self._requests)

    def count_request(self, endpoint: str) -> None:
        with self._lock:
            self._requests[endpoint] += 1

    def _now(self) -> float:
        return float(self.config.clock())

    # ------------------------------------------------------------ checks
    def authenticate(
        self, api_key: str | None, timestamp: str | None, sign: str | None
    ) -> dict[str, Any] | None:
        """None when the headers pass; else the -1 / -16 answer."""
        cfg = self.config
        if not api_key or api_key.strip() != cfg.api_key:
            return reply("-1", "Authentication error: unknown Api-Key")
        ts = (timestamp or "").strip()
        if not (ts.isascii() and ts.isdigit()):
            return reply("-16", "Timestamp expires: missing or not epoch seconds")
        if abs(self._now() - int(ts)) > cfg.timestamp_window:
            return reply("-16")
        if not sign or not verify(cfg.api_key, cfg.api_secret, ts, sign):
            return reply("-1", "Authentication error: Sign does not match")
        return None

    def _sms_app(self, body: Mapping[str, Any], *, allow_otp: bool = False) -> None:
        allowed = {self.config.sms_app_id}
        if allow_otp:
            allowed.add(self.config.otp_app_id)
        if body.get("appId") not in allowed:
            raise Rejected("-1", "Authentication error: appId is not an SMS app of this account")

    def _otp_app(self, body: Mapping[str, Any]) -> None:
        if body.get("appId") != self.config.otp_app_id:
            raise Rejected("-22", "Parameter exception: appId is not an OTP app of this account")

    # ------------------------------------------------------------ SMS
    def send_batch(self, body: JsonBody) -> dict[str, Any]:
        """``POST /sms/sendSms/batch``."""
        try:
            if body is None:
                raise Rejected("-18", "port program unusual: body is not a JSON object")
            self._sms_app(body)
            plan = plan_batch(body, self.config)
            with self._lock:
                if plan.cost > self._balance:
                    raise Rejected("-10")
                if len(plan.accepted) > self._sms.room:
                    raise Rejected("-18", "port program unusual: sandbox message store is full")
                numbers = [number for number, _ in plan.accepted]
                orders = [order for _, order in plan.accepted]
                batch = self._sms.add(numbers, self._now(), orders, plan.segments)
                ids = [batch.msg_id(i) for i in range(len(numbers))]
                self._balance -= plan.cost
                self._seen.update(numbers)
        except Rejected as refusal:
            return refusal.reply()
        self.receipts.sent(batch)
        rows = [
            {"msgId": msg_id, "number": number, "orderId": order_id}
            for msg_id, (number, order_id) in zip(ids, plan.accepted, strict=True)
        ]
        return {
            "status": "0",
            "reason": "success",
            "success": str(len(rows)),
            "fail": str(plan.failed),
            "array": rows,
        }

    def get_report(self, app_id: str | None, msg_ids: str | None) -> dict[str, Any]:
        """``GET /sms/getReport?appId=&msgIds=``."""
        try:
            self._sms_app({"appId": app_id})
            ids = parse_report_ids(msg_ids)
        except Rejected as refusal:
            return refusal.reply()
        with self._lock:
            return self._sms.report(ids, self._now())

    def get_balance(self) -> dict[str, Any]:
        """``GET /sms/getBalance``."""
        balance = self.balance
        zero = money(Decimal(0))
        return {
            "status": "0",
            "reason": "success",
            "balance": money(balance),
            "gift": zero,
            "credit": zero,
        }

    def backfill(self, body: JsonBody) -> dict[str, Any]:
        """``POST /sms/postback/backfill``: an SMS msgId or an OTP verificationId converted."""
        try:
            if body is None:
                raise Rejected("-18", "port program unusual: body is not a JSON object")
            self._sms_app(body, allow_otp=True)
            msg_id, number, when = body.get("msgid"), body.get("number"), body.get("time")
            if isinstance(when, int) and not isinstance(when, bool):
                when = str(when)
            if not isinstance(when, str) or not (when.isascii() and when.isdigit()):
                raise Rejected("-22", "Parameter exception: time must be epoch milliseconds")
            if not isinstance(msg_id, str) or not isinstance(number, str) or not number:
                raise Rejected("-22", "Parameter exception: msgid and number are required")
            with self._lock:
                self._convert(msg_id, number, int(when) / 1000)
        except Rejected as refusal:
            return refusal.reply()
        return reply("0")

    def _convert(self, msg_id: str, number: str, at: float) -> None:
        attempt = self._otps.get(msg_id)
        if attempt is not None:
            if attempt.to != number:
                raise Rejected("-22", "Parameter exception: number does not match msgid")
            attempt.verified_at = at
            return
        stored = self._sms.number_of(msg_id)
        if stored is None:
            raise Rejected("-22", "Parameter exception: msgid not found")
        if stored != number:
            raise Rejected("-22", "Parameter exception: number does not match msgid")
        self._sms.converted[msg_id] = at

    def conversions(self) -> dict[str, float]:
        """SMS msgIds marked converted by backfill, with the time given."""
        with self._lock:
            return dict(self._sms.converted)

    # ------------------------------------------------------------ control
    def deliver_now(self) -> dict[str, Any]:
        """``POST /sandbox/deliver``: every message and OTP still "sending" becomes final
        now, by the usual rule (a number ending in ``fail_last_digit`` fails)."""
        with self._lock:
            now = self._now()
            batches = self._sms.deliver(now)
            sms = sum(len(b.numbers) for b in batches)
            otp = 0
            for attempt in self._otp_unreleased:
                if not attempt.done(now, self.config):
                    attempt.released_at = now
                    otp += 1
            self._otp_unreleased.clear()
        self.receipts.released(batches, now)
        return {**reply("0"), "sms": sms, "otp": otp}

    def top_up(self, body: JsonBody) -> dict[str, Any]:
        """``POST /sandbox/topup`` ``{"amount": "5.00"}`` adds to the balance;
        ``{"balance": "0.50"}`` sets it. Answers the new balance."""
        try:
            amount = Decimal(str((body or {}).get("amount", "0")))
            exact = (body or {}).get("balance")
            target = Decimal(str(exact)) if exact is not None else None
        except ArithmeticError:
            return reply("-22", "Parameter exception: amount and balance are decimal numbers")
        with self._lock:
            self._balance = target if target is not None else self._balance + amount
            balance = self._balance
        return {**reply("0"), "balance": money(balance)}

    # ------------------------------------------------------------ OTP
    def send_otp(self, body: JsonBody) -> dict[str, Any]:
        """``POST /otp/verification/sendRule``."""
        cfg = self.config
        try:
            if body is None:
                raise Rejected("-22", "Parameter exception: body is not a JSON object")
            self._otp_app(body)
            now = self._now()
            attempt = check_send_rule(body, cfg, now)
            with self._lock:
                if attempt.order_id and attempt.order_id in self._otp_orders:
                    raise Rejected("-22", "Parameter exception: orderId already used")
                recent = self._otp_sends.setdefault(attempt.to, deque())
                while recent and recent[0] <= now - cfg.otp_limit_window:
                    recent.popleft()
                if len(recent) >= cfg.otp_per_number_limit:
                    raise Rejected("-28")
                if cfg.otp_price > self._balance:
                    raise Rejected("-10")
                recent.append(now)
                self._balance -= cfg.otp_price
                self._otps[attempt.verification_id] = attempt
                self._otp_unreleased.append(attempt)
                if attempt.order_id:
                    self._otp_orders[attempt.order_id] = attempt
                self._seen[attempt.to] += 1
        except Rejected as refusal:
            return refusal.reply()
        data = {
            "verificationId": attempt.verification_id,
            "to": attempt.to,
            "channel": attempt.channel,
        }
        if attempt.channel == "sna":
            data["snaUrl"] = f"{self.public_url}/_sandbox/sna/{attempt.verification_id}"
        return {"status": "0", "reason": "success", "data": data}

    def otp_record(self, body: JsonBody) -> dict[str, Any]:
        """``POST /otp/verification/orderId/record``."""
        try:
            if body is None:
                raise Rejected("-22", "Parameter exception: body is not a JSON object")
            self._otp_app(body)
            order_id = body.get("orderId")
            if isinstance(order_id, int) and not isinstance(order_id, bool):
                order_id = str(order_id)
            if not isinstance(order_id, str) or not order_id.strip():
                raise Rejected("-22", "Parameter exception: orderId is required")
        except Rejected as refusal:
            return refusal.reply()
        with self._lock:
            return record(order_id, self._otp_orders.get(order_id), self._now(), self.config)

    def open_sna_link(self, verification_id: str) -> bool:
        """The phone opened the snaUrl: an SNA verification succeeds (unless it failed)."""
        with self._lock:
            attempt = self._otps.get(verification_id)
            if attempt is None or attempt.channel != "sna" or self.config.fails(attempt.to):
                return False
            attempt.verified_at = self._now()
            return True
