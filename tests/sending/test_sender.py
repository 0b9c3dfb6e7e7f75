"""Durable sending: every recipient at most once, through reruns, double clicks,
crashes and restarts, against the sandbox over real HTTP."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
import sqlalchemy as sa

from itnio_core.api.client import ItnioClient
from itnio_core.campaigns import store as cs
from itnio_core.campaigns.plan import plan_campaign
from itnio_core.common.times import utc_now
from itnio_core.sandbox import SandboxConfig, start_sandbox
from itnio_core.sending.sender import Sender
from itnio_core.store.schema import send_requests
from tests.waiting import WAIT_MAX_S, wait_until


def sheet(n: int, *, names: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A sheet of n numbers (Excel rows 2..n+1) and its all-ok verdicts."""
    numbers = [str(447700900000 + i) for i in range(n)]
    frame = pd.DataFrame({"Phone": numbers, "Name": [f"N{i % 2}" for i in range(n)]})
    verdicts = pd.DataFrame(
        {
            "excel_row": range(2, n + 2),
            "raw": numbers,
            "number": numbers,
            "verdict": "ok",
            "reason": "",
        }
    )
    return frame, verdicts


@pytest.fixture
def sandbox():
    with start_sandbox(SandboxConfig(delivery_delay=0.2)) as sb:
        yield sb


def client_factory(sandbox, **changes):
    settings = sandbox.client_settings(**{"read_timeout": 60.0, **changes})
    return lambda user: ItnioClient(settings, user=user, sleep=lambda _s: None)


def draft(store, n=10, content="Hello {Name}", **kw) -> int:
    frame, verdicts = sheet(n)
    plan = plan_campaign(frame, verdicts, content)
    return cs.create_draft(
        store,
        plan,
        name="t",
        content=content,
        sender_id="",
        user="ana",
        verdict_counts={"ok": n},
        **kw,
    )


def test_a_campaign_is_sent_once_with_every_msgid_stored(store, sandbox):
    cid = draft(store, 2500)
    c = cs.get(store, cid)
    assert c.status == cs.DRAFT and c.recipients == 2500
    assert c.requests == 3  # two contents packed into requests of at most 1000
    assert cs.confirm(store, cid, user="ana")
    assert not cs.confirm(store, cid, user="ana")  # a double click changes nothing
    Sender(store, client_factory(sandbox)).run_until_idle()
    assert set(sandbox.simulator.seen_counts().values()) == {1}
    assert len(sandbox.simulator.seen_counts()) == 2500
    p = cs.progress(store, cid)
    assert (p.total, p.submitted, p.accepted, p.unknown, p.pending) == (2500, 2500, 2500, 0, 0)
    rows = cs.recipient_rows(store, cid)
    assert all(r["submit_status"] == "sent" and len(r["msg_id"]) == 19 for r in rows)
    assert len({r["msg_id"] for r in rows}) == 2500
    assert cs.get(store, cid).status == cs.FINISHED


def test_draft_is_not_sent_until_confirmed(store, sandbox):
    draft(store, 5)
    Sender(store, client_factory(sandbox)).run_until_idle(timeout=WAIT_MAX_S)
    assert sandbox.simulator.seen_counts() == {}


def test_draft_key_reuses_the_stored_draft(store):
    first = draft(store, 5, key="same-inputs")
    assert draft(store, 5, key="same-inputs") == first
    assert draft(store, 5, key="other") != first


