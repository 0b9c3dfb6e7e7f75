"""The client against the sandbox over real HTTP on 127.0.0.1: every endpoint,
the limits, the error codes, the retry rules and the call log."""

from __future__ import annotations

import logging
from decimal import Decimal

import pytest

from itnio_core.api.client import ItnioClient
from itnio_core.api.models import BatchItem
from itnio_core.common.errors import AuthError, InvalidInputError, RequestRejected
from itnio_core.sandbox import (
    DEFAULT_API_KEY,
    DEFAULT_API_SECRET,
    DEFAULT_OTP_APP_ID,
    SandboxConfig,
    start_sandbox,
)


class FakeClock:
    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def sandbox(clock):
    with start_sandbox(SandboxConfig(delivery_delay=10.0, clock=clock)) as sb:
        yield sb


def make_client(sandbox, store=None, **changes) -> ItnioClient:
    settings = sandbox.client_settings(**{"read_timeout": 60.0, **changes})
    return ItnioClient(settings, recorder=store, user="tester", sleep=lambda _s: None)


@pytest.fixture
def client(sandbox, store, clock, monkeypatch):
    # Sign with the same clock the sandbox uses, so timestamps stay in its window.
    monkeypatch.setattr("itnio_core.api.signing.time.time", clock)
    return make_client(sandbox, store)


def numbers(n: int, last_digit: str | None = None) -> tuple[str, ...]:
    out = []
    i = 0
    while len(out) < n:
        candidate = str(919800000000 + i)
        i += 1
        if last_digit is None or candidate.endswith(last_digit):
            out.append(candidate)
    return tuple(out)


def test_balance(client, store):
    b = client.get_balance()
    assert Decimal(b.balance) > 0
    assert b.gift != "" and b.credit != ""
    (call,) = store.recent_calls()
    assert call.endpoint == "balance" and call.ok and call.user == "tester"


def test_send_batch_splits_at_1000_and_returns_every_msgid(client, sandbox, store):
    nums = numbers(2500)
    orders = tuple(f"ord{i}" for i in range(2500))
    result = client.send_batch([BatchItem(nums, "Hello from the test", "ACME", orders)])
    assert (result.success, result.fail) == (2500, 0)
    assert len(result.raw) == 3  # three requests: 1000 + 1000 + 500
    by_number = {m.number: m for m in result.messages}
    assert set(by_number) == set(nums)
    assert all(by_number[n].order_id == o for n, o in zip(nums, orders, strict=True))
    ids = [m.msg_id for m in result.messages]
    assert len(set(ids)) == 2500 and all(len(i) == 19 and i.isdigit() for i in ids)
    assert sandbox.simulator.seen_counts() == dict.fromkeys(nums, 1)
    calls = store.recent_calls(endpoint="send")
    assert len(calls) == 3 and sum(len(c.ids) for c in calls) == 2500
    assert "Hello" not in str([c.request_summary for c in calls])  # summaries hold no content


def test_malformed_numbers_count_as_failed(client):
    result = client.send_batch([BatchItem(("919812345670", "12ab", "1"), "hi")])
    assert (result.success, result.fail) == (1, 2)
    assert [m.number for m in result.messages] == ["919812345670"]


def test_report_merges_calls_of_200_and_plays_out_over_time(client, clock, store):
    sent = client.send_batch([BatchItem(numbers(300) + numbers(150, "9")[-150:], "hi")])
    ids = [m.msg_id for m in sent.messages]
    unknown = ["1999999999999999999"]
    first = client.get_report(ids + unknown)
    assert len(store.recent_calls(endpoint="report")) == 3  # 451 ids -> 200 + 200 + 51
    assert first.sending == len(set(ids)) and first.nofound == 1
    assert first.success == first.fail == 0
    clock.now += 11
    later = client.get_report(ids + unknown)
    failing = {m.msg_id for m in sent.messages if m.number.endswith("9")}
    assert later.fail == len(failing) > 0
    assert later.success == len(set(ids)) - len(failing)
    assert later.nofound == 1 and later.sending == 0
    statuses = {i.msg_id: i.status for i in later.items}
    assert all(statuses[m] == 1 for m in failing)
    assert all(i.receive_time for i in later.items)


def test_otp_send_record_and_backfill_change_the_verification(client, clock):
    sent = client.send_otp("919812345671", template_id=1, code="123456", order_id="order-1")
    assert sent.verification_id and sent.to == "919812345671" and sent.channel == "sms"
    rec = client.get_otp_record("order-1")
    assert rec.verification.matched == 1  # still sending
    assert rec.verification.ori_receiver == "919812345671"
    assert len(rec.sms) == 1 and rec.call == () and rec.sna == ()
    clock.now += 11
    assert client.get_otp_record("order-1").verification.matched == -1  # delivered, not checked
    client.backfill_conversion(sent.verification_id, "919812345671", int(clock.now * 1000))
    done = client.get_otp_record("order-1")
    assert done.verification.matched == 0 and done.verification.verified_date


