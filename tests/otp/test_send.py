"""OTP sending: secure codes, order ids, the form's checks, and one send per orderId."""

from __future__ import annotations

import collections
import re

import pytest

from itnio_core.api import status_codes
from itnio_core.common import limits
from itnio_core.common.errors import InvalidInputError, RequestRejected, TransportError
from itnio_core.otp import send as otp
from itnio_core.otp import store as otp_store


def request(to="919876543210", channel="sms", order_id=None, code="123456", **changes):
    values = {
        "to": to,
        "country": None,
        "channel": channel,
        "template_id": 1,
        "code": code,
        "flow_id": None,
        "order_id": order_id or otp.new_order_id(),
        **changes,
    }
    return otp.check_request(**values)


# ------------------------------------------------------------------ codes and ids
@pytest.mark.parametrize("length", range(limits.CODE_MIN_DIGITS, limits.CODE_MAX_DIGITS + 1))
def test_generated_codes_have_the_chosen_length_and_only_digits(length):
    for _ in range(50):
        code = otp.generate_code(length)
        assert len(code) == length and code.isascii() and code.isdigit()


@pytest.mark.parametrize("length", [0, 3, 11, -1])
def test_code_length_outside_4_to_10_is_refused(length):
    with pytest.raises(InvalidInputError) as info:
        otp.generate_code(length)
    assert info.value.field == "code" and "between 4 and 10" in info.value.user_message


def test_codes_are_uniform_and_use_the_secure_generator(monkeypatch):
    digits = collections.Counter("".join(otp.generate_code(10) for _ in range(2000)))
    assert set(digits) == set("0123456789")
    assert all(1600 < n < 2400 for n in digits.values())  # 2000 expected each
    assert len({otp.generate_code(10) for _ in range(500)}) == 500  # leading zeros kept too
    calls = []
    monkeypatch.setattr(otp.secrets, "choice", lambda seq: calls.append(seq) or "7")
    assert otp.generate_code(4) == "7777" and len(calls) == 4


def test_order_ids_are_unique_and_fit_the_platform():
    ids = {otp.new_order_id() for _ in range(2000)}
    assert len(ids) == 2000
    assert all(re.fullmatch(r"otp-\d{13}-[0-9a-f]{16}", i) and len(i) <= 64 for i in ids)


# ------------------------------------------------------------------ the form's checks
def test_check_request_normalises_like_campaign_numbers():
    r = request(to="+91 98765-43210", flow_id=" 7 ", template_id="12", order_id=" abc-1 ")
    assert (r.to, r.calling_code, r.flow_id, r.template_id, r.order_id) == (
        "919876543210",
        91,
        7,
        12,
        "abc-1",
    )
    national = request(to="07911 123456", country="GB")
    assert national.to == "447911123456" and national.calling_code == 44
    assert request(flow_id="").flow_id is None


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"to": "12"}, "to", "cannot be used"),
        ({"to": "07911 123456"}, "to", "cannot be used"),  # no country given
        ({"channel": "email"}, "channel", "Choose a channel"),
        ({"template_id": "one"}, "templateId", "whole number"),
        ({"template_id": "-1"}, "templateId", "whole number"),
        ({"flow_id": "x"}, "flowId", "whole number"),
        ({"code": "12a4"}, "code", "4 to 10 digits"),
        ({"code": "123"}, "code", "4 to 10 digits"),
        ({"code": "12345678901"}, "code", "4 to 10 digits"),
        ({"order_id": "has space"}, "orderId", "without spaces"),
        ({"order_id": "x" * 65}, "orderId", "1 to 64"),
    ],
)
def test_check_request_says_what_is_wrong(changes, field, words):
    with pytest.raises(InvalidInputError) as info:
        request(**{"order_id": "ok-1", **changes})
    assert info.value.field == field and words in info.value.user_message
    assert info.value.message_zh != info.value.user_message


# ------------------------------------------------------------------ sending
@pytest.mark.parametrize("channel", ["sms", "call", "sna"])
def test_send_once_over_each_channel_is_stored(store, client, sandbox, channel):
    r = request(channel=channel)
    attempt = otp.send_once(store, client, r, user="ana")
    s = attempt.send
    assert attempt.fresh and s.state == otp_store.SENT
    assert s.verification_id and s.channel == channel and s.number == "919876543210"
    assert s.user == "ana" and s.order_id == r.order_id and s.code_length == 6
    assert s.calling_code == 91 and s.status_code == 0 and s.finished_at is not None
    assert (s.sna_url or "").startswith("http://127.0.0.1") == (channel == "sna")
    assert sandbox.simulator.seen_counts() == {"919876543210": 1}


