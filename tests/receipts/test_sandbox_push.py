"""The sandbox pushes a receipt per message, in the documented shape, to the receiver over
real HTTP: in-process on both dialects, and to the real ``server.py`` process."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from itnio_core import receipts
from itnio_core.api import BatchItem, ItnioClient
from itnio_core.sandbox import RunningSandbox, SandboxConfig, start_sandbox
from itnio_core.store import Store, delivery_status
from tests.processes import launcher, live_env, upgrade, wait_healthy
from tests.receipts.serving import serving_routes

NUMBERS = ("919876543210", "919876543211", "919876543219", "447911123459")


@pytest.fixture
def pushing() -> Iterator[RunningSandbox]:
    """A held sandbox that pushes every receipt twice now and then, and older ones late."""
    config = SandboxConfig(delivery_delay=None, duplicate_share=0.5, out_of_order_share=0.5)
    with start_sandbox(config) as sandbox:
        yield sandbox
        sandbox.simulator.receipts.stop()


def send(sandbox: RunningSandbox, numbers: tuple[str, ...], orders: tuple[str, ...]) -> list[Any]:
    client = ItnioClient(sandbox.client_settings())
    try:
        item = BatchItem(numbers=numbers, content="Hello", order_ids=orders)
        return client.send_batch([item]).messages
    finally:
        client.close()


def statuses(store: Store) -> dict[str, tuple[Any, ...]]:
    d = delivery_status
    query = sa.select(d.c.msg_id, d.c.number, d.c.status, d.c.reason, d.c.order_id, d.c.pay)
    with store.engine.connect() as conn:
        return {row[0]: tuple(row[1:]) for row in conn.execute(query)}


def expected(sent: list[Any], orders: tuple[str, ...]) -> dict[str, tuple[Any, ...]]:
    out = {}
    for message, order in zip(sent, orders, strict=True):
        fails = message.number.endswith("9")
        reason = "UNDELIV" if fails else "0"
        out[message.msg_id] = (message.number, int(fails), reason, order, Decimal("0.005"))
    return out


def test_released_messages_are_pushed_and_stored_once_each_duplicates_and_late_ones_harmless(
    store: Store, pushing: RunningSandbox
):
    receipts.serve(store, {pushing.config.sms_app_id})
    try:
        with serving_routes() as base:
            pushing.simulator.push_receipts_to(lambda: receipts.address(store, base))
            orders = tuple(f"c1-r{i}" for i in range(len(NUMBERS)))
            sent = send(pushing, NUMBERS, orders)
            assert statuses(store) == {}  # held: nothing final, nothing pushed
            pushing.simulator.deliver_now()
            assert pushing.simulator.receipts.wait_idle(120)
    finally:
        receipts.stop()
    counts = pushing.simulator.receipts.counts
    assert counts["duplicate"] > 0 and counts["older"] > 0 and counts["refused"] == 0
    assert counts["pushed"] == len(NUMBERS) + counts["duplicate"] + counts["older"]
    stored = {k: (n, s, r, o, Decimal(p)) for k, (n, s, r, o, p) in statuses(store).items()}
    assert stored == expected(sent, orders)


def test_the_server_process_stores_what_the_sandbox_pushes(
    tmp_path: Path, own_folder_and_database: str, pushing: RunningSandbox
):
    env = live_env(tmp_path, own_folder_and_database, pushing.url, ITNIO_WORKER_IN_WEB="false")
    upgrade(tmp_path, env)
    store = Store(own_folder_and_database)
    try:
        with launcher(tmp_path, env) as launch:
            web = launch.server()
            wait_healthy(web)
            pushing.simulator.push_receipts_to(receipts.address(store, web.url))
            orders = ("", "", "", "")
            sent = send(pushing, NUMBERS, orders)
            pushing.simulator.deliver_now()
            assert pushing.simulator.receipts.wait_idle(120)
            assert pushing.simulator.receipts.counts["refused"] == 0
        stored = {k: (n, s, r, o, Decimal(p)) for k, (n, s, r, o, p) in statuses(store).items()}
        assert stored == expected(sent, (None,) * len(NUMBERS))
    finally:
        store.close()
