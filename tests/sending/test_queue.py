"""The sender's per-request statements, on SQLite's driver and on the portable path."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from itnio_core.api.calls import CallRecord
from itnio_core.api.client import ItnioClient
from itnio_core.api.models import BatchItem
from itnio_core.campaigns import store as cs
from itnio_core.common.errors import RequestRejected
from itnio_core.sending import queue as send_queue
from itnio_core.store.schema import campaigns, send_requests
from tests.sending.test_sender import draft


def a_call() -> CallRecord:
    return CallRecord(
        "send",
        "POST",
        "/sms/sendSms/batch",
        {"numbers": 2, "messages": 1, "content_chars": [5], "first_number": "4477****0001"},
        user="ana",
        status=0,
        reason="success",
        ids=["2207201629421000001", "2207201629421000002"],
        duration_ms=12.5,
        http_status=200,
    )


def call_rows(store) -> list[tuple]:
    """Every api_calls row as the database holds it (times as stored text), without ids."""
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT * FROM api_calls ORDER BY id").all()
    return [tuple(r)[1:] for r in rows]


@pytest.mark.parametrize("fast", [True, False], ids=["driver", "portable"])
def test_a_call_stored_with_its_answer_is_the_row_record_call_writes(store, monkeypatch, fast):
    monkeypatch.setattr(send_queue, "FAST_SQLITE_SEND", fast)
    cid = draft(store, 5, content="Same")
    cs.confirm(store, cid, user="ana")
    with store.engine.begin() as conn:
        conn.execute(sa.update(campaigns).values(status=cs.SENDING))
        [request_id] = send_queue.claim(conn, "me", 1)
    call = a_call()
    store.record_call(call)
    nxt = send_queue.finish(store.engine, request_id, 5, "{}", call=call, claim_by="me")
    assert nxt is None  # nothing else pending
    first, second = call_rows(store)
    assert first == second
    with store.engine.connect() as conn:
        state, success = conn.execute(
            sa.select(send_requests.c.state, send_requests.c.success)
        ).one()
    assert (state, success) == ("done", 5)


def test_a_held_record_comes_back_with_the_answer_instead_of_going_to_the_recorder(sandbox, store):
    client = ItnioClient(sandbox.client_settings(), recorder=store, sleep=lambda _s: None)
    answer = client.send_request_answer([BatchItem(("447700900001",), "Hello")], hold_record=True)
    assert store.recent_calls() == []
    assert answer.record is not None and answer.record.status == 0
    assert answer.record.ids and answer.record.ids[0] in answer.text


def test_a_failed_call_is_recorded_even_when_holding(sandbox, store):
    client = ItnioClient(sandbox.client_settings(), recorder=store, sleep=lambda _s: None)
    with pytest.raises(RequestRejected):
        client.send_request_answer([BatchItem(("447700900001",), "casino")], hold_record=True)
    [call] = store.recent_calls()
    assert call.status == -3
