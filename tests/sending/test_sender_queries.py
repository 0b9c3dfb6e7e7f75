"""The sender's per-request queries read an index, never every request's row.

A request's row carries its whole body (tens of kilobytes), so a query that
reads each pending row costs milliseconds per claim on a big campaign.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from itnio_core.campaigns import store as cs
from itnio_core.common.times import utc_now
from itnio_core.sending.queue import CANDIDATES as _CANDIDATES
from itnio_core.sending.sender import _STALE, Sender
from itnio_core.store.schema import send_requests
from tests.sending.test_sender import client_factory, draft


def plan_of(store, statement, params) -> str:
    compiled = statement.compile(dialect=store.engine.dialect)
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            f"EXPLAIN QUERY PLAN {compiled}", tuple(compiled.construct_params(params).values())
        ).all()
    return "\n".join(str(r[-1]) for r in rows)


@pytest.mark.parametrize(
    ("statement", "params"),
    [(_CANDIDATES, {"b_room": 4}), (_STALE, {"b_cutoff": utc_now(), "b_by": "me"})],
    ids=["claim candidates", "stale requests"],
)
@pytest.mark.dialects("sqlite")  # read from SQLite's EXPLAIN QUERY PLAN
def test_hot_queries_use_the_request_index_not_a_scan(store, statement, params):
    plan = plan_of(store, statement, params)
    assert "ix_send_requests_campaign_state" in plan
    assert "SCAN send_requests" not in plan


@pytest.mark.dialects("sqlite")  # read from SQLite's EXPLAIN QUERY PLAN
def test_claim_candidates_come_from_the_index_alone(store):
    assert "COVERING INDEX ix_send_requests_campaign_state" in plan_of(
        store, _CANDIDATES, {"b_room": 4}
    )


def test_requests_are_made_in_sequence_order(store, sandbox):
    cid = draft(store, 3500, content="Same text")
    cs.confirm(store, cid, user="ana")
    Sender(store, client_factory(sandbox), max_in_flight=1).run_until_idle()
    with store.engine.connect() as conn:
        seqs = conn.execute(
            sa.select(send_requests.c.seq).order_by(send_requests.c.started_at)
        ).scalars()
        assert list(seqs) == [0, 1, 2, 3]
