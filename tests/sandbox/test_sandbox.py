"""The sandbox over real HTTP on 127.0.0.1: every endpoint, check and code.

A fake clock drives time, so delivery and timestamp windows are exact and
nothing here sleeps or asserts on durations.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import requests

from itnio_core.api.signing import signed_headers
from itnio_core.sandbox import (
    DEFAULT_API_KEY,
    DEFAULT_API_SECRET,
    DEFAULT_OTP_APP_ID,
    DEFAULT_SMS_APP_ID,
    RunningSandbox,
    SandboxConfig,
    Simulator,
    start_sandbox,
)
from tests.paths import subprocess_env

T0 = 1_700_000_000.0  # 2023-11-15T06:13:20+08:00
ISO_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$")
SMS, OTP = DEFAULT_SMS_APP_ID, DEFAULT_OTP_APP_ID
DELAY = 3.0


class FakeClock:
    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Api:
    """A signed client for one sandbox, timestamps taken from the fake clock."""

    sandbox: RunningSandbox
    clock: FakeClock
    session: requests.Session = field(default_factory=requests.Session)

    def headers(self, **override: Any) -> dict[str, str]:
        ts = override.pop("timestamp", int(self.clock.now))
        key = override.pop("key", DEFAULT_API_KEY)
        secret = override.pop("secret", DEFAULT_API_SECRET)
        return signed_headers(key, secret, timestamp=ts)

    def post(self, path: str, body: Any, headers: dict[str, str] | None = None) -> Any:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        r = self.session.post(
            self.sandbox.url + path, data=data, headers=headers or self.headers(), timeout=10
        )
        assert r.status_code == 200, r.text
        return r.json()

    def get(self, path: str, params: dict[str, str] | None = None, **override: Any) -> Any:
        r = self.session.get(
            self.sandbox.url + path, params=params, headers=self.headers(**override), timeout=10
        )
        assert r.status_code == 200, r.text
        return r.json()

    def send(self, numbers: str, content: str = "hello", **item: Any) -> Any:
        return self.post(
            "/sms/sendSms/batch",
            {"appId": SMS, "array": [{"numbers": numbers, "content": content, **item}]},
        )

    def report(self, msg_ids: str, app_id: str = SMS) -> Any:
        return self.get("/sms/getReport", {"appId": app_id, "msgIds": msg_ids})

    def otp(self, to: str = "91856321412", channel: str = "sms", **fields: Any) -> Any:
        body = {
            "appId": OTP, "templateId": 1, "code": "12345", "flowId": None,
            "to": to, "channel": channel, "orderId": None, **fields,
        }  # fmt: skip
        return self.post("/otp/verification/sendRule", body)

    def record(self, order_id: Any, app_id: str = OTP) -> Any:
        return self.post("/otp/verification/orderId/record", {"appId": app_id, "orderId": order_id})

    def stats(self) -> Any:
        return self.session.get(self.sandbox.url + "/_sandbox/stats", timeout=10).json()


def make_api(**config: Any) -> Iterator[Api]:
    clock = FakeClock()
    cfg = SandboxConfig(**{"delivery_delay": DELAY, "clock": clock, **config})
    with start_sandbox(cfg) as sandbox:
        api = Api(sandbox, clock)
        yield api
        api.session.close()


@pytest.fixture
def api() -> Iterator[Api]:
    yield from make_api()


@pytest.fixture
def held_api() -> Iterator[Api]:
    """A sandbox that holds every message as "sending" until ``POST /sandbox/deliver``."""
    yield from make_api(delivery_delay=None)


# ---------------------------------------------------------------- send
def test_send_happy_path_shape_and_types(api: Api) -> None:
    body = api.post(
        "/sms/sendSms/batch",
        {
            "appId": SMS,
            "array": [
                {"numbers": "91856321412,91856321413", "content": "test message",
                 "senderId": "", "orderId": "56584,56585"},
                {"numbers": "91856321414", "content": "test message1", "senderId": ""},
            ],
        },
    )  # fmt: skip
    assert body["status"] == "0" and body["reason"] == "success"
    assert (body["success"], body["fail"]) == ("3", "0")
    assert [(m["number"], m["orderId"]) for m in body["array"]] == [
        ("91856321412", "56584"), ("91856321413", "56585"), ("91856321414", ""),
    ]  # fmt: skip
    ids = [m["msgId"] for m in body["array"]]
    assert len(set(ids)) == 3
    for msg_id in ids:
        assert re.fullmatch(r"\d{19}", msg_id)
        assert msg_id.startswith("231115061320")  # yymmddHHMMSS of T0 in +08:00
    assert all(isinstance(v, str) for m in body["array"] for v in m.values())


def test_msg_ids_unique_across_requests_and_threads(api: Api) -> None:
    sim = api.sandbox.simulator
    found: list[str] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        for k in range(5):
            got = sim.send_batch(
                {"appId": SMS, "array": [{"numbers": f"9180000{n:02d}{k:03d}", "content": "x"}]}
            )
            with lock:
                found.extend(m["msgId"] for m in got["array"])

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    via_http = [m["msgId"] for m in api.send("91856321412,91856321412")["array"]]
    everything = found + via_http
    assert len(everything) == 42 and len(set(everything)) == 42


def test_malformed_numbers_counted_in_fail(api: Api) -> None:
    body = api.send("91856321412,12345,abc1234567,+91856321413,9185632141212345,,91856321413")
    assert (body["success"], body["fail"]) == ("2", "5")
    assert [m["number"] for m in body["array"]] == ["91856321412", "91856321413"]
    assert api.sandbox.simulator.seen_counts() == {"91856321412": 1, "91856321413": 1}


LONG = "a" * 1025


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"appId": SMS}, "-8"),
        ({"appId": SMS, "array": []}, "-8"),
        ({"appId": SMS, "array": [{"numbers": "", "content": "x"}]}, "-8"),
        ({"appId": SMS, "array": [{"numbers": "  ", "content": "x"}]}, "-8"),
        ({"appId": SMS, "array": [{"content": "x"}]}, "-8"),
        ({"appId": SMS, "array": [{"numbers": "91856321412", "content": ""}]}, "-4"),
        ({"appId": SMS, "array": [{"numbers": "91856321412"}]}, "-4"),
        ({"appId": SMS, "array": [{"numbers": "91856321412", "content": LONG}]}, "-5"),
        ({"appId": SMS, "array": [{"numbers": "91856321412", "content": "Big CASINO win"}]}, "-3"),
        ({"appId": SMS, "array": [{"numbers": "91856321412", "content": "来赌博吧"}]}, "-3"),
        ({"appId": SMS, "array": [{"numbers": "91856321412", "content": "a Lottery Win!"}]}, "-3"),
        (
            {"appId": SMS, "array": [{"numbers": "91856321412", "content": "x",
                                      "senderId": "S" * 33}]},
            "-9",
        ),
        (
            {"appId": SMS, "array": [{"numbers": "91856321412,91856321413", "content": "x",
                                      "orderId": "1"}]},
            "-9",
        ),
        (
            {"appId": SMS, "array": [
                {"numbers": ",".join(["91856321412"] * 600), "content": "x"},
                {"numbers": ",".join(["91856321413"] * 401), "content": "y"},
            ]},
            "-7",
        ),
        ({"appId": OTP, "array": [{"numbers": "91856321412", "content": "x"}]}, "-1"),
        ({"appId": "nope", "array": [{"numbers": "91856321412", "content": "x"}]}, "-1"),
        ({"array": [{"numbers": "91856321412", "content": "x"}]}, "-1"),
    ],
)  # fmt: skip
def test_send_refusals(api: Api, body: dict[str, Any], code: str) -> None:
    answer = api.post("/sms/sendSms/batch", body)
    assert answer["status"] == code, answer
    assert set(answer) == {"status", "reason"} and answer["reason"]
    assert api.sandbox.simulator.seen_counts() == {}
    assert api.sandbox.simulator.balance == Decimal("100.00")


@pytest.mark.parametrize(
    "item",
    [
        {"content": "a" * 1024},
        {"content": "x", "senderId": "S" * 32},
        {"content": "casin o"},
    ],
)
def test_send_limits_just_inside_are_accepted(api: Api, item: dict[str, Any]) -> None:
    assert api.send("91856321412", **item)["status"] == "0"


def test_exactly_1000_numbers_accepted(api: Api) -> None:
    numbers = ",".join(str(918000000000 + i) for i in range(1000))
    body = api.send(numbers)
    assert (body["status"], body["success"]) == ("0", "1000")


@pytest.mark.parametrize("raw", [b"not json", b"[1, 2]", b"", b"\xff\xfe"])
def test_send_body_not_json_object_is_minus_18(api: Api, raw: bytes) -> None:
    assert api.post("/sms/sendSms/batch", raw)["status"] == "-18"


def test_balance_too_low_is_minus_10_and_nothing_sent() -> None:
    for api in make_api(starting_balance=Decimal("0.01")):
        assert api.send("91856321412,91856321413")["status"] == "0"  # 2 x 0.005
        answer = api.send("91856321414")
        assert answer["status"] == "-10"
        assert api.sandbox.simulator.seen_counts() == {"91856321412": 1, "91856321413": 1}
        assert api.get("/sms/getBalance")["balance"] == "0.0000"
        assert api.otp()["status"] == "-10"


def test_balance_shape_and_deduction_by_segments(api: Api) -> None:
    start = api.get("/sms/getBalance")
    assert start == {
        "status": "0", "reason": "success", "balance": "100.0000", "gift": "0.0000",
        "credit": "0.0000",
    }  # fmt: skip
    api.send("91856321412")  # 1 GSM-7 segment
    assert api.get("/sms/getBalance")["balance"] == "99.9950"
    api.send("91856321412,91856321413", content="字" * 71)  # UCS-2: 2 segments each
    assert api.get("/sms/getBalance")["balance"] == "99.9750"
    api.otp()
    assert api.get("/sms/getBalance")["balance"] == "99.9650"
    assert api.sandbox.simulator.balance == Decimal("99.965")


# ---------------------------------------------------------------- report
def test_delivery_plays_out_over_time(api: Api) -> None:
    sent = api.send("91856321412,91856321419")["array"]
    ids = ",".join(m["msgId"] for m in sent)
    first = api.report(ids)
    assert (first["success"], first["fail"], first["sending"], first["nofound"]) == (
        "0", "0", "2", "0",
    )  # fmt: skip
    assert [(m["status"], m["receiveTime"]) for m in first["array"]] == [("-1", ""), ("-1", "")]
    api.clock.advance(DELAY - 0.01)
    assert api.report(ids)["sending"] == "2"
    api.clock.advance(0.01)
    done = api.report(ids)
    assert (done["status"], done["success"], done["fail"], done["sending"]) == ("0", "1", "1", "0")
    by_number = {m["number"]: m for m in done["array"]}
    assert by_number["91856321412"]["status"] == "0"
    assert by_number["91856321419"]["status"] == "1"  # ends in the fail digit
    assert by_number["91856321412"]["receiveTime"] == "2023-11-15T06:13:23+08:00"
    for row in done["array"]:
        assert set(row) == {"msgId", "number", "receiveTime", "status"}
        assert ISO_RE.match(row["receiveTime"])
        assert all(isinstance(v, str) for v in row.values())


def test_held_messages_stay_sending_until_released(held_api: Api) -> None:
    api = held_api
    sent = api.send("91856321412,91856321419")["array"]
    ids = ",".join(m["msgId"] for m in sent)
    api.clock.advance(86_400)  # a day later: still on the way
    held = api.report(ids)
    assert (held["success"], held["fail"], held["sending"]) == ("0", "0", "2")
    assert [(m["status"], m["receiveTime"]) for m in held["array"]] == [("-1", ""), ("-1", "")]
    assert api.post("/sandbox/deliver", {}) == {
        "status": "0", "reason": "success", "sms": 2, "otp": 0,
    }  # fmt: skip
    done = api.report(ids)
    assert (done["success"], done["fail"], done["sending"]) == ("1", "1", "0")
    by_number = {m["number"]: m for m in done["array"]}
    assert by_number["91856321419"]["status"] == "1"  # ends in the fail digit, as ever
    assert by_number["91856321412"]["receiveTime"] == "2023-11-16T06:13:20+08:00"  # released
    later = api.send("91856321413")["array"][0]["msgId"]
    api.clock.advance(60)
    assert api.report(later)["sending"] == "1"  # sent after the release: held again
    assert api.post("/sandbox/deliver", b"")["sms"] == 1
    assert api.post("/sandbox/deliver", b"")["sms"] == 0  # nothing left to release
    assert api.report(f"{ids},{later}")["sending"] == "0"


def test_a_release_ends_the_delay_early_and_leaves_final_messages_alone(api: Api) -> None:
    first = api.send("91856321412")["array"][0]["msgId"]
    api.clock.advance(DELAY)
    second = api.send("91856321413")["array"][0]["msgId"]
    api.clock.advance(1)
    assert api.post("/sandbox/deliver", {})["sms"] == 1  # only the one still sending
    rows = {m["msgId"]: m for m in api.report(f"{first},{second}")["array"]}
    assert rows[first]["receiveTime"] == "2023-11-15T06:13:23+08:00"  # its own delay
    assert rows[second]["receiveTime"] == "2023-11-15T06:13:24+08:00"  # the release
    assert rows[second]["status"] == "0"


def test_held_otps_are_released_with_the_messages(held_api: Api) -> None:
    api = held_api
    api.otp(to="91856321412", channel="sms", orderId="h-sms")
    api.otp(to="91856321413", channel="call", orderId="h-call")
    api.otp(to="91856321419", channel="sna", orderId="h-sna")
    api.clock.advance(3600)
    for order in ("h-sms", "h-call", "h-sna"):
        assert api.record(order)["data"]["verifications"]["matched"] == 1, order
    assert api.record("h-call")["data"]["call"][0]["hangupTime"] == ""
    assert api.post("/sandbox/deliver", {})["otp"] == 3
    sms = api.record("h-sms")["data"]
    assert sms["verifications"]["matched"] == -1
    assert sms["sms"][0]["status"] == 0 and sms["sms"][0]["doneTm"] == "2023-11-15T07:13:20+08:00"
    call = api.record("h-call")["data"]["call"][0]
    assert call["terminationCode"] == 0 and call["callDuration"] == 3600
    assert api.record("h-sna")["data"]["verifications"]["matched"] == 2  # ends in 9


def test_the_release_call_is_signed_and_posted(held_api: Api) -> None:
    api = held_api
    msg_id = api.send("91856321412")["array"][0]["msgId"]
    url = api.sandbox.url + "/sandbox/deliver"
    wrong = api.session.post(url, headers=api.headers(secret="nope"), timeout=10).json()
    assert wrong["status"] == "-1"
    stale = api.session.post(url, headers=api.headers(timestamp=int(T0) - 3600), timeout=10)
    assert stale.json()["status"] == "-16"
    assert api.session.post(url, timeout=10).json()["status"] == "-1"  # no headers at all
    assert api.session.get(url, headers=api.headers(), timeout=10).status_code == 405
    assert api.report(msg_id)["sending"] == "1"  # none of those released anything
    assert "/sandbox/deliver" not in api.stats()["requests"]


def test_fail_digit_is_configurable() -> None:
    for api in make_api(fail_last_digit="2"):
        ids = ",".join(m["msgId"] for m in api.send("91856321412,91856321419")["array"])
        api.clock.advance(DELAY)
        statuses = {m["number"]: m["status"] for m in api.report(ids)["array"]}
        assert statuses == {"91856321412": "1", "91856321419": "0"}


def test_unknown_ids_are_nofound_and_not_listed(api: Api) -> None:
    real = api.send("91856321412")["array"][0]["msgId"]
    forged = real[:12] + str(int(real[12:]) + 500)
    other_prefix = "2001010000001000001"
    body = api.report(",".join([real, forged, other_prefix, "8613000000000", "abc"]))
    assert body["status"] == "0" and body["nofound"] == "4"
    assert [m["msgId"] for m in body["array"]] == [real]


@pytest.mark.parametrize("ids", ["", " , ", None])
def test_report_without_ids_is_minus_14(api: Api, ids: str | None) -> None:
    params = {"appId": SMS} if ids is None else {"appId": SMS, "msgIds": ids}
    assert api.get("/sms/getReport", params)["status"] == "-14"


def test_report_more_than_200_ids_is_minus_14(api: Api) -> None:
    numbers = ",".join(str(918000000000 + i) for i in range(201))
    ids = [m["msgId"] for m in api.send(numbers)["array"]]
    assert api.report(",".join(ids))["status"] == "-14"
    ok = api.report(",".join(ids[:200]))
    assert ok["status"] == "0" and len(ok["array"]) == 200


def test_report_with_wrong_product_app_is_minus_1(api: Api) -> None:
    msg_id = api.send("91856321412")["array"][0]["msgId"]
    assert api.report(msg_id, app_id=OTP)["status"] == "-1"


# ---------------------------------------------------------------- auth
@pytest.mark.parametrize("offset", [-1801, 1801, -100_000])
def test_stale_timestamp_both_directions(api: Api, offset: int) -> None:
    answer = api.get("/sms/getBalance", timestamp=int(T0) + offset)
    assert answer["status"] == "-16"


@pytest.mark.parametrize("offset", [-1800, 1800])
def test_timestamp_at_window_edge_is_accepted(api: Api, offset: int) -> None:
    assert api.get("/sms/getBalance", timestamp=int(T0) + offset)["status"] == "0"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"Timestamp": None}, "-16"),
        ({"Timestamp": "yesterday"}, "-16"),
        ({"Timestamp": str(int(T0) * 1000)}, "-16"),  # milliseconds instead of seconds
        ({"Sign": None}, "-1"),
        ({"Sign": "0" * 32}, "-1"),
        ({"Api-Key": None}, "-1"),
    ],
)
def test_header_problems(api: Api, change: dict[str, str | None], code: str) -> None:
    headers: dict[str, Any] = {**api.headers(), **change}
    r = api.session.get(api.sandbox.url + "/sms/getBalance", headers=headers, timeout=10)
    assert r.json()["status"] == code


def test_wrong_secret_is_minus_1(api: Api) -> None:
    assert api.get("/sms/getBalance", secret="notTheSecret")["status"] == "-1"


def test_unknown_key_is_minus_1(api: Api) -> None:
    assert api.get("/sms/getBalance", key="someoneElse")["status"] == "-1"


def test_header_names_are_case_insensitive_and_sign_case_too(api: Api) -> None:
    h = api.headers()
    lower = {k.lower(): v for k, v in h.items()}
    lower["sign"] = lower["sign"].upper()
    r = api.session.get(api.sandbox.url + "/sms/getBalance", headers=lower, timeout=10)
    assert r.json()["status"] == "0"


def test_auth_applies_to_every_endpoint(api: Api) -> None:
    bad = api.headers(secret="wrong")
    for path in ("/sms/sendSms/batch", "/sms/postback/backfill", "/otp/verification/sendRule",
                 "/otp/verification/orderId/record"):  # fmt: skip
        assert api.post(path, {"appId": SMS}, headers=bad)["status"] == "-1", path
    r = api.session.get(api.sandbox.url + "/sms/getReport?appId=x&msgIds=1", headers=bad)
    assert r.json()["status"] == "-1"


# ---------------------------------------------------------------- OTP send
@pytest.mark.parametrize("channel", ["sms", "call", "sna"])
def test_otp_send_happy_path(api: Api, channel: str) -> None:
    body = api.otp(channel=channel)
    assert body["status"] == "0" and body["reason"] == "success"
    data = body["data"]
    assert data["to"] == "91856321412" and data["channel"] == channel
    assert isinstance(data["verificationId"], str) and data["verificationId"]
    if channel == "sna":
        assert set(data) == {"verificationId", "to", "channel", "snaUrl"}
        assert data["snaUrl"].startswith(api.sandbox.url + "/")
    else:
        assert set(data) == {"verificationId", "to", "channel"}


def test_otp_accepts_php_style_strings(api: Api) -> None:
    body = api.otp(templateId="1", flowId="", orderId="php-1", code="123456")
    assert body["status"] == "0"
    assert api.otp(templateId="2", flowId="7", orderId="php-2")["status"] == "0"
    assert api.record("php-2")["data"]["flowId"] == 7


@pytest.mark.parametrize(
    "change",
    [
        {"templateId": None}, {"templateId": "abc"}, {"templateId": True}, {"templateId": 1.5},
        {"flowId": "x"}, {"flowId": [1]}, {"code": ""}, {"code": None}, {"code": "1" * 17},
        {"to": "123"}, {"to": None}, {"to": "+91856321412"}, {"channel": "email"},
        {"channel": None}, {"orderId": {"a": 1}}, {"orderId": "o" * 65}, {"appId": SMS},
        {"appId": "unknown"},
    ],
)  # fmt: skip
def test_otp_parameter_problems_are_minus_22(api: Api, change: dict[str, Any]) -> None:
    assert api.otp(**change)["status"] == "-22"
    assert api.sandbox.simulator.seen_counts() == {}


@pytest.mark.parametrize("raw", [b"{not json", b"[]", b""])
def test_otp_body_not_json_is_minus_22(api: Api, raw: bytes) -> None:
    assert api.post("/otp/verification/sendRule", raw)["status"] == "-22"
    assert api.post("/otp/verification/orderId/record", raw)["status"] == "-22"


def test_duplicate_order_id_is_minus_22(api: Api) -> None:
    assert api.otp(orderId="order-1")["status"] == "0"
    again = api.otp(to="91856321413", orderId="order-1")
    assert again["status"] == "-22" and "orderId" in again["reason"]


def test_per_number_limit_is_minus_28_until_window_passes(api: Api) -> None:
    for _ in range(5):
        assert api.otp()["status"] == "0"
        api.clock.advance(1)
    assert api.otp()["status"] == "-28"
    assert api.otp(to="91856321413")["status"] == "0"  # other numbers are not limited
    api.clock.advance(600 - 5)  # the first send leaves the 600 s window
    assert api.otp()["status"] == "0"
    assert api.otp()["status"] == "-28"
    assert api.sandbox.simulator.seen_counts()["91856321412"] == 6


def test_sensitive_word_in_code_is_minus_29(api: Api) -> None:
    assert api.otp(code="Casino")["status"] == "-29"


# ---------------------------------------------------------------- OTP record
SMS_FIELDS = {
    "submitTm": str, "sendTm": str, "doneTm": str, "mcc": int, "mnc": int, "sender": str,
    "chargeCnt": int, "pay": str, "status": int, "reason": str,
}  # fmt: skip
CALL_FIELDS = {
    "terminationCode": int, "terminationReason": str, "submitTime": str, "callTime": str,
    "ringingTime": str, "answerTime": str, "hangupTime": str, "callDuration": int,
    "chargedDuration": int, "displayNum": str, "billPeriodstring": str, "code": str,
    "rate": str, "cost": str,
}  # fmt: skip
SNA_FIELDS = {
    "postVerificationTime": str, "verificationBackTime": str, "mcc": int, "mnc": int,
    "status": int, "reason": str,
}  # fmt: skip
FIELDS = {"sms": SMS_FIELDS, "call": CALL_FIELDS, "sna": SNA_FIELDS}


def assert_types(row: dict[str, Any], fields: dict[str, type]) -> None:
    assert set(row) == set(fields)
    for name, kind in fields.items():
        assert type(row[name]) is kind, (name, row[name])


@pytest.mark.parametrize("channel", ["sms", "call", "sna"])
def test_record_shape_for_each_channel(api: Api, channel: str) -> None:
    api.otp(channel=channel, orderId=f"o-{channel}", flowId=4)
    body = api.record(f"o-{channel}")
    assert body["status"] == "0" and body["reason"] == "success"
    data = body["data"]
    assert set(data) == {"orderId", "flowId", "verifications", "sms", "call", "sna"}
    assert data["orderId"] == f"o-{channel}" and data["flowId"] == 4
    v = data["verifications"]
    assert v == {
        "matched": 1, "verifiedDate": "", "oriReceiver": "91856321412", "channel": channel,
        "orderId": f"o-{channel}",
    }  # fmt: skip
    for other in FIELDS:
        assert len(data[other]) == (1 if other == channel else 0), other
    assert_types(data[channel][0], FIELDS[channel])
    api.clock.advance(DELAY)
    row = api.record(f"o-{channel}")["data"][channel][0]
    assert_types(row, FIELDS[channel])
    for name, value in row.items():
        if name.endswith(("Tm", "Time")) and value:
            assert ISO_RE.match(value), (name, value)


def test_record_matched_lifecycle_and_backfill(api: Api) -> None:
    vid = api.otp(orderId="life", flowId=None)["data"]["verificationId"]
    rec = api.record("life")["data"]
    assert rec["verifications"]["matched"] == 1 and rec["sms"][0]["status"] == -1
    assert rec["sms"][0]["doneTm"] == "" and rec["flowId"] == 0
    api.clock.advance(DELAY)
    rec = api.record("life")["data"]
    assert rec["verifications"]["matched"] == -1
    assert rec["sms"][0]["status"] == 0 and rec["sms"][0]["doneTm"] == "2023-11-15T06:13:23+08:00"
    when_ms = str(int((T0 + 10) * 1000))
    done = api.post(
        "/sms/postback/backfill",
        {"appId": OTP, "msgid": vid, "number": "91856321412", "time": when_ms},
    )
    assert done == {"status": "0", "reason": "success"}
    v = api.record("life")["data"]["verifications"]
    assert v["matched"] == 0 and v["verifiedDate"] == "2023-11-15T06:13:30+08:00"


def test_record_failing_number_is_matched_2(api: Api) -> None:
    api.otp(to="91856321419", channel="call", orderId="bad")
    api.clock.advance(DELAY)
    rec = api.record("bad")["data"]
    assert rec["verifications"]["matched"] == 2
    call = rec["call"][0]
    assert call["terminationCode"] != 0 and call["cost"] == "0" and call["answerTime"] == ""


def test_sna_link_verifies(api: Api) -> None:
    url = api.otp(channel="sna", orderId="sna-1")["data"]["snaUrl"]
    assert api.session.get(url, timeout=10).json()["status"] == "0"
    rec = api.record("sna-1")["data"]
    assert rec["verifications"]["matched"] == 0 and rec["sna"][0]["status"] == 0
    assert api.session.get(url + "x", timeout=10).status_code == 404


def test_record_unknown_and_missing_order_id(api: Api) -> None:
    unknown = api.record("never-sent")
    assert unknown["status"] == "0"
    data = unknown["data"]
    assert data["verifications"]["matched"] == 3 and data["orderId"] == "never-sent"
    assert (data["sms"], data["call"], data["sna"]) == ([], [], [])
    assert api.record("")["status"] == "-22"
    assert api.record(None)["status"] == "-22"
    assert api.post("/otp/verification/orderId/record", {"appId": OTP})["status"] == "-22"
    assert api.record("never-sent", app_id=SMS)["status"] == "-22"


# ---------------------------------------------------------------- backfill
def test_backfill_sms_message(api: Api) -> None:
    msg = api.send("91856321412")["array"][0]
    body = {"appId": SMS, "msgid": msg["msgId"], "number": "91856321412", "time": "1681184764000"}
    assert api.post("/sms/postback/backfill", body) == {"status": "0", "reason": "success"}
    assert api.sandbox.simulator.conversions() == {msg["msgId"]: 1681184764.0}


@pytest.mark.parametrize(
    "change",
    [
        {"msgid": "2108021059531000096"}, {"msgid": None}, {"number": "91856321413"},
        {"number": None}, {"time": "soon"}, {"time": None},
    ],
)  # fmt: skip
def test_backfill_problems_are_minus_22(api: Api, change: dict[str, Any]) -> None:
    msg = api.send("91856321412")["array"][0]
    body = {"appId": SMS, "msgid": msg["msgId"], "number": "91856321412", "time": "1", **change}
    assert api.post("/sms/postback/backfill", body)["status"] == "-22"
    assert api.sandbox.simulator.conversions() == {}


def test_backfill_wrong_app_and_bad_body(api: Api) -> None:
    body = {"appId": "other", "msgid": "1", "number": "91856321412", "time": "1"}
    assert api.post("/sms/postback/backfill", body)["status"] == "-1"
    assert api.post("/sms/postback/backfill", b"nope")["status"] == "-18"


# ---------------------------------------------------------------- HTTP details
def test_stats_counts_numbers_and_requests(api: Api) -> None:
    api.send("91856321412,91856321413")
    api.send("91856321412,123")
    api.send("91856321412", content="")  # refused: numbers not counted
    api.otp(to="91856321414")
    api.get("/sms/getBalance")
    stats = api.stats()
    assert stats["numbers"] == {"91856321412": 2, "91856321413": 1, "91856321414": 1}
    assert stats["requests"] == {
        "/sms/sendSms/batch": 3, "/otp/verification/sendRule": 1, "/sms/getBalance": 1,
    }  # fmt: skip
    assert api.sandbox.simulator.seen_counts() == stats["numbers"]


def test_double_and_trailing_slashes_are_tolerated(api: Api) -> None:
    msg_id = api.send("91856321412")["array"][0]["msgId"]
    for path in ("/sms//getReport", "//sms/getReport/", "/sms/getReport//"):
        body = api.get(path, {"appId": SMS, "msgIds": msg_id})
        assert body["status"] == "0" and body["array"][0]["msgId"] == msg_id, path


def test_unknown_path_and_wrong_method(api: Api) -> None:
    r = api.session.get(api.sandbox.url + "/sms/nothing", headers=api.headers(), timeout=10)
    assert r.status_code == 404 and r.json()["status"] == 404
    r = api.session.get(api.sandbox.url + "/sms/sendSms/batch", headers=api.headers(), timeout=10)
    assert r.status_code == 405 and r.headers["Content-Type"].startswith("application/json")


def test_keep_alive_on_one_connection_with_tcp_nodelay(api: Api) -> None:
    for _ in range(50):
        assert api.get("/sms/getBalance")["status"] == "0"
    assert api.sandbox.connections == {"accepted": 1, "nodelay": 1}
    assert api.stats()["connections"] == {"accepted": 1, "nodelay": 1}


def read_response(reader: Any) -> tuple[int, Any]:
    """One HTTP response from a socket file: (status, JSON body); needs a Content-Length."""
    status = int(reader.readline().split()[1])
    length = 0
    while (line := reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    assert length > 0, "every answer carries a Content-Length"
    return status, json.loads(reader.read(length))


def raw_request(api: Api, head: str, body: bytes = b"", expect_continue: bool = False) -> Any:
    """Send bytes exactly as written (header spacing included); return (status, json)."""
    host, port = api.sandbox.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head.replace("\n", "\r\n").encode() + b"\r\n")
        if expect_continue:
            interim = sock.recv(1024)
            assert interim.startswith(b"HTTP/1.1 100"), interim
        sock.sendall(body)
        return read_response(sock.makefile("rb"))


def php_style_head(api: Api, body: bytes, extra: str = "") -> str:
    h = api.headers()
    return (
        "POST /otp/verification/sendRule HTTP/1.1\nHost: x\n"
        f"Content-Type:application/json;charset=UTF-8\nSign:{h['Sign']}\n"
        f"Timestamp:{h['Timestamp']}\nApi-Key:{h['Api-Key']}\n"
        f"Content-Length: {len(body)}\n{extra}"
    )


def otp_body() -> bytes:
    return json.dumps({"appId": OTP, "templateId": "1", "code": "1", "to": "91856321412",
                       "channel": "sms", "flowId": "", "orderId": ""}).encode()  # fmt: skip


def test_php_style_headers_without_spaces(api: Api) -> None:
    body = otp_body()
    status, answer = raw_request(api, php_style_head(api, body), body)
    assert status == 200 and answer["status"] == "0"


def test_expect_100_continue_like_curl(api: Api) -> None:
    body = otp_body()
    head = php_style_head(api, body, "Expect: 100-continue\n")
    status, answer = raw_request(api, head, body, expect_continue=True)
    assert status == 200 and answer["status"] == "0"


def test_chunked_body_and_no_content_type(api: Api) -> None:
    body = otp_body()
    h = api.headers()
    head = (
        f"POST /otp/verification/sendRule HTTP/1.1\nHost: x\nSign: {h['Sign']}\n"
        f"Timestamp: {h['Timestamp']}\nApi-Key: {h['Api-Key']}\nTransfer-Encoding: chunked\n"
    )
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    status, answer = raw_request(api, head, chunked)
    assert status == 200 and answer["status"] == "0"


def test_server_is_quiet(api: Api, capfd: pytest.CaptureFixture[str]) -> None:
    api.send("91856321412")
    api.get("/sms/getBalance", secret="wrong")
    api.session.get(api.sandbox.url + "/nowhere", timeout=10)
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")


def test_stop_closes_the_port_and_idle_connections() -> None:
    sandbox = start_sandbox(SandboxConfig())
    host, port = sandbox.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as idle:
        idle.sendall(b"GET /_sandbox/stats HTTP/1.1\r\nHost: x\r\n\r\n")
        reader = idle.makefile("rb")
        assert read_response(reader)[0] == 200
        sandbox.stop()
        assert reader.read(1) == b""  # the server closed the kept-alive connection
    with pytest.raises(requests.ConnectionError):
        requests.get(sandbox.url + "/_sandbox/stats", timeout=5)
    sandbox.stop()  # idempotent


def test_binds_loopback_on_a_free_port() -> None:
    with start_sandbox() as one, start_sandbox() as two:
        assert one.url.startswith("http://127.0.0.1:") and one.url != two.url
        assert one.config == SandboxConfig()


def test_simulator_alone_without_http() -> None:
    clock = FakeClock()
    sim = Simulator(SandboxConfig(clock=clock, delivery_delay=0))
    sent = sim.send_batch({"appId": SMS, "array": [{"numbers": "91856321412", "content": "hi"}]})
    assert sent["status"] == "0"
    report = sim.get_report(SMS, sent["array"][0]["msgId"])
    assert report["array"][0]["status"] == "0"
    assert sim.authenticate(DEFAULT_API_KEY, str(int(T0)), "bad") == {
        "status": "-1", "reason": "Authentication error: Sign does not match",
    }  # fmt: skip
    assert sim.seen_counts() == {"91856321412": 1} and sim.balance == Decimal("99.995")


def test_simulator_alone_holds_and_releases_without_http() -> None:
    clock = FakeClock()
    sim = Simulator(SandboxConfig(clock=clock, delivery_delay=None))
    sent = sim.send_batch({"appId": SMS, "array": [{"numbers": "91856321412", "content": "hi"}]})
    msg_id = sent["array"][0]["msgId"]
    clock.advance(10)
    assert sim.get_report(SMS, msg_id)["array"][0]["status"] == "-1"
    assert sim.deliver_now() == {"status": "0", "reason": "success", "sms": 1, "otp": 0}
    assert sim.get_report(SMS, msg_id)["array"][0]["status"] == "0"


def standalone_sandbox(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    """``python -m itnio_core.sandbox --port 0 ARGS``, run outside the checkout."""
    cmd = [sys.executable, "-m", "itnio_core.sandbox", "--port", "0", *args]
    return subprocess.Popen(
        cmd, cwd=tmp_path, env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )  # fmt: skip


def test_serve_forever_prints_url_and_credentials(tmp_path: Path) -> None:
    proc = standalone_sandbox(tmp_path, "--delay", "0")
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(5)]
        url = re.search(r"http://127\.0\.0\.1:\d+", lines[0])
        assert url, lines
        text = "".join(lines)
        for value in (DEFAULT_API_KEY, DEFAULT_API_SECRET, SMS, OTP):
            assert value in text
        headers = signed_headers(DEFAULT_API_KEY, DEFAULT_API_SECRET)
        answer = requests.get(url.group(0) + "/sms/getBalance", headers=headers, timeout=10)
        assert answer.json()["balance"] == "100.0000"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_forever_can_hold_deliveries_until_told(tmp_path: Path) -> None:
    proc = standalone_sandbox(tmp_path, "--delay", "held")
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(6)]
        assert "held as sending until POST /sandbox/deliver" in lines[5], lines
        url = re.search(r"http://127\.0\.0\.1:\d+", lines[0])
        assert url, lines
        headers = signed_headers(DEFAULT_API_KEY, DEFAULT_API_SECRET)
        body = {"appId": SMS, "array": [{"numbers": "91856321412", "content": "hi"}]}
        sent = requests.post(
            url.group(0) + "/sms/sendSms/batch", json=body, headers=headers, timeout=10
        )
        msg_id = sent.json()["array"][0]["msgId"]
        report = url.group(0) + f"/sms/getReport?appId={SMS}&msgIds={msg_id}"
        assert requests.get(report, headers=headers, timeout=10).json()["sending"] == "1"
        released = requests.post(url.group(0) + "/sandbox/deliver", headers=headers, timeout=10)
        assert released.json()["sms"] == 1
        assert requests.get(report, headers=headers, timeout=10).json()["success"] == "1"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_starting_balance_given_as_a_whole_number_is_reported() -> None:
    from itnio_core.api import ItnioClient
    from itnio_core.sandbox import SandboxConfig, start_sandbox

    with start_sandbox(SandboxConfig(starting_balance=1000)) as sandbox:  # type: ignore[arg-type]
        assert ItnioClient(sandbox.client_settings()).get_balance().balance == "1000.0000"
