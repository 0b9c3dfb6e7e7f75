"""OTP rules: checking a ``sendRule`` request and drawing the ``orderId/record`` answer.

Nothing here locks or talks HTTP; :class:`~.simulator.Simulator` does both.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from .config import Rejected, SandboxConfig, iso, money
from .sms import valid_number

CHANNELS: Final = ("sms", "call", "sna")
MAX_CODE: Final = 16
MAX_ORDER_ID: Final = 64
# (mcc, mnc) by country calling code, longest prefix first; anything else gets (0, 0).
_MCC_MNC: Final[tuple[tuple[str, int, int], ...]] = (
    ("234", 621, 20),
    ("86", 460, 0),
    ("91", 404, 10),
    ("44", 234, 10),
    ("62", 510, 10),
    ("63", 515, 2),
    ("84", 452, 4),
    ("55", 724, 5),
    ("52", 334, 20),
    ("1", 310, 260),
)

MATCHED_VERIFIED, MATCHED_UNCHECKED, MATCHED_SENDING, MATCHED_FAILED, MATCHED_UNKNOWN = (
    0,
    -1,
    1,
    2,
    3,
)


@dataclass
class OtpAttempt:
    """One accepted ``sendRule`` call."""

    verification_id: str
    to: str
    channel: str
    code: str
    template_id: int
    flow_id: int
    order_id: str  # "" when the caller gave none
    sent_at: float
    verified_at: float | None = None  # set by a backfill or by opening the SNA link
    released_at: float | None = None  # made final early by a release (``deliver``)

    def done_at(self, cfg: SandboxConfig) -> float | None:
        """When its delivery (or call, or SNA check) ends; None while held."""
        return cfg.final_at(self.sent_at, self.released_at)

    def done(self, now: float, cfg: SandboxConfig) -> bool:
        done_at = self.done_at(cfg)
        return done_at is not None and now >= done_at


def _int_field(body: Mapping[str, Any], name: str, *, optional: bool) -> int:
    value = body.get(name)
    if optional and (value is None or value == ""):
        return 0
    if isinstance(value, bool):
        raise Rejected("-22", f"Parameter exception: {name}")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    raise Rejected("-22", f"Parameter exception: {name}")


def _order_id(body: Mapping[str, Any]) -> str:
    value = body.get("orderId")
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise Rejected("-22", "Parameter exception: orderId")
    text = str(value)
    if len(text) > MAX_ORDER_ID:
        raise Rejected("-22", f"Parameter exception: orderId longer than {MAX_ORDER_ID}")
    return text


def check_send_rule(body: Mapping[str, Any], cfg: SandboxConfig, now: float) -> OtpAttempt:
    """Every field check of ``sendRule`` (-22, -29); limits and balance are the caller's."""
    template_id = _int_field(body, "templateId", optional=False)
    flow_id = _int_field(body, "flowId", optional=True)
    code = body.get("code")
    if isinstance(code, int) and not isinstance(code, bool):
        code = str(code)
    if not isinstance(code, str) or not code.strip() or len(code) > MAX_CODE:
        raise Rejected("-22", "Parameter exception: code")
    to = body.get("to")
    if not isinstance(to, str) or not valid_number(to):
        raise Rejected("-22", "Parameter exception: to (7-15 digits with country code)")
    channel = body.get("channel")
    if channel not in CHANNELS:
        raise Rejected("-22", "Parameter exception: channel must be sms, call or sna")
    order_id = _order_id(body)
    if cfg.sensitive_word_in(code):
        raise Rejected("-29")
    return OtpAttempt(uuid.uuid4().hex, to, str(channel), code, template_id, flow_id, order_id, now)


def mcc_mnc(number: str) -> tuple[int, int]:
    for prefix, mcc, mnc in _MCC_MNC:
        if number.startswith(prefix):
            return mcc, mnc
    return 0, 0


def matched(attempt: OtpAttempt, now: float, cfg: SandboxConfig) -> int:
    """1 sending → then 2 if the number fails, else -1 until verified (0)."""
    if attempt.verified_at is not None:
        return MATCHED_VERIFIED
    if not attempt.done(now, cfg):
        return MATCHED_SENDING
    return MATCHED_FAILED if cfg.fails(attempt.to) else MATCHED_UNCHECKED