@pytest.mark.parametrize("channel", ["call", "sna"])
def test_otp_other_channels_fill_their_own_attempt_list(client, channel):
    sent = client.send_otp(
        "919812345672",
        template_id=2,
        code="9876",
        channel=channel,
        order_id=f"o-{channel}",
        flow_id=7,
    )
    assert sent.channel == channel
    assert bool(sent.sna_url) == (channel == "sna")
    rec = client.get_otp_record(f"o-{channel}")
    assert len(getattr(rec, channel)) == 1 and rec.sms == ()
    assert rec.flow_id == 7


def test_unknown_order_id_is_not_an_error(client):
    rec = client.get_otp_record("never-sent")
    assert rec.verification.matched == 3


def test_backfill_of_an_sms_message(client, store):
    sent = client.send_batch([BatchItem(("919812345673",), "hi")])
    client.backfill_conversion(sent.messages[0].msg_id, "919812345673")
    (call,) = store.recent_calls(endpoint="backfill")
    assert call.ok and "919812345673" not in str(call.request_summary)


# ------------------------------------------------------------------ errors
def test_wrong_secret_is_an_auth_error_in_plain_words(sandbox, store, clock, monkeypatch):
    monkeypatch.setattr("itnio_core.api.signing.time.time", clock)
    client = make_client(sandbox, store, api_secret="not-the-secret")
    with pytest.raises(AuthError) as info:
        client.get_balance()
    assert info.value.status == -1
    assert "key or secret" in info.value.user_message
    assert "not-the-secret" not in str(info.value)
    (call,) = store.recent_calls()
    assert call.status == -1 and call.error


@pytest.mark.parametrize("skew", [-1801, 1801])
def test_stale_timestamp_is_refused_with_minus_16(sandbox, clock, monkeypatch, skew):
    monkeypatch.setattr("itnio_core.api.signing.time.time", lambda: clock.now + skew)
    client = make_client(sandbox)
    with pytest.raises(AuthError) as info:
        client.send_batch([BatchItem(("919812345674",), "hi")])
    assert info.value.status == -16 and "clock" in info.value.user_message
    assert sandbox.simulator.seen_counts() == {}


def test_timestamp_inside_the_window_is_accepted(sandbox, clock, monkeypatch):
    monkeypatch.setattr("itnio_core.api.signing.time.time", lambda: clock.now - 1700)
    assert make_client(sandbox).get_balance().balance


def test_sms_app_id_of_another_product_is_refused(client, sandbox, clock, monkeypatch):
    wrong = make_client(sandbox, sms_app_id=DEFAULT_OTP_APP_ID)
    with pytest.raises(AuthError):
        wrong.send_batch([BatchItem(("919812345675",), "hi")])


def test_sensitive_words_are_rejected_with_minus_3(client):
    with pytest.raises(RequestRejected) as info:
        client.send_batch([BatchItem(("919812345676",), "Big CASINO bonus")])
    assert info.value.status == -3 and info.value.endpoint == "send"
    assert "Reword" in info.value.user_message


def test_balance_exhausted_is_minus_10_and_sends_nothing(clock, monkeypatch):
    config = SandboxConfig(
        clock=clock, starting_balance=Decimal("0.01"), price_per_segment=Decimal("0.005")
    )
    monkeypatch.setattr("itnio_core.api.signing.time.time", clock)
    with start_sandbox(config) as sb:
        client = make_client(sb)
        with pytest.raises(RequestRejected) as info:
            client.send_batch([BatchItem(numbers(3), "hi")])
        assert info.value.status == -10 and "balance" in info.value.user_message
        assert sb.simulator.seen_counts() == {}
        assert client.send_batch([BatchItem(numbers(2), "hi")]).success == 2


def test_otp_limit_per_number_is_minus_28(client):
    for i in range(5):
        client.send_otp("919812345677", template_id=1, code="1234", order_id=f"lim-{i}")
    with pytest.raises(RequestRejected) as info:
        client.send_otp("919812345677", template_id=1, code="1234", order_id="lim-6")
    assert info.value.status == -28 and "Wait" in info.value.user_message


def test_reused_order_id_is_minus_22(client):
    client.send_otp("919812345678", template_id=1, code="1234", order_id="dup")
    with pytest.raises(RequestRejected) as info:
        client.send_otp("919812345670", template_id=1, code="1234", order_id="dup")
    assert info.value.status == -22


def test_client_refuses_what_the_platform_would_refuse_before_calling(client, store):
    with pytest.raises(InvalidInputError):
        client.send_batch([BatchItem(("919812345679",), "x" * 1025)])
    with pytest.raises(InvalidInputError):
        client.send_request([BatchItem(numbers(1001), "x")])
    with pytest.raises(InvalidInputError):
        client.get_report([])
    with pytest.raises(InvalidInputError):
        client.send_otp("1", template_id=1, code="1", channel="fax")
    assert store.recent_calls() == []


def test_missing_app_id_says_which_setting(sandbox):
    client = make_client(sandbox, otp_app_id="")
    with pytest.raises(InvalidInputError) as info:
        client.get_otp_record("x")
    assert "OTP app id" in info.value.user_message


def test_secrets_never_reach_logs_or_repr(client, sandbox, caplog):
    caplog.set_level(logging.DEBUG)
    client.send_batch([BatchItem(("919812345680",), "hi")])
    client.get_balance()
    for text in (caplog.text, repr(client), repr(client.settings)):
        assert DEFAULT_API_SECRET not in text
    assert DEFAULT_API_KEY not in repr(client)
