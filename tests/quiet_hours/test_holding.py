"""Quiet hours in the sender: recipients in a closed window are held when the campaign starts
and released when the (injected) clock reaches their window; pause and cancel still work on
them. The clock is a ``FakeClock`` moved by hand: nothing waits for a real hour."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from itnio_core.api.client import ItnioClient
from itnio_core.campaigns import store as cs
from itnio_core.campaigns.plan import plan_campaign
from itnio_core.quiet_hours import rules, window
from itnio_core.sandbox import SandboxConfig, start_sandbox
from itnio_core.sending.sender import Sender
from tests.conftest import FakeClock

INDIAN = [f"9198765432{i:02d}" for i in range(3)]
BRITISH = [f"4479111234{i:02d}" for i in range(2)]
IST = ZoneInfo("Asia/Kolkata")


def at_ist(day: int, hour: int, minute: int = 0) -> float:
    return datetime(2026, 12, day, hour, minute, tzinfo=IST).timestamp()


@pytest.fixture
def sandbox():
    with start_sandbox(SandboxConfig(delivery_delay=None)) as sb:
        yield sb


def campaign(store, *, test: bool = False) -> int:
    numbers = INDIAN + BRITISH
    frame = pd.DataFrame({"Phone": numbers})
    verdicts = pd.DataFrame(
        {"excel_row": range(2, 2 + len(numbers)), "raw": numbers, "number": numbers,
         "verdict": "ok", "reason": ""}
    )  # fmt: skip
    plan = plan_campaign(frame, verdicts, "Sale today", quiet=rules.load(store))
    cid = cs.create_draft(store, plan, name="q", content="Sale today", sender_id="", user="ana",
                          verdict_counts={"ok": len(numbers)}, is_test=test)  # fmt: skip
    assert cs.confirm(store, cid, user="ana")
    return cid


def sender(store, sandbox, clock: FakeClock) -> Sender:
    settings = sandbox.client_settings(read_timeout=60.0)
    return Sender(store, lambda user: ItnioClient(settings, user=user), clock=clock)


@pytest.fixture
def india_quiet(store):
    rules.save(store, window("+91", "09:00-21:00", "Asia/Kolkata"), user="admin")


def seen(sandbox) -> set[str]:
    return set(sandbox.simulator.seen_counts())


def test_held_at_2330_india_time_and_released_at_nine(store, sandbox, india_quiet):
    clock = FakeClock(at_ist(3, 23, 30))
    cid = campaign(store)
    s = sender(store, sandbox, clock)
    s.run_until_idle()
    assert seen(sandbox) == set(BRITISH)  # the UK goes at once
    p = cs.progress(store, cid)
    assert (p.held, p.accepted) == (3, 2)
    assert cs.get(store, cid).status == cs.SENDING  # not finished: three wait
    clock.now = at_ist(4, 8, 59)
    s.run_until_idle()
    assert seen(sandbox) == set(BRITISH)
    clock.now = at_ist(4, 9, 0)
    s.run_until_idle()
    assert seen(sandbox) == set(BRITISH + INDIAN)
    assert set(sandbox.simulator.seen_counts().values()) == {1}  # each once
    p = cs.progress(store, cid)
    assert (p.held, p.accepted) == (0, 5)
    assert cs.get(store, cid).status == cs.FINISHED


def test_in_the_window_nothing_is_held(store, sandbox, india_quiet):
    cid = campaign(store)
    sender(store, sandbox, FakeClock(at_ist(3, 10))).run_until_idle()
    assert seen(sandbox) == set(BRITISH + INDIAN)
    assert cs.get(store, cid).status == cs.FINISHED


def test_a_test_to_oneself_is_never_held(store, sandbox, india_quiet):
    campaign(store, test=True)
    sender(store, sandbox, FakeClock(at_ist(3, 23, 30))).run_until_idle()
    assert seen(sandbox) == set(BRITISH + INDIAN)


def test_pause_keeps_held_recipients_unsent_and_resume_holds_them_again(
    store, sandbox, india_quiet
):
    clock = FakeClock(at_ist(3, 23, 30))
    cid = campaign(store)
    s = sender(store, sandbox, clock)
    s.run_until_idle()
    assert cs.pause(store, cid)
    clock.now = at_ist(4, 9, 30)
    s.run_until_idle()  # released, but the campaign is paused
    assert seen(sandbox) == set(BRITISH)
    clock.now = at_ist(4, 22, 0)  # resumed after the window closed again
    assert cs.resume(store, cid)
    s.run_until_idle()
    assert seen(sandbox) == set(BRITISH)
    assert cs.progress(store, cid).held == 3
    clock.now = at_ist(5, 9, 0)
    s.run_until_idle()
    assert seen(sandbox) == set(BRITISH + INDIAN)


def test_cancel_cancels_held_recipients(store, sandbox, india_quiet):
    clock = FakeClock(at_ist(3, 23, 30))
    cid = campaign(store)
    s = sender(store, sandbox, clock)
    s.run_until_idle()
    assert cs.cancel(store, cid)
    p = cs.progress(store, cid)
    assert (p.held, p.cancelled) == (0, 3)
    clock.now = at_ist(4, 9, 0)
    s.run_until_idle()
    assert seen(sandbox) == set(BRITISH)
    assert cs.get(store, cid).status == cs.CANCELLED


def test_without_quiet_hours_nothing_is_held(store, sandbox):
    cid = campaign(store)
    sender(store, sandbox, FakeClock(at_ist(3, 23, 30))).run_until_idle()
    assert cs.get(store, cid).status == cs.FINISHED


def test_where_recipients_stand_says_who_is_held(store, sandbox, india_quiet):
    from itnio_core.campaigns import standing

    cid = campaign(store)
    sender(store, sandbox, FakeClock(at_ist(3, 23, 30))).run_until_idle()
    lines = standing.count(store, cid).lines("en")
    assert "3 held by quiet hours, sent when their window opens." in lines
    assert "2 accepted by the platform." in lines
