"""An OTP record (``orderId/record``) in plain words: result, every field, a timeline.

Every documented field of the answer has a label here, so the page, the
CLI and the lookup workbook all show the same words. Times are shown in the
zone the caller passes (the person's), read from the platform's text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Final

from .models import CallAttempt, OtpRecord, SmsAttempt, SnaAttempt
from .times import format_api_time, parse_api_time

VERIFIED, NOT_CHECKED, SENDING, FAILED, UNKNOWN_ID = 0, -1, 1, 2, 3
MATCHED_WORDS: Final = {
    NOT_CHECKED: ("Not checked yet", "未校验"),
    VERIFIED: ("Verified", "校验成功"),
    SENDING: ("Sending", "发送中"),
    FAILED: ("Failed", "校验失败"),
    UNKNOWN_ID: ("Unknown id", "不存在的记录"),
}
MATCHED_MEANING: Final = {
    NOT_CHECKED: "The code went out, but nobody has reported it used yet. When the customer "
    "enters it, report a conversion.",
    VERIFIED: "The code was used: the verification succeeded.",
    SENDING: "The code is still on its way to the phone.",
    FAILED: "The verification failed: the code did not reach the phone, or the check failed.",
    UNKNOWN_ID: "The platform has no send with this orderId. Check the orderId; a code sent "
    "seconds ago may need a moment.",
}
SMS_STATUS: Final = {-1: "Sending", 0: "Delivered", 1: "Failed"}
SNA_STATUS: Final = {-1: "Not verified", 0: "Verified", 1: "Failed"}
CHANNEL_NAMES: Final = {"sms": "SMS", "call": "Voice call", "sna": "Silent network (SNA)"}


@dataclass(frozen=True)
class Zone:
    tz: tzinfo
    name: str

    def time(self, text: str | None) -> str:
        return format_api_time(text, self.tz, self.name)


def matched_words(matched: int | None) -> str:
    if matched is None:
        return "No result given"
    return MATCHED_WORDS.get(matched, (f"Unexpected result {matched}", ""))[0]


def _word(words: dict[int, str], code: int | None, default: str) -> str:
    return default if code is None else words.get(code, default)


def _coded(words: dict[int, str], code: int | None) -> str:
    if code is None:
        return "—"
    return f"{words.get(code, 'Unexpected status')} ({code})"


def call_status(code: int | None) -> str:
    if code is None:
        return "—"
    if code == 0:
        return "Answered (0)"
    if code == -1:
        return "Calling (-1)"
    return f"Not answered ({code})"


def _v(value: object) -> str:
    return "—" if value is None or value == "" else str(value)


def verification_fields(rec: OtpRecord, zone: Zone) -> list[tuple[str, str]]:
    v = rec.verification
    result = matched_words(v.matched)
    return [
        ("Result", result if v.matched is None else f"{result} ({v.matched})"),
        ("Verified at", zone.time(v.verified_date)),
        ("Receiving number", _v(v.ori_receiver)),
        ("Channel", CHANNEL_NAMES.get(v.channel, _v(v.channel))),
        ("orderId", _v(v.order_id or rec.order_id)),
        ("Flow id", _v(rec.flow_id)),
    ]


def sms_fields(a: SmsAttempt, zone: Zone) -> list[tuple[str, str]]:
    return [
        ("Status", _coded(SMS_STATUS, a.status)),
        ("Reason", _v(a.reason)),
        ("Submitted", zone.time(a.submit_tm)),
        ("Sent", zone.time(a.send_tm)),
        ("Done", zone.time(a.done_tm)),
        ("Operator MCC", _v(a.mcc)),
        ("Operator MNC", _v(a.mnc)),
        ("Sender", a.sender or "account default"),
        ("Billed parts", _v(a.charge_cnt)),
        ("Cost (USD)", _v(a.pay)),
    ]


def call_fields(a: CallAttempt, zone: Zone) -> list[tuple[str, str]]:
    return [
        ("Status", call_status(a.termination_code)),
        ("Termination reason", _v(a.termination_reason)),
        ("Submitted", zone.time(a.submit_time)),
        ("Called", zone.time(a.call_time)),
        ("Ringing", zone.time(a.ringing_time)),
        ("Answered", zone.time(a.answer_time)),
        ("Hung up", zone.time(a.hangup_time)),
        ("Call duration (s)", _v(a.call_duration)),
        ("Billed duration (s)", _v(a.charged_duration)),
        ("Number shown to the caller", _v(a.display_num)),
        ("Billing period", _v(a.bill_period)),
        ("Supplier region code", _v(a.code)),
        ("Rate (USD)", _v(a.rate)),
        ("Cost (USD)", _v(a.cost)),
    ]


def sna_fields(a: SnaAttempt, zone: Zone) -> list[tuple[str, str]]:
    return [
        ("Status", _coded(SNA_STATUS, a.status)),
        ("Reason", _v(a.reason)),
        ("Check requested", zone.time(a.post_verification_time)),
        ("Answer received", zone.time(a.verification_back_time)),
        ("Operator MCC", _v(a.mcc)),
        ("Operator MNC", _v(a.mnc)),
    ]


@dataclass(frozen=True)
class Event:
    at: datetime | None
    text: str  # when ``at`` is None the time could not be read; shown last
    raw_time: str


def timeline(rec: OtpRecord) -> list[Event]:
    """Every timed step of every attempt, oldest first."""
    events: list[Event] = []

    def add(raw: str, text: str) -> None:
        if raw:
            events.append(Event(parse_api_time(raw), text, raw))

    for i, s in enumerate(rec.sms, 1):
        name = f"SMS {i}" if len(rec.sms) > 1 else "SMS"
        add(s.submit_tm, f"{name} submitted")
        add(s.send_tm, f"{name} sent to the operator")
        add(s.done_tm, f"{name} {_word(SMS_STATUS, s.status, 'finished').lower()}")
    for i, c in enumerate(rec.call, 1):
        name = f"Call {i}" if len(rec.call) > 1 else "Call"
        add(c.submit_time, f"{name} submitted")
        add(c.call_time, f"{name} dialled")
        add(c.ringing_time, f"{name} ringing")
        add(c.answer_time, f"{name} answered")
        add(c.hangup_time, f"{name} hung up: {c.termination_reason or 'no reason given'}")
    for i, n in enumerate(rec.sna, 1):
        name = f"SNA check {i}" if len(rec.sna) > 1 else "SNA check"
        add(n.post_verification_time, f"{name} requested")
        add(n.verification_back_time, f"{name} answered: {_word(SNA_STATUS, n.status, '?')}")
    add(rec.verification.verified_date, "Code verified")
    dated = sorted((e for e in events if e.at is not None), key=lambda e: e.at or datetime.min)
    return dated + [e for e in events if e.at is None]


def delivered(rec: OtpRecord) -> bool | None:
    """Did the code reach the phone? None when the platform knows no such send."""
    if rec.verification.matched == UNKNOWN_ID:
        return None
    return (
        rec.verification.matched == VERIFIED
        or any(s.status == 0 for s in rec.sms)
        or any(c.termination_code == 0 for c in rec.call)
        or any(n.status == 0 for n in rec.sna)
    )


def summary_fields(rec: OtpRecord) -> dict[str, object]:
    """A flat row for lists and workbooks (times as the platform gave them)."""
    v = rec.verification
    return {
        "Result": matched_words(v.matched),
        "Meaning": MATCHED_MEANING.get(v.matched, "") if v.matched is not None else "",
        "Verified at": v.verified_date,
        "Receiving number": v.ori_receiver,
        "Channel": v.channel,
        "Flow id": rec.flow_id,
        "SMS attempts": len(rec.sms),
        "Calls": len(rec.call),
        "SNA checks": len(rec.sna),
        "Delivered": {True: "Yes", False: "No", None: ""}[delivered(rec)],
    }


def attempt_rows(rec: OtpRecord, zone: Zone) -> dict[str, list[list[tuple[str, str]]]]:
    """Every attempt's fields, by kind, for the workbook's attempt sheets."""
    return {
        "SMS attempts": [sms_fields(a, zone) for a in rec.sms],
        "Calls": [call_fields(a, zone) for a in rec.call],
        "SNA checks": [sna_fields(a, zone) for a in rec.sna],
    }


def empty_note(kind: str, attempts: Sequence[object]) -> str | None:
    """ "No SMS attempt" and the like: an empty list is an answer, not an error."""
    if attempts:
        return None
    return {"sms": "No SMS attempt.", "call": "No call attempt.", "sna": "No SNA check."}[kind]
