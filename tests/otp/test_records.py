"""The OTP record: the seed 003 example parsed completely, every field in words, a timeline."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from itnio_core.api.models import CallAttempt, OtpRecord, SmsAttempt, SnaAttempt, Verification
from itnio_core.otp import records as otp_records
from tests.sandbox.seed_examples import SEED_003

SNA = {
    "postVerificationTime": "2024-05-01T10:00:00+08:00",
    "verificationBackTime": "2024-05-01T10:00:02+08:00",
    "mcc": 404,
    "mnc": 10,
    "status": 0,
    "reason": "success",
}
UTC_ZONE = otp_records.Zone(UTC, "UTC")
KOLKATA = otp_records.Zone(ZoneInfo("Asia/Kolkata"), "Asia/Kolkata")


def test_seed_003_example_is_parsed_completely():
    rec = OtpRecord.from_json(SEED_003)
    assert rec.order_id == "1234566" and rec.flow_id == 1
    assert rec.verification == Verification(
        matched=0,
        verified_date="2022-07-12T13:39:47+08:00",
        ori_receiver="91856321412",
        channel="call",
        order_id="1234566",
    )
    assert rec.sms == (
        SmsAttempt(
            submit_tm="2022-07-12T13:39:45+08:00",
            send_tm="2022-07-12T13:39:45+08:00",
            done_tm="2022-07-12T13:39:49+08:00",
            mcc=460,
            mnc=10,
            sender="",
            charge_cnt=1,
            pay="0.000002",
            status=0,
            reason="successR",
        ),
    )
    assert rec.call == (
        CallAttempt(
            termination_code=100005,
            termination_reason="Temporarily Unavailable",
            submit_time="2022-07-12T13:59:55+08:00",
            call_time="2022-07-12T13:59:56+08:00",
            ringing_time="2022-07-12T13:59:56+08:00",
            answer_time="2022-07-12T13:59:56+08:00",
            hangup_time="2022-07-12T13:59:56+08:00",
            call_duration=0,
            charged_duration=0,
            display_num="",
            bill_period="20+20",
            code="661",
            rate="0.138",
            cost="0",
        ),
    )
    assert rec.sna == ()
    assert rec.raw == SEED_003  # nothing the platform said is lost


def test_every_documented_field_has_a_label_and_its_value_in_the_persons_zone():
    rec = OtpRecord.from_json(SEED_003)
    v = dict(otp_records.verification_fields(rec, KOLKATA))
    assert v == {
        "Result": "Verified (0)",
        "Verified at": "2022-07-12 11:09:47 (Asia/Kolkata)",
        "Receiving number": "91856321412",
        "Channel": "Voice call",
        "orderId": "1234566",
        "Flow id": "1",
    }
    sms = dict(otp_records.sms_fields(rec.sms[0], UTC_ZONE))
    assert sms == {
        "Status": "Delivered (0)",
        "Reason": "successR",
        "Submitted": "2022-07-12 05:39:45 (UTC)",
        "Sent": "2022-07-12 05:39:45 (UTC)",
        "Done": "2022-07-12 05:39:49 (UTC)",
        "Operator MCC": "460",
        "Operator MNC": "10",
        "Sender": "account default",
        "Billed parts": "1",
        "Cost (USD)": "0.000002",
    }
    call = dict(otp_records.call_fields(rec.call[0], UTC_ZONE))
    assert call == {
        "Status": "Not answered (100005)",
        "Termination reason": "Temporarily Unavailable",
        "Submitted": "2022-07-12 05:59:55 (UTC)",
        "Called": "2022-07-12 05:59:56 (UTC)",
        "Ringing": "2022-07-12 05:59:56 (UTC)",
        "Answered": "2022-07-12 05:59:56 (UTC)",
        "Hung up": "2022-07-12 05:59:56 (UTC)",
        "Call duration (s)": "0",
        "Billed duration (s)": "0",
        "Number shown to the caller": "—",
        "Billing period": "20+20",
        "Supplier region code": "661",
        "Rate (USD)": "0.138",
        "Cost (USD)": "0",
    }
    sna = dict(otp_records.sna_fields(OtpRecord.from_json(_with(sna=[SNA])).sna[0], UTC_ZONE))
    assert sna == {
        "Status": "Verified (0)",
        "Reason": "success",
        "Check requested": "2024-05-01 02:00:00 (UTC)",
        "Answer received": "2024-05-01 02:00:02 (UTC)",
        "Operator MCC": "404",
        "Operator MNC": "10",
    }


def _with(**data):
    return {"status": "0", "reason": "success", "data": {**SEED_003["data"], **data}}


def test_the_model_covers_every_documented_field():
    documented = {
        SmsAttempt: 10,  # submitTm sendTm doneTm mcc mnc sender chargeCnt pay status reason
        CallAttempt: 14,  # terminationCode … cost
        SnaAttempt: 6,  # postVerificationTime verificationBackTime mcc mnc status reason
        Verification: 5,  # matched verifiedDate oriReceiver channel orderId
    }
    for model, n in documented.items():
        assert len(model.__dataclass_fields__) == n, model


def test_timeline_is_in_time_order_across_attempts():
    events = otp_records.timeline(OtpRecord.from_json(_with(sna=[SNA])))
    texts = [e.text for e in events]
    assert texts[:4] == [
        "SMS submitted",
        "SMS sent to the operator",
        "Code verified",
        "SMS delivered",
    ]
    assert "Call hung up: Temporarily Unavailable" in texts
    assert texts[-2:] == ["SNA check requested", "SNA check answered: Verified"]
    times = [e.at for e in events]
    assert times == sorted(times)  # type: ignore[type-var]
    assert events[0].at == datetime(2022, 7, 12, 5, 39, 45, tzinfo=UTC)


def test_empty_lists_are_an_answer_not_an_error():
    rec = OtpRecord.from_json(
        {"status": "0", "data": {"orderId": "x", "verifications": {"matched": 3}}}
    )
    assert (rec.sms, rec.call, rec.sna) == ((), (), ())
    assert otp_records.empty_note("sms", rec.sms) == "No SMS attempt."
    assert otp_records.empty_note("call", rec.call) == "No call attempt."
    assert otp_records.empty_note("sna", rec.sna) == "No SNA check."
    assert otp_records.empty_note("sms", (1,)) is None
    assert otp_records.timeline(rec) == []
    assert otp_records.delivered(rec) is None
    assert dict(otp_records.verification_fields(rec, UTC_ZONE))["Verified at"] == "—"


@pytest.mark.parametrize(
    ("matched", "words"),
    [
        (-1, "Not checked yet"),
        (0, "Verified"),
        (1, "Sending"),
        (2, "Failed"),
        (3, "Unknown id"),
        (None, "No result given"),
        (7, "Unexpected result 7"),
    ],
)
def test_matched_in_words(matched, words):
    assert otp_records.matched_words(matched) == words
    if matched in otp_records.MATCHED_MEANING:
        assert otp_records.MATCHED_MEANING[matched]


def test_delivered_from_any_successful_attempt():
    base = {"orderId": "x", "verifications": {"matched": -1}}
    assert otp_records.delivered(OtpRecord.from_json({"data": base})) is False
    sms = {**base, "sms": [{"status": 0}]}
    assert otp_records.delivered(OtpRecord.from_json({"data": sms})) is True
    call = {**base, "call": [{"terminationCode": 0}]}
    assert otp_records.delivered(OtpRecord.from_json({"data": call})) is True
    failed = {**base, "call": [{"terminationCode": 100005}]}
    assert otp_records.delivered(OtpRecord.from_json({"data": failed})) is False
    verified = {"orderId": "x", "verifications": {"matched": 0}}
    assert otp_records.delivered(OtpRecord.from_json({"data": verified})) is True


@pytest.mark.parametrize(
    ("matched", "sms", "headline"),
    [
        (-1, [{"status": 0}], "The code was delivered, not yet verified."),
        (0, [], "The code was delivered and used."),
        (1, [{"status": -1}], "The code is on its way, not delivered yet."),
        (2, [{"status": 1}], "The code was not delivered."),
        (2, [{"status": 0}], "The code was delivered, but the verification failed."),
        (3, [], "No code was sent with this orderId."),
    ],
)
def test_the_headline_says_what_happened_to_the_code(matched, sms, headline):
    rec = OtpRecord.from_json(
        {"data": {"orderId": "x", "verifications": {"matched": matched}, "sms": sms}}
    )
    assert otp_records.headline(rec) == headline
    assert otp_records.headline(rec, "zh")  # and in Chinese


def test_unreadable_times_are_kept_and_shown_last():
    rec = OtpRecord.from_json(
        _with(sms=[{**SEED_003["data"]["sms"][0], "doneTm": "later today"}], call=[])
    )
    events = otp_records.timeline(rec)
    assert events[-1].at is None and events[-1].raw_time == "later today"
    assert dict(otp_records.sms_fields(rec.sms[0], UTC_ZONE))["Done"] == "later today"