def test_confirm_races_from_many_threads_one_wins(store):
    cid = draft(store, 5)
    results: list[bool] = []
    threads = [
        threading.Thread(target=lambda: results.append(cs.confirm(store, cid, user="x")))
        for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(True) == 1


def test_two_senders_never_send_the_same_request(store, sandbox):
    cid = draft(store, 3000, content="Same text")
    cs.confirm(store, cid, user="ana")
    a = Sender(store, client_factory(sandbox), max_in_flight=2)
    b = Sender(store, client_factory(sandbox), max_in_flight=2)
    ta = threading.Thread(target=a.run_until_idle)
    tb = threading.Thread(target=b.run_until_idle)
    ta.start(), tb.start()
    ta.join(), tb.join()
    counts = sandbox.simulator.seen_counts()
    assert len(counts) == 3000 and set(counts.values()) == {1}


def test_crash_between_request_and_result_marks_unknown_and_never_resends(
    store, sandbox, monkeypatch
):
    cid = draft(store, 2500, content="Same text")
    cs.confirm(store, cid, user="ana")
    crashed = Sender(store, client_factory(sandbox), max_in_flight=1)

    def die(*_a, **_k):
        raise SystemExit("process killed after the request was made")

    monkeypatch.setattr(crashed, "record_result", die)
    crashed.step()
    with pytest.raises(SystemExit):
        next(iter(crashed._in_flight)).result()
    assert len(sandbox.simulator.seen_counts()) == 1000  # the request did reach the platform

    restarted = Sender(store, client_factory(sandbox), lease_seconds=0)
    restarted.run_until_idle()
    counts = sandbox.simulator.seen_counts()
    assert len(counts) == 2500 and set(counts.values()) == {1}
    p = cs.progress(store, cid)
    assert (p.unknown, p.submitted) == (1000, 1500)
    statuses = pd.Series([r["submit_status"] for r in cs.recipient_rows(store, cid)])
    assert statuses.value_counts().to_dict() == {"sent": 1500, "unknown": 1000}
    assert cs.get(store, cid).status == cs.FINISHED


def test_restart_mid_campaign_resumes_only_requests_not_made(store, sandbox):
    cid = draft(store, 3500, content="Same text")
    cs.confirm(store, cid, user="ana")
    first = Sender(store, client_factory(sandbox), max_in_flight=1)
    first.step()
    next(iter(first._in_flight)).result()
    first.stop()  # the server goes away after one request
    assert len(sandbox.simulator.seen_counts()) == 1000
    Sender(store, client_factory(sandbox)).run_until_idle()
    counts = sandbox.simulator.seen_counts()
    assert len(counts) == 3500 and set(counts.values()) == {1}


def test_running_out_of_balance_pauses_for_a_top_up_and_keeps_what_was_sent(store):
    config = SandboxConfig(starting_balance=Decimal("5.00"), price_per_segment=Decimal("0.005"))
    with start_sandbox(config) as sb:
        cid = draft(store, 1500, content="Same text")  # 1000 affordable, then -10
        cs.confirm(store, cid, user="ana")
        Sender(store, client_factory(sb), max_in_flight=1).run_until_idle()
        c = cs.get(store, cid)
        assert c.status == cs.PAUSED and c.stop_code == -10  # waiting for a top-up
        assert "balance" in c.stop_message_en and c.stop_message_zh
        p = cs.progress(store, cid)
        assert (p.submitted, p.pending) == (1000, 500)
        assert len(sb.simulator.seen_counts()) == 1000
        assert cs.resume(store, cid)  # after topping up, the rest can go
        assert cs.get(store, cid).status == cs.QUEUED


def test_sensitive_words_stop_before_anything_is_sent(store, sandbox):
    cid = draft(store, 3, content="casino {Name}")
    cs.confirm(store, cid, user="ana")
    Sender(store, client_factory(sandbox)).run_until_idle()
    c = cs.get(store, cid)
    assert c.status == cs.STOPPED and c.stop_code == -3
    assert sandbox.simulator.seen_counts() == {}


def test_unknown_outcome_is_not_resent_and_stops_for_a_look(store, sandbox):
    from tests.api.test_transport import Misbehaving

    srv = Misbehaving("hang")
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        cid = draft(store, 5, content="Same")
        cs.confirm(store, cid, user="ana")
        sender = Sender(store, client_factory(sandbox, base_url=srv.url, read_timeout=0.3))
        sender.run_until_idle(timeout=WAIT_MAX_S)
        wait_until(lambda: srv.hits >= 1, "the platform counted the request")  # its own thread
        assert srv.hits == 1
        c = cs.get(store, cid)
        assert c.status == cs.STOPPED and "not be sent again" in c.stop_message_en
        assert cs.progress(store, cid).unknown == 5
        assert cs.resume(store, cid)
        sender.run_until_idle(timeout=WAIT_MAX_S)
        assert srv.hits == 1  # resuming never repeats an unknown request
    finally:
        srv.release.set()
        srv.shutdown()
        srv.server_close()


def test_pause_and_cancel(store, sandbox):
    cid = draft(store, 2500, content="Same")
    cs.confirm(store, cid, user="ana")
    assert cs.pause(store, cid)
    sender = Sender(store, client_factory(sandbox))
    assert sender.step() == 0
    assert cs.cancel(store, cid)
    assert not cs.resume(store, cid)
    sender.run_until_idle(timeout=WAIT_MAX_S)
    assert sandbox.simulator.seen_counts() == {}
    p = cs.progress(store, cid)
    assert p.cancelled == 2500 and p.fraction == 1.0
    assert {r["submit_status"] for r in cs.recipient_rows(store, cid)} == {"cancelled"}


def test_scheduled_campaign_waits_for_its_time(store, sandbox):
    cid = draft(store, 3)
    assert cs.confirm(store, cid, user="ana", scheduled_at=utc_now() + timedelta(hours=1))
    sender = Sender(store, client_factory(sandbox))
    sender.run_until_idle(timeout=WAIT_MAX_S)
    assert cs.get(store, cid).status == cs.SCHEDULED
    with store.engine.begin() as conn:
        conn.execute(
            sa.text("update campaigns set scheduled_at = :t"),
            {"t": utc_now() - timedelta(seconds=1)},
        )
    sender.run_until_idle()
    assert len(sandbox.simulator.seen_counts()) == 3
    assert cs.get(store, cid).status == cs.FINISHED


def test_a_schedule_in_another_zone_is_stored_as_its_utc_moment(store):
    # SQLite keeps no zone: a time stored with its +05:30 would come back as UTC, 5.5 h late.
    cid = draft(store, 3)
    year = utc_now().year + 1
    kolkata = datetime(year, 12, 24, 9, 0, tzinfo=ZoneInfo("Asia/Kolkata"))
    assert cs.confirm(store, cid, user="ana", scheduled_at=kolkata)
    campaign = cs.get(store, cid)
    assert campaign.status == cs.SCHEDULED
    assert campaign.scheduled_at == datetime(year, 12, 24, 3, 30, tzinfo=UTC) == kolkata


def test_request_states_are_recorded_before_and_after(store, sandbox, monkeypatch):
    cid = draft(store, 3)
    cs.confirm(store, cid, user="ana")
    seen: list[str] = []
    real = ItnioClient.send_request_answer

    def spy(self, items, **kw):
        with store.engine.connect() as conn:
            seen.extend(conn.execute(sa.select(send_requests.c.state)).scalars())
        return real(self, items, **kw)

    monkeypatch.setattr(ItnioClient, "send_request_answer", spy)
    Sender(store, client_factory(sandbox)).run_until_idle()
    assert seen == ["in_flight"]
    with store.engine.connect() as conn:
        assert list(conn.execute(sa.select(send_requests.c.state)).scalars()) == ["done"]


def test_every_msgid_is_durable_with_the_answer_and_copied_to_rows_on_demand(store, sandbox):
    from itnio_core.campaigns import request_log
    from itnio_core.store.schema import recipients

    cid = draft(store, 2500, content="Same")
    cs.confirm(store, cid, user="ana")
    Sender(store, client_factory(sandbox)).run_until_idle(materialise=False)
    with store.engine.connect() as conn:
        answers = conn.execute(sa.select(send_requests.c.answer)).scalars().all()
        on_rows = conn.execute(
            sa.select(sa.func.count()).where(recipients.c.msg_id.is_not(None))
        ).scalar()
    assert sum(len(json.loads(a)["array"]) for a in answers) == 2500  # the answers as sent
    assert on_rows == 0  # not copied yet, but already durable in the answers
    rows = cs.recipient_rows(store, cid, limit=5)  # reading copies them first
    assert all(r["submit_status"] == "sent" and r["msg_id"] for r in rows)
    assert request_log.materialise(store, cid) == 0  # nothing left: idempotent
    assert cs.progress(store, cid).accepted == 2500


def test_each_request_is_recorded_in_the_call_log_with_its_msgids(store, sandbox):
    cid = draft(store, 2500, content="Same")
    cs.confirm(store, cid, user="ana")
    settings = sandbox.client_settings()
    Sender(store, lambda user: ItnioClient(settings, recorder=store, user=user)).run_until_idle()
    calls = store.recent_calls(endpoint="send")
    assert len(calls) == 3 and all(c.ok and c.user == "ana" for c in calls)
    assert sum(len(c.ids) for c in calls) == 2500
