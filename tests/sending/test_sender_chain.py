"""A sending thread claims its next request as it stores an answer: a pause or a stop
still ends the chain (two senders at once: tests/sending/test_sender.py, which now chains)."""

from __future__ import annotations

import threading

from itnio_core.api.client import ItnioClient
from itnio_core.campaigns import store as cs
from itnio_core.sending.sender import Sender
from tests.sending.test_sender import client_factory, draft
from tests.waiting import WAIT_MAX_S, wait_until


def test_a_pause_ends_the_chain_at_its_next_claim(store, sandbox, monkeypatch):
    cid = draft(store, 5000, content="Same text")  # five requests
    cs.confirm(store, cid, user="ana")
    real = ItnioClient.send_request_answer
    made = []

    def pause_during_the_second(self, items, **kw):
        made.append(len(items[0].numbers))
        if len(made) == 2:
            assert cs.pause(store, cid)
        return real(self, items, **kw)

    monkeypatch.setattr(ItnioClient, "send_request_answer", pause_during_the_second)
    Sender(store, client_factory(sandbox), max_in_flight=1).run_until_idle(timeout=WAIT_MAX_S)
    assert len(made) == 2 and len(sandbox.simulator.seen_counts()) == 2000
    p = cs.progress(store, cid)
    assert (p.accepted, p.pending) == (2000, 3000)
    assert cs.get(store, cid).status == cs.PAUSED


def test_stopping_the_sender_ends_the_chain_after_the_request_in_hand(
    store,
    sandbox,
    monkeypatch,
):
    cid = draft(store, 5000, content="Same text")
    cs.confirm(store, cid, user="ana")
    sender = Sender(store, client_factory(sandbox), max_in_flight=1)
    real = ItnioClient.send_request_answer
    made = []

    def stop_during_the_first(self, items, **kw):
        made.append(1)
        if len(made) == 1:
            threading.Thread(target=sender.stop).start()
            sender._stop.wait(WAIT_MAX_S)  # the stop lands while this request is in hand
        return real(self, items, **kw)

    monkeypatch.setattr(ItnioClient, "send_request_answer", stop_during_the_first)
    sender.start().wake()
    wait_until(sender._stop.is_set, "the first request stopped the sender")
    sender.stop()
    assert len(made) == 1 and len(sandbox.simulator.seen_counts()) == 1000
    assert cs.progress(store, cid).accepted == 1000  # its answer was stored all the same
