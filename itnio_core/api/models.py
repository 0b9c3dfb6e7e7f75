"""Typed results of every endpoint.

The API sends counts as numeric strings; they become ints here. Every
result keeps the raw body (``raw``) so nothing the platform said is lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple


def to_int(value: Any, default: int = 0) -> int:
    """``"12"`` → 12; None / "" / garbage → ``default``."""
    if value is None or value == "":
        return default
    try:
        return int(str(value).strip())
    except ValueError:
        try:
            return int(float(str(value)))
        except ValueError:
            return default


def to_opt_int(value: Any) -> int | None:
    return None if value is None or value == "" else to_int(value)


def to_str(value: Any) -> str:
    return "" if value is None else str(value)


def _list(value: Any) -> list[Mapping[str, Any]]:
    # json gives dicts; checking dict first skips the slow abstract-class check
    if not isinstance(value, list):
        return []
    return [v for v in value if type(v) is dict or isinstance(v, Mapping)]


# ---------------------------------------------------------------- send
@dataclass(frozen=True)
class BatchItem:
    """One entry of the batch ``array``: the same content to several numbers."""

    numbers: tuple[str, ...]
    content: str
    sender_id: str = ""
    order_ids: tuple[str, ...] | None = None

    def to_json(self) -> dict[str, str]:
        body = {"numbers": ",".join(self.numbers), "content": self.content}
        if self.sender_id:
            body["senderId"] = self.sender_id
        if self.order_ids is not None:
            body["orderId"] = ",".join(self.order_ids)
        return body


class SentMessage(NamedTuple):
    """A NamedTuple, not a dataclass: a send makes a thousand of them per request."""

    msg_id: str
    number: str
    order_id: str = ""


@dataclass
class SendResult:
    success: int = 0
    fail: int = 0
    messages: list[SentMessage] = field(default_factory=list)
    raw: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> SendResult:
        return cls(
            success=to_int(body.get("success")),
            fail=to_int(body.get("fail")),
            messages=[
                SentMessage(
                    to_str(m.get("msgId")), to_str(m.get("number")), to_str(m.get("orderId"))
                )
                for m in _list(body.get("array"))
            ],
            raw=[dict(body)],
        )

    def merge(self, other: SendResult) -> None:
        self.success += other.success
        self.fail += other.fail
        self.messages.extend(other.messages)
        self.raw.extend(other.raw)


# ---------------------------------------------------------------- report
DELIVERED, SENDING, FAILED = 0, -1, 1


@dataclass(frozen=True)
class ReportItem:
    msg_id: str
    number: str
    receive_time: str
    status: int  # 0 delivered, -1 still sending, 1 failed


@dataclass
class Report:
    success: int = 0
    fail: int = 0
    sending: int = 0
    nofound: int = 0
    items: list[ReportItem] = field(default_factory=list)
    raw: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> Report:
        return cls(
            success=to_int(body.get("success")),
            fail=to_int(body.get("fail")),
            sending=to_int(body.get("sending")),
            nofound=to_int(body.get("nofound")),
            items=[
                ReportItem(
                    to_str(m.get("msgId")),
                    to_str(m.get("number")),
                    to_str(m.get("receiveTime")),
                    to_int(m.get("status"), SENDING),
                )
                for m in _list(body.get("array"))
            ],
            raw=[dict(body)],
        )

    @classmethod
    def merged(cls, parts: Iterable[Report]) -> Report:
        out = cls()
        for p in parts:
            out.success += p.success
            out.fail += p.fail
            out.sending += p.sending
            out.nofound += p.nofound
            out.items.extend(p.items)
            out.raw.extend(p.raw)
        return out


# ---------------------------------------------------------------- balance
@dataclass(frozen=True)
class Balance:
    balance: str
    gift: str
    credit: str
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> Balance:
        return cls(
            to_str(body.get("balance")),
            to_str(body.get("gift")),
            to_str(body.get("credit")),
            dict(body),
        )


# ---------------------------------------------------------------- OTP
CHANNELS = ("sms", "call", "sna")


@dataclass(frozen=True)
class OtpSendResult:
    verification_id: str
    to: str
    channel: str
    sna_url: str = ""
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> OtpSendResult:
        data = body.get("data") if isinstance(body.get("data"), Mapping) else {}
        assert isinstance(data, Mapping)
        return cls(
            to_str(data.get("verificationId")),
            to_str(data.get("to")),
            to_str(data.get("channel")),
            to_str(data.get("snaUrl")),
            dict(body),
        )


# matched: -1 not checked, 0 verified, 1 sending, 2 failed, 3 unknown verificationId
@dataclass(frozen=True)
class Verification:
    matched: int | None
    verified_date: str
    ori_receiver: str
    channel: str
    order_id: str


@dataclass(frozen=True)
class SmsAttempt:
    submit_tm: str
    send_tm: str
    done_tm: str
    mcc: int | None
    mnc: int | None
    sender: str
    charge_cnt: int | None
    pay: str
    status: int | None  # -1 sending, 0 success, 1 failed
    reason: str


@dataclass(frozen=True)
class CallAttempt:
    termination_code: int | None
    termination_reason: str
    submit_time: str
    call_time: str
    ringing_time: str
    answer_time: str
    hangup_time: str
    call_duration: int | None
    charged_duration: int | None
    display_num: str
    bill_period: str
    code: str
    rate: str
    cost: str


@dataclass(frozen=True)
class SnaAttempt:
    post_verification_time: str
    verification_back_time: str
    mcc: int | None
    mnc: int | None
    status: int | None  # -1 not verified, 0 success, 1 failed
    reason: str


@dataclass(frozen=True)
class OtpRecord:
    order_id: str
    flow_id: int | None
    verification: Verification
    sms: tuple[SmsAttempt, ...]
    call: tuple[CallAttempt, ...]
    sna: tuple[SnaAttempt, ...]
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> OtpRecord:
        d = body.get("data") if isinstance(body.get("data"), Mapping) else {}
        assert isinstance(d, Mapping)
        v = d.get("verifications") if isinstance(d.get("verifications"), Mapping) else {}
        assert isinstance(v, Mapping)
        s = to_str
        return cls(
            order_id=s(d.get("orderId") or v.get("orderId")),
            flow_id=to_opt_int(d.get("flowId")),
            verification=Verification(
                to_opt_int(v.get("matched")),
                s(v.get("verifiedDate")),
                s(v.get("oriReceiver")),
                s(v.get("channel")),
                s(v.get("orderId")),
            ),
            sms=tuple(
                SmsAttempt(
                    s(a.get("submitTm")),
                    s(a.get("sendTm")),
                    s(a.get("doneTm")),
                    to_opt_int(a.get("mcc")),
                    to_opt_int(a.get("mnc")),
                    s(a.get("sender")),
                    to_opt_int(a.get("chargeCnt")),
                    s(a.get("pay")),
                    to_opt_int(a.get("status")),
                    s(a.get("reason")),
                )
                for a in _list(d.get("sms"))
            ),
            call=tuple(
                CallAttempt(
                    to_opt_int(a.get("terminationCode")),
                    s(a.get("terminationReason")),
                    s(a.get("submitTime")),
                    s(a.get("callTime")),
                    s(a.get("ringingTime")),
                    s(a.get("answerTime")),
                    s(a.get("hangupTime")),
                    to_opt_int(a.get("callDuration")),
                    to_opt_int(a.get("chargedDuration")),
                    s(a.get("displayNum")),
                    s(a.get("billPeriodstring")),
                    s(a.get("code")),
                    s(a.get("rate")),
                    s(a.get("cost")),
                )
                for a in _list(d.get("call"))
            ),
            sna=tuple(
                SnaAttempt(
                    s(a.get("postVerificationTime")),
                    s(a.get("verificationBackTime")),
                    to_opt_int(a.get("mcc")),
                    to_opt_int(a.get("mnc")),
                    to_opt_int(a.get("status")),
                    s(a.get("reason")),
                )
                for a in _list(d.get("sna"))
            ),
            raw=dict(body),
        )
