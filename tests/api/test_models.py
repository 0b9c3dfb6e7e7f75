"""The seed documents' example answers parse completely into typed results."""

from itnio_core.api.models import (
    Balance,
    BatchItem,
    OtpRecord,
    OtpSendResult,
    Report,
    SendResult,
    to_int,
)
from tests.sandbox.seed_examples import SEED_003

SEND_EXAMPLE = {
    "status": "0",
    "reason": "success",
    "success": "2",
    "fail": "0",
    "array": [
        {"msgId": "2207201629421000001", "number": "91856321412", "orderId": "56584"},
        {"msgId": "2207201629421000002", "number": "91856321413", "orderId": "56585"},
    ],
}
REPORT_EXAMPLE = {
    "status": "0",
    "reason": "success",
    "success": "2",
    "fail": "0",
    "sending": "0",
    "nofound": "0",
    "array": [
        {
            "msgId": "2108021054011000095",
            "number": "91856321412",
            "receiveTime": "2021-02-12T09:30:03+08:00",
            "status": "0",
        },
        {
            "msgId": "2108021059531000096",
            "number": "91856321413",
            "receiveTime": "2021-02-12T09:30:03+08:00",
            "status": "0",
        },
    ],
}
RECORD_EXAMPLE = SEED_003


def test_send_result_turns_numeric_strings_into_ints_and_keeps_raw():
    r = SendResult.from_json(SEND_EXAMPLE)
    assert (r.success, r.fail) == (2, 0)
    assert [(m.msg_id, m.number, m.order_id) for m in r.messages] == [
        ("2207201629421000001", "91856321412", "56584"),
        ("2207201629421000002", "91856321413", "56585"),
    ]
    assert r.raw == [SEND_EXAMPLE]


def test_report_parses_and_merges_by_summing():
    one = Report.from_json(REPORT_EXAMPLE)
    assert (one.success, one.fail, one.sending, one.nofound) == (2, 0, 0, 0)
    assert one.items[0].receive_time == "2021-02-12T09:30:03+08:00"
    assert one.items[0].status == 0
    other = Report.from_json(
        {
            "success": "1",
            "fail": "3",
            "sending": "4",
            "nofound": "5",
            "array": [{"msgId": "x", "number": "1", "status": "-1"}],
        }
    )
    merged = Report.merged([one, other])
    assert (merged.success, merged.fail, merged.sending, merged.nofound) == (3, 3, 4, 5)
    assert [i.msg_id for i in merged.items] == ["2108021054011000095", "2108021059531000096", "x"]
    assert merged.items[-1].status == -1
    assert len(merged.raw) == 2


def test_otp_record_seed_example_every_field():
    rec = OtpRecord.from_json(RECORD_EXAMPLE)
    assert rec.order_id == "1234566" and rec.flow_id == 1
    v = rec.verification
    assert (v.matched, v.verified_date, v.ori_receiver, v.channel, v.order_id) == (
        0,
        "2022-07-12T13:39:47+08:00",
        "91856321412",
        "call",
        "1234566",
    )
    (s,) = rec.sms
    assert (s.submit_tm, s.send_tm, s.done_tm) == (
        "2022-07-12T13:39:45+08:00",
        "2022-07-12T13:39:45+08:00",
        "2022-07-12T13:39:49+08:00",
    )
    assert (s.mcc, s.mnc, s.sender, s.charge_cnt, s.pay, s.status, s.reason) == (
        460,
        10,
        "",
        1,
        "0.000002",
        0,
        "successR",
    )
    (c,) = rec.call
    assert c.termination_code == 100005 and c.termination_reason == "Temporarily Unavailable"
    assert c.submit_time == "2022-07-12T13:59:55+08:00"
    assert c.call_time == c.ringing_time == c.answer_time == c.hangup_time
    assert (c.call_duration, c.charged_duration, c.display_num) == (0, 0, "")
    assert (c.bill_period, c.code, c.rate, c.cost) == ("20+20", "661", "0.138", "0")
    assert rec.sna == ()
    assert rec.raw["data"]["orderId"] == "1234566"


def test_otp_send_and_balance():
    r = OtpSendResult.from_json(
        {
            "status": "0",
            "data": {
                "verificationId": "v1",
                "to": "91856321412",
                "channel": "sna",
                "snaUrl": "http://x",
            },
        }
    )
    assert (r.verification_id, r.to, r.channel, r.sna_url) == (
        "v1",
        "91856321412",
        "sna",
        "http://x",
    )
    b = Balance.from_json({"status": "0", "balance": "12.5", "gift": "0", "credit": "3"})
    assert (b.balance, b.gift, b.credit) == ("12.5", "0", "3")


def test_batch_item_json_matches_documented_fields():
    item = BatchItem(("91856321412", "91856321413"), "test message", "", ("56584", "56585"))
    assert item.to_json() == {
        "numbers": "91856321412,91856321413",
        "content": "test message",
        "orderId": "56584,56585",
    }
    assert BatchItem(("1",), "x", "ACME").to_json() == {
        "numbers": "1",
        "content": "x",
        "senderId": "ACME",
    }


def test_to_int_is_forgiving():
    assert [
        to_int("3"),
        to_int(" 4 "),
        to_int(None),
        to_int(""),
        to_int("2.0"),
        to_int("x", 7),
    ] == [3, 4, 0, 0, 2, 7]
