"""The send path's stored answers: kept as the platform's own text, read back into msgIds."""

from __future__ import annotations

import json

import pytest
import requests

from itnio_core.api.client import ItnioClient
from itnio_core.api.models import BatchItem
from itnio_core.api.transport import parse_answer
from itnio_core.campaigns.request_log import match_msg_ids

ROWS = [(0, "447700000001", "o1"), (1, "447700000002", "o2"), (2, "447700000003", "")]


def test_msgids_are_matched_from_the_answer_by_order_id_else_by_number():
    answer = {
        "status": "0",
        "array": [
            {"msgId": "m2", "number": "447700000002", "orderId": "o2"},
            {"msgId": "m1", "number": "447700000009", "orderId": "o1"},  # orderId wins
            {"msgId": "m3", "number": "447700000003", "orderId": ""},
        ],
    }
    assert match_msg_ids(ROWS, answer) == [(0, "m1"), (1, "m2"), (2, "m3")]


def test_numbers_missing_from_the_answer_or_without_a_msgid_get_none():
    answer = {
        "array": [
            {"msgId": "", "number": "447700000001", "orderId": "o1"},
            {"msgId": "m3", "number": "447700000003"},
            "not an entry",
        ]
    }
    assert match_msg_ids(ROWS, answer) == [(2, "m3")]
    assert match_msg_ids(ROWS, {"status": "0", "array": None}) == []


def test_answers_stored_in_the_earlier_form_still_read():
    earlier = {"msgId": ["m1", "m3"], "number": ["447700000001", "447700000003"],
               "orderId": ["o1", ""]}  # fmt: skip
    assert match_msg_ids(ROWS, earlier) == [(0, "m1"), (2, "m3")]


def test_the_send_answer_is_the_platforms_text_with_every_msgid(sandbox, store):
    client = ItnioClient(sandbox.client_settings(), recorder=store, sleep=lambda _s: None)
    numbers = tuple(f"4477009{i:05d}" for i in range(5))
    orders = tuple(f"o{i}" for i in range(5))
    answer = client.send_request_answer([BatchItem(numbers, "Hello", "", orders)])
    decoded = json.loads(answer.text)
    assert answer.accepted == 5 == len(decoded["array"])
    assert [e["orderId"] for e in decoded["array"]] == list(orders)
    assert len({e["msgId"] for e in decoded["array"]}) == 5
    [call] = store.recent_calls(endpoint="send")  # still one recorded call, with its msgIds
    assert call.ok and call.ids == [e["msgId"] for e in decoded["array"]]


def _response(body: bytes, content_type: str | None) -> requests.Response:
    resp = requests.Response()
    resp.status_code = 200
    resp._content = body
    if content_type is not None:
        resp.headers["Content-Type"] = content_type
    resp.encoding = requests.utils.get_encoding_from_headers(resp.headers)
    return resp


@pytest.mark.parametrize(
    "content_type", [None, "application/json", "application/json;charset=UTF-8"]
)
def test_answer_text_is_decoded_as_utf8_when_no_charset_is_named(content_type):
    raw = {"status": "0", "reason": "成功", "array": []}
    resp = _response(json.dumps(raw, ensure_ascii=False).encode(), content_type)
    answer, text = parse_answer(resp, "send", is_read=False)
    assert answer == raw and json.loads(text) == raw
