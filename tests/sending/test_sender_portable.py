"""The sender's tests again on the portable path (SQLAlchemy statements, as on databases
other than SQLite), and both paths writing the same rows."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from itnio_core.campaigns import store as cs
from itnio_core.sending import queue as send_queue
from itnio_core.sending.sender import Sender
from itnio_core.store.schema import send_requests
from tests.sending.test_sender import *  # noqa: F403  (every sender test, collected here too)
from tests.sending.test_sender import client_factory, draft


@pytest.fixture(autouse=True)
def portable_path(monkeypatch):
    monkeypatch.setattr(send_queue, "FAST_SQLITE_SEND", False)


COLUMNS = ("seq", "state", "numbers", "success", "fail", "status_code", "materialised")


def sent_rows(store, sandbox, fast: bool) -> list[tuple]:
    send_queue.FAST_SQLITE_SEND = fast  # restored by the autouse fixture
    cid = draft(store, 2500, content="Same")
    cs.confirm(store, cid, user="ana")
    Sender(store, client_factory(sandbox)).run_until_idle(materialise=False)
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(*(send_requests.c[c] for c in COLUMNS)).order_by(send_requests.c.seq)
        ).all()
        times = conn.exec_driver_sql("SELECT started_at, finished_at FROM send_requests").all()
        typed = conn.execute(sa.select(send_requests.c.started_at, send_requests.c.finished_at))
        assert all(t is not None and t.year > 2000 for row in typed for t in row)
    assert {len(t) for row in times for t in row} == {26}  # 2026-01-02 03:04:05.678901
    return [tuple(r) for r in rows]


@pytest.mark.dialects("sqlite")  # the driver-cursor path is SQLite's own
def test_both_paths_write_the_same_request_rows(new_database, sandbox):
    from itnio_core.store.engine import Store

    fast = sent_rows(Store(new_database()), sandbox, True)
    portable = sent_rows(Store(new_database()), sandbox, False)
    assert fast == portable
    assert [r[1] for r in fast] == ["done"] * 3 and sum(r[3] for r in fast) == 2500
