"""``POST /hooks/dlr/<token>`` through real HTTP (the app's own routes served by uvicorn on
loopback), on SQLite and PostgreSQL: what is refused stores nothing, what is stored is
upserted by msgId, newest receipt first."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import requests
import sqlalchemy as sa

from itnio_core import receipts
from itnio_core.access import audit
from itnio_core.store import Store, delivery_status
from tests.receipts.serving import serving_routes

APP_ID = "sandSMS1"
RECEIPT: dict[str, Any] = {
    "appId": APP_ID,
    "orderId": "21412",
    "msgid": "2108021059531000096",
    "mobile": "91850000000",
    "status": 0,
    "reason": "0",
    "timestamp": 1629801177192,
    "mcc": "404",
    "mnc": "-1",
    "pricedetail": {"pay": "0.02", "currency": "EUR", "chargeCnt": 2, "price": "0.01"},
}


class Http:
    def __init__(self, base: str) -> None:
        self.base = base
        self.session = requests.Session()

    def post(self, path: str, **kw: Any) -> requests.Response:
        return self.session.post(self.base + path, timeout=30, **kw)


@pytest.fixture
def http(store: Store) -> Iterator[Http]:
    receipts.serve(store, {APP_ID, "sandOTP1"})
    with serving_routes() as base:
        yield Http(base)
    receipts.stop()


def post(http: Http, store: Store, body: Any, token: str | None = None) -> requests.Response:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    url = receipts.path(token if token is not None else receipts.token(store))
    headers = {"Content-Type": "application/json;charset=UTF-8"}
    return http.post(url, data=data, headers=headers)


def rows(store: Store) -> list[Any]:
    with store.engine.connect() as conn:
        return list(conn.execute(sa.select(delivery_status).order_by(delivery_status.c.msg_id)))


def counted(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {k: n for k, (n, _) in receipts.counters(conn).items()}


def test_the_documented_receipt_is_stored_with_what_it_says(http: Http, store: Store):
    answer = post(http, store, RECEIPT)
    assert (answer.status_code, answer.text) == (200, "ok")
    (row,) = rows(store)
    assert (row.msg_id, row.number, row.status, row.receipt_status) == (
        "2108021059531000096", "91850000000", 0, 0,
    )  # fmt: skip
    assert (row.reason, row.mcc, row.mnc, row.order_id) == ("0", "404", "-1", "21412")
    assert (Decimal(row.pay), Decimal(row.price), row.currency, row.charge_cnt) == (
        Decimal("0.02"), Decimal("0.01"), "EUR", 2,
    )  # fmt: skip
    assert row.receipt_ms == 1629801177192 and row.received_at is not None
    assert row.receive_time == "2021-08-24T18:32:57+08:00"  # as getReport writes it
    assert row.calling_code == 91
    assert counted(store) == {"stored": 1}


def test_a_wrong_token_is_404_counted_and_stores_nothing(
    http: Http, store: Store, caplog: pytest.LogCaptureFixture
):
    secret_body = {**RECEIPT, "mobile": "91850000123"}
    answer = post(http, store, secret_body, token="not-the-token")
    assert answer.status_code == 404
    answer = post(http, store, secret_body, token=receipts.token(store)[:-1])
    assert answer.status_code == 404
    assert rows(store) == []
    assert counted(store) == {"wrong_token": 2}
    assert "91850000123" not in caplog.text and "not-the-token" not in caplog.text


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"x" * (64 * 1024 + 1), "body too large"),
        (b'{"appId": "sandSMS1", "msgid": ', "malformed JSON"),
        (b"\xff\xfe", "malformed JSON"),
        (b"[1, 2]", "not a JSON object"),
        ({k: v for k, v in RECEIPT.items() if k != "msgid"}, "missing msgid"),
        ({k: v for k, v in RECEIPT.items() if k not in ("status", "timestamp")},
         "missing status, timestamp"),
        ({**RECEIPT, "status": "delivered"}, "status is not a whole number"),
        ({**RECEIPT, "timestamp": 10**16}, "timestamp is not a whole number"),
        ({**RECEIPT, "pricedetail": {"pay": "lots"}}, "pricedetail.pay is not a number"),
        ({**RECEIPT, "msgid": "x" * 65}, "msgid is not valid"),
        ({**RECEIPT, "appId": "someoneElse"}, "appId is not ours"),
    ],
)  # fmt: skip
def test_a_refused_body_is_400_with_a_short_reason_and_stores_nothing(
    http: Http, store: Store, body: Any, reason: str
):
    answer = post(http, store, body)
    assert (answer.status_code, answer.text) == (400, reason)
    assert rows(store) == []
    assert "stored" not in counted(store)


def test_a_big_body_is_refused_by_its_declared_length_before_it_is_read(http: Http, store: Store):
    def endless() -> Iterator[bytes]:
        yield b"x" * (80 * 1024)

    url = receipts.path(receipts.token(store))
    answer = http.post(url, data=endless(), headers={"Content-Type": "application/json"})
    assert (answer.status_code, answer.text) == (400, "body too large")


def test_a_replay_changes_nothing(http: Http, store: Store):
    assert post(http, store, RECEIPT).status_code == 200
    before = rows(store)
    assert post(http, store, RECEIPT).status_code == 200
    assert rows(store) == before
    assert counted(store) == {"stored": 2}


def test_an_older_receipt_never_overwrites_a_newer_status(http: Http, store: Store):
    assert post(http, store, RECEIPT).status_code == 200  # delivered at T
    older = {**RECEIPT, "status": 5, "reason": "ABSENT_SUBSCRIBER", "timestamp": 1629801176192}
    assert post(http, store, older).status_code == 200  # answered 200: the platform stops
    (row,) = rows(store)
    assert (row.status, row.reason, row.receipt_ms) == (0, "0", 1629801177192)
    newer = {**RECEIPT, "status": 5, "reason": "EXPIRED", "timestamp": 1629801178192}
    assert post(http, store, newer).status_code == 200
    (row,) = rows(store)
    assert (row.status, row.receipt_status, row.reason) == (1, 5, "EXPIRED")


def test_a_rotated_token_ends_the_old_address_and_is_audited(http: Http, store: Store):
    old = receipts.token(store)
    assert len(old) >= 40 and receipts.token(store) == old
    new = receipts.rotate(store, "alice")
    assert new != old
    assert post(http, store, RECEIPT, token=old).status_code == 404
    assert post(http, store, RECEIPT, token=new).status_code == 200
    (entry,) = [e for e in audit.entries(store) if e.action == audit.SETTINGS_CHANGE]
    assert entry.user == "alice" and old not in entry.detail and new not in entry.detail
    assert receipts.address(store, "https://console.example.com/").endswith(
        f"/hooks/dlr/{new}"
    ) and receipts.address(store, "https://console.example.com/").startswith(
        "https://console.example.com/hooks/dlr/"
    )


def test_charges_keep_the_priced_receipts_queryable(http: Http, store: Store):
    assert post(http, store, RECEIPT).status_code == 200
    unpriced = {k: v for k, v in RECEIPT.items() if k != "pricedetail"}
    assert post(http, store, {**unpriced, "msgid": "2108021059531000097"}).status_code == 200
    (charge,) = receipts.charges(store)
    assert (charge.msg_id, charge.pay, charge.price, charge.currency, charge.charge_cnt) == (
        "2108021059531000096", Decimal("0.02"), Decimal("0.01"), "EUR", 2,
    )  # fmt: skip
    assert (charge.mcc, charge.mnc, charge.delivered, charge.campaign_id) == (
        "404", "-1", True, None,
    )  # fmt: skip


def test_a_priced_receipt_teaches_the_price_of_its_country(http: Http, store: Store):
    from itnio_core import money

    older = {**RECEIPT, "msgid": "2108021059531000097", "timestamp": RECEIPT["timestamp"] - 1000,
             "pricedetail": {"pay": "0.09", "currency": "EUR", "chargeCnt": 3}}  # fmt: skip
    assert post(http, store, RECEIPT).status_code == 200
    assert post(http, store, older).status_code == 200  # an older charge changes nothing
    unpriced = {**RECEIPT, "msgid": "2108021059531000098", "mobile": "447911000001",
                "timestamp": RECEIPT["timestamp"] + 1000, "pricedetail": {}}  # fmt: skip
    assert post(http, store, unpriced).status_code == 200
    learned = money.learned.learned(store)
    assert set(learned) == {91}
    assert (learned[91].price, learned[91].currency) == (Decimal("0.01"), "EUR")
    assert learned[91].source == money.learned.RECEIPT
