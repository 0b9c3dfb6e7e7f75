"""A request whose answer was lost leaves its recipients unknown, without msgIds. The
receipts the platform pushes carry our orderIds back and settle them: sent, never again."""

from __future__ import annotations

import pytest

from itnio_core import receipts
from itnio_core.campaigns import store as cs
from itnio_core.reports import Target
from itnio_core.reports import query as report_query
from itnio_core.sandbox import SandboxConfig, start_sandbox
from itnio_core.sending import Sender
from tests.receipts.serving import serving_routes
from tests.sending.test_sender import client_factory, draft


def test_unknown_recipients_are_settled_by_the_orderids_their_receipts_carry(store, monkeypatch):
    config = SandboxConfig(delivery_delay=None, duplicate_share=0.3, out_of_order_share=0.3)
    with start_sandbox(config) as sandbox, serving_routes() as base:
        receipts.serve(store, {config.sms_app_id})
        sandbox.simulator.push_receipts_to(lambda: receipts.address(store, base))
        cid = draft(store, 10, content="Same text")
        cs.confirm(store, cid, user="ana")
        crashed = Sender(store, client_factory(sandbox), max_in_flight=1)

        def die(*_a: object, **_k: object) -> None:
            raise SystemExit("process killed after the request was made")

        monkeypatch.setattr(crashed, "record_result", die)
        crashed.step()
        with pytest.raises(SystemExit):
            next(iter(crashed._in_flight)).result()
        Sender(store, client_factory(sandbox), lease_seconds=0).run_until_idle()
        assert cs.progress(store, cid).unknown == 10
        before = receipts.settle_unknown(store, cid)
        assert (before.settled_now, before.settled, before.remaining) == (0, 0, 10)

        sandbox.simulator.deliver_now()  # the platform sent them: receipts come back
        assert sandbox.simulator.receipts.wait_idle(120)
        receipts.stop()
        sandbox.simulator.receipts.stop()

    settled = receipts.settle_unknown(store, cid)
    assert (settled.settled_now, settled.settled, settled.remaining) == (10, 10, 0)
    rows = cs.recipient_rows(store, cid)
    assert {r["submit_status"] for r in rows} == {"sent"} and all(r["msg_id"] for r in rows)
    assert len(sandbox.simulator.seen_counts()) == 10  # sent once, never again
    counts = report_query.counts(store, Target("campaign", cid))
    assert (counts["delivered"], counts["failed"], counts["total"]) == (9, 1, 10)
    again = receipts.settle_unknown(store, cid)
    assert (again.settled_now, again.settled, again.remaining) == (0, 10, 0)
