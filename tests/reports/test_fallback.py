"""getReport is the fallback: a report asks only when a message's receipt is late."""

from __future__ import annotations

import time

from itnio_core import receipts
from itnio_core.campaigns import materialise
from itnio_core.campaigns import store as cs
from itnio_core.reports import Target, fallback
from itnio_core.reports import lists as report_lists
from itnio_core.sandbox import SandboxConfig, start_sandbox
from itnio_core.sending import Sender
from tests.sending.test_sender import client_factory, draft

TEN_MINUTES = 600


def test_a_campaign_asks_only_for_messages_without_a_receipt_after_the_setting(store):
    with start_sandbox(SandboxConfig(delivery_delay=None)) as sandbox:
        cid = draft(store, 3, content="Same text")
        cs.confirm(store, cid, user="ana")
        Sender(store, client_factory(sandbox)).run_until_idle()
    materialise(store, cid)
    target, now = Target("campaign", cid), time.time()
    assert not fallback.overdue(store, target, TEN_MINUTES, now=now)  # just sent
    assert fallback.overdue(store, target, TEN_MINUTES, now=now + TEN_MINUTES + 5)
    rows = cs.recipient_rows(store, cid)
    pushed = [
        receipts.Receipt("sandSMS1", r["msg_id"], 0, 1764700000000, number=r["number"])
        for r in rows
    ]
    with store.engine.begin() as conn:
        receipts.store_receipts(conn, pushed)
    assert not fallback.overdue(store, target, TEN_MINUTES, now=now + TEN_MINUTES + 5)


def test_message_ids_someone_brought_are_asked_about_at_once(store):
    target = Target("list", report_lists.create_list(store, ["2612031234561000001"], name="x"))
    assert fallback.overdue(store, target, TEN_MINUTES)
    receipt = receipts.Receipt("sandSMS1", "2612031234561000001", 1, 1764700000000)
    with store.engine.begin() as conn:
        receipts.store_receipts(conn, [receipt])
    assert not fallback.overdue(store, target, TEN_MINUTES)
