"""An OTP record (``orderId/record``) in plain words: result, every field, a timeline.

Every documented field of the answer has a label here, so the page, the
CLI and the lookup workbook all show the same words. Times are shown in the
zone the caller passes (the person's), read from the platform's text, and the
zone's ``lang`` says which language labels and words are in (the Chinese is in
``itnio_core/locales/zh_otp.py``; workbooks and the CLI stay English).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Final

from ..api import CallAttempt, OtpRecord, SmsAttempt, SnaAttempt
from ..common import format_api_time, parse_api_time
from ..i18n import translate as i18n

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
    lang: str = i18n.ENGLISH

    def time(self, text: str | None) -> str:
        moment = parse_api_time(text)
        if moment is None or i18n.normalise(self.lang) == i18n.ENGLISH:
            return format_api_time(text, self.tz, self.name)
        return i18n.format_datetime(moment, self.lang, self.tz, self.name)


def _t(text: str, lang: str, /, **params: object) -> str:
    return i18n.translate(text, lang, **params)


def _labels(fields: list[tuple[str, str]], lang: str) -> list[tuple[str, str]]:
    """Field labels in ``lang``; a time's label is looked up as "<label> (time)" so that
    "Sent" can be 发送时间 there and 已发送 elsewhere."""
    if i18n.normalise(lang) == i18n.ENGLISH:
        return fields
    catalog = i18n.chinese()
    return [(catalog.get(f"{label} (time)") or _t(label, lang), value) for label, value in fields]


def matched_words(matched: int | None, lang: str = i18n.ENGLISH) -> str:
    if matched is None:
        return _t("No result given", lang)
    if matched not in MATCHED_WORDS:
        return _t("Unexpected result {code}", lang, code=matched)
    english, chinese = MATCHED_WORDS[matched]
    return chinese if i18n.normalise(lang) == i18n.CHINESE else english


def matched_meaning(matched: int | None, lang: str = i18n.ENGLISH) -> str:
    """What the result means for the person, in a sentence ("" when none is known)."""
    meaning = MATCHED_MEANING.get(matched, "") if matched is not None else ""
    return _t(meaning, lang) if meaning else ""


def _word(words: dict[int, str], code: int | None, default: str) -> str:
    return default if code is None else words.get(code, default)


def _coded(words: dict[int, str], code: int | None, lang: str) -> str:
    if code is None:
        return "—"
    return f"{_t(words.get(code, 'Unexpected status'), lang)} ({code})"


def call_status(code: int | None, lang: str = i18n.ENGLISH) -> str:
    if code is None:
        return "—"
    if code == 0:
        return _t("Answered (0)", lang)
    if code == -1:
        return _t("Calling (-1)", lang)
    return _t("Not answered ({code})", lang, code=code)


def _v(value: object) -> str:
    return "—" if value is None or value == "" else str(value)


def verification_fields(rec: OtpRecord, zone: Zone) -> list[tuple[str, str]]:
    v, lang = rec.verification, zone.lang
    result = matched_words(v.matched, lang)
    channel = CHANNEL_NAMES.get(v.channel)
    fields = [
        ("Result", result if v.matched is None else f"{result} ({v.matched})"),
        ("Verified at", zone.time(v.verified_date)),
        ("Receiving number", _v(v.ori_receiver)),
        ("Channel", _t(channel, lang) if channel else _v(v.channel)),
        ("orderId", _v(v.order_id or rec.order_id)),
        ("Flow id", _v(rec.flow_id)),
    ]
    return _labels(fields, lang)


def sms_fields(a: SmsAttempt, zone: Zone) -> list[tuple[str, str]]:
    fields = [
        ("Status", _coded(SMS_STATUS, a.status, zone.lang)),
        ("Reason", _v(a.reason)),
        ("Submitted", zone.time(a.submit_tm)),
        ("Sent", zone.time(a.send_tm)),
        ("Done", zone.time(a.done_tm)),
        ("Operator MCC", _v(a.mcc)),
        ("Operator MNC", _v(a.mnc)),
        ("Sender", a.sender or _t("account default", zone.lang)),
        ("Billed parts", _v(a.charge_cnt)),
        ("Cost (USD)", _v(a.pay)),
    ]
    return _labels(fields, zone.lang)


def call_fields(a: CallAttempt, zone: Zone) -> list[tuple[str, str]]:
    fields = [
        ("Status", call_status(a.termination_code, zone.lang)),
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
    return _labels(fields, zone.lang)


def sna_fields(a: SnaAttempt, zone: Zone) -> list[tuple[str, str]]:
    fields = [
        ("Status", _coded(SNA_STATUS, a.status, zone.lang)),
        ("Reason", _v(a.reason)),
        ("Check requested", zone.time(a.post_verification_time)),
        ("Answer received", zone.time(a.verification_back_time)),
        ("Operator MCC", _v(a.mcc)),
        ("Operator MNC", _v(a.mnc)),
    ]
    return _labels(fields, zone.lang)


@dataclass(frozen=True)
class Event:
    at: datetime | None
    text: str  # when ``at`` is None the time could not be read; shown last
    raw_time: str


def _name(kind: str, n: int, of: int, lang: str) -> str:
    """ "SMS", or "SMS 2" when there are several; "Call", "SNA check" likewise."""
    return _t(f"{kind} {{n}}", lang, n=n) if of > 1 else _t(kind, lang)


def timeline(rec: OtpRecord, lang: str = i18n.ENGLISH) -> list[Event]:
    """Every timed step of every attempt, oldest first, in words in ``lang``."""
    events: list[Event] = []

    def add(raw: str, template: str, **params: object) -> None:
        if raw:
            events.append(Event(parse_api_time(raw), _t(template, lang, **params), raw))

    for i, s in enumerate(rec.sms, 1):
        name = _name("SMS", i, len(rec.sms), lang)
        add(s.submit_tm, "{name} submitted", name=name)
        add(s.send_tm, "{name} sent to the operator", name=name)
        done = _word(SMS_STATUS, s.status, "finished").lower()
        add(s.done_tm, f"{{name}} {done}", name=name)
    for i, c in enumerate(rec.call, 1):
        name = _name("Call", i, len(rec.call), lang)
        add(c.submit_time, "{name} submitted", name=name)
        add(c.call_time, "{name} dialled", name=name)
        add(c.ringing_time, "{name} ringing", name=name)
        add(c.answer_time, "{name} answered", name=name)
        reason = c.termination_reason or _t("no reason given", lang)
        add(c.hangup_time, "{name} hung up: {reason}", name=name, reason=reason)
    for i, n in enumerate(rec.sna, 1):
        name = _name("SNA check", i, len(rec.sna), lang)
        add(n.post_verification_time, "{name} requested", name=name)
        status = _word(SNA_STATUS, n.status, "?")
        answered = _t(status, lang)
        add(n.verification_back_time, "{name} answered: {status}", name=name, status=answered)
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


HEADLINES: Final = {  # what happened to the code, before the detail
    "unknown": ("No code was sent with this orderId.", "没有用此 orderId 发送过验证码。"),
    "verified": ("The code was delivered and used.", "验证码已送达并已使用。"),
    "delivered_failed": (
        "The code was delivered, but the verification failed.",
        "验证码已送达，但校验失败。",
    ),
    "delivered": ("The code was delivered, not yet verified.", "验证码已送达，尚未校验。"),
    "failed": ("The code was not delivered.", "验证码未送达。"),
    "on_its_way": ("The code is on its way, not delivered yet.", "验证码正在发送，尚未送达。"),
}


def headline(rec: OtpRecord, lang: str = i18n.ENGLISH) -> str:
    """What happened to the code in one sentence: delivered or not, then verified or not."""
    matched, reached = rec.verification.matched, delivered(rec)
    if reached is None:
        key = "unknown"
    elif matched == VERIFIED:
        key = "verified"
    elif reached:
        key = "delivered_failed" if matched == FAILED else "delivered"
    else:
        key = "failed" if matched == FAILED else "on_its_way"
    english, chinese = HEADLINES[key]
    return chinese if i18n.normalise(lang) == i18n.CHINESE else english


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


def empty_note(kind: str, attempts: Sequence[object], lang: str = i18n.ENGLISH) -> str | None:
    """ "No SMS attempt" and the like: an empty list is an answer, not an error."""
    if attempts:
        return None
    note = {"sms": "No SMS attempt.", "call": "No call attempt.", "sna": "No SNA check."}[kind]
    return _t(note, lang)