def _sms_row(a: OtpAttempt, done: bool, failed: bool, cfg: SandboxConfig) -> dict[str, Any]:
    mcc, mnc = mcc_mnc(a.to)
    status = -1 if not done else (1 if failed else 0)
    reason = {-1: "sending", 0: "success", 1: "undeliverable (sandbox failure rule)"}[status]
    return {
        "submitTm": iso(a.sent_at),
        "sendTm": iso(a.sent_at),
        "doneTm": _done_iso(a, cfg) if done else "",
        "mcc": mcc,
        "mnc": mnc,
        "sender": "",
        "chargeCnt": 1,
        "pay": money(cfg.otp_price),
        "status": status,
        "reason": reason,
    }


def _call_row(a: OtpAttempt, done: bool, failed: bool, cfg: SandboxConfig) -> dict[str, Any]:
    start, end = iso(a.sent_at), _done_iso(a, cfg) if done else ""
    answered = done and not failed
    code, reason = (
        (-1, "Calling")
        if not done
        else ((100005, "Temporarily Unavailable") if failed else (0, "Normal Clearing"))
    )
    duration = max(int(_ringing_seconds(a, cfg)), 1) if answered else 0
    return {
        "terminationCode": code,
        "terminationReason": reason,
        "submitTime": start,
        "callTime": start,
        "ringingTime": start if done else "",
        "answerTime": end if answered else "",
        "hangupTime": end if done else "",
        "callDuration": duration,
        "chargedDuration": 20 if answered else 0,
        "displayNum": "",
        "billPeriodstring": "20+20",
        "code": "0",
        "rate": money(cfg.otp_price),
        "cost": money(cfg.otp_price) if answered else "0",
    }


def _sna_row(a: OtpAttempt, done: bool, failed: bool, cfg: SandboxConfig) -> dict[str, Any]:
    mcc, mnc = mcc_mnc(a.to)
    if a.verified_at is not None:
        status, reason, back = 0, "success", iso(a.verified_at)
    elif done and failed:
        status, reason, back = (
            1,
            "verification failed (sandbox failure rule)",
            _done_iso(a, cfg),
        )
    else:
        status, reason, back = -1, "not verified", ""
    return {
        "postVerificationTime": iso(a.sent_at),
        "verificationBackTime": back,
        "mcc": mcc,
        "mnc": mnc,
        "status": status,
        "reason": reason,
    }


def _done_iso(a: OtpAttempt, cfg: SandboxConfig) -> str:
    done_at = a.done_at(cfg)
    return "" if done_at is None else iso(done_at)


def _ringing_seconds(a: OtpAttempt, cfg: SandboxConfig) -> float:
    """How long an answered call took: the delivery delay, or until it was released."""
    if a.released_at is not None:
        return a.released_at - a.sent_at
    return cfg.delivery_delay or 0.0


_ROWS: Final = {"sms": _sms_row, "call": _call_row, "sna": _sna_row}


def record(
    order_id: str, attempt: OtpAttempt | None, now: float, cfg: SandboxConfig
) -> dict[str, Any]:
    """The ``/otp/verification/orderId/record`` answer; unknown orderIds give matched 3."""
    lists: dict[str, list[dict[str, Any]]] = {"sms": [], "call": [], "sna": []}
    if attempt is None:
        verification: dict[str, Any] = {
            "matched": MATCHED_UNKNOWN,
            "verifiedDate": "",
            "oriReceiver": "",
            "channel": "",
            "orderId": order_id,
        }
        flow_id = 0
    else:
        done = attempt.done(now, cfg)
        failed = cfg.fails(attempt.to)
        lists[attempt.channel].append(_ROWS[attempt.channel](attempt, done, failed, cfg))
        verification = {
            "matched": matched(attempt, now, cfg),
            "verifiedDate": "" if attempt.verified_at is None else iso(attempt.verified_at),
            "oriReceiver": attempt.to,
            "channel": attempt.channel,
            "orderId": order_id,
        }
        flow_id = attempt.flow_id
    data = {"orderId": order_id, "flowId": flow_id, "verifications": verification, **lists}
    return {"status": "0", "reason": "success", "data": data}