def test_the_code_is_never_stored(store, client):
    otp.send_once(store, client, request(code="90817263"), user=None)
    with store.engine.connect() as conn:
        dump = "\n".join(str(row) for row in conn.exec_driver_sql("SELECT * FROM otp_sends"))
        calls = "\n".join(str(row) for row in conn.exec_driver_sql("SELECT * FROM api_calls"))
    assert "90817263" not in dump and "90817263" not in calls
    assert "9198****3210" in calls  # the call log masks the number


def test_the_same_order_id_twice_sends_once(store, client, sandbox):
    r = request()
    first = otp.send_once(store, client, r, user=None)
    second = otp.send_once(store, client, r, user=None)
    assert first.fresh and not second.fresh
    assert second.send.id == first.send.id and second.send.state == otp_store.SENT
    assert sandbox.simulator.seen_counts() == {"919876543210": 1}
    assert len(otp_store.list_sends(store)) == 1


def test_a_refused_send_is_explained_and_may_be_sent_again(store, client, sandbox):
    for _ in range(5):
        assert otp.send_once(store, client, request(), user=None).send.state == otp_store.SENT
    r = request()
    refused = otp.send_once(store, client, r, user=None).send
    assert refused.state == otp_store.FAILED and refused.status_code == -28
    assert "too many codes" in (refused.error_en or "")
    assert refused.error_zh and refused.verification_id is None
    # a refused send did not happen: the same orderId may be tried again later
    again = otp.send_once(store, client, r, user=None)
    assert again.fresh and again.send.status_code == -28


def test_sensitive_words_are_refused_with_29_in_plain_words(client):
    with pytest.raises(RequestRejected) as info:
        client.send_otp("919876543210", template_id=1, code="casino", order_id="x-29")
    assert info.value.status == -29 and "does not allow" in info.value.user_message
    assert "敏感" in info.value.message_zh


@pytest.mark.parametrize("code", [-10, -22, -26, -27, -28, -29])
def test_documented_send_errors_say_what_to_do_in_english_and_chinese(code):
    info = status_codes.explain(status_codes.OTP_SEND, code)
    assert info.code == code and len(info.en) > 40 and info.zh and info.zh != info.en


class BrokenClient:
    """A platform that took the request and never answered."""

    def __init__(self) -> None:
        self.calls = 0

    def send_otp(self, *args, **kwargs):
        self.calls += 1
        raise TransportError("The platform did not answer in time.", may_have_reached_server=True)


def test_an_unknown_outcome_is_recorded_and_never_resent(store):
    broken = BrokenClient()
    r = request()
    first = otp.send_once(store, broken, r, user=None)  # type: ignore[arg-type]
    assert first.send.state == otp_store.UNKNOWN
    assert "will not be sent again automatically" in (first.send.error_en or "")
    second = otp.send_once(store, broken, r, user=None)  # type: ignore[arg-type]
    assert not second.fresh and broken.calls == 1


def test_a_send_that_never_left_may_be_sent_again(store):
    class Offline(BrokenClient):
        def send_otp(self, *args, **kwargs):
            self.calls += 1
            raise TransportError("Could not connect.", may_have_reached_server=False)

    offline = Offline()
    r = request()
    assert otp.send_once(store, offline, r, user=None).send.state == otp_store.FAILED  # type: ignore[arg-type]
    assert otp.send_once(store, offline, r, user=None).fresh  # type: ignore[arg-type]
    assert offline.calls == 2


def test_history_search_by_number_order_id_and_verification_id(store, client):
    a = otp.send_once(store, client, request(to="919876543210", order_id="shop-a-1"), user=None)
    otp.send_once(store, client, request(to="447911123456", order_id="shop-b-1"), user=None)
    assert [s.order_id for s in otp_store.list_sends(store)] == ["shop-b-1", "shop-a-1"]
    assert [s.order_id for s in otp_store.list_sends(store, "+91 98765 43210")] == ["shop-a-1"]
    assert [s.order_id for s in otp_store.list_sends(store, "shop-b")] == ["shop-b-1"]
    vid = a.send.verification_id or ""
    assert [s.order_id for s in otp_store.list_sends(store, vid[:10])] == ["shop-a-1"]
    assert otp_store.list_sends(store, "%") == []  # a wildcard is just a character
