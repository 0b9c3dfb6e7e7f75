"""``campaign list|show|pause|resume|cancel`` and ``send FILE --schedule`` from the command line.

A scheduled campaign is left to the worker, so these tests see it wait; ``resume --wait``
sends in the test's own process, as ``send FILE`` does.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from itnio_core.access import audit
from itnio_core.campaigns import store as cs
from itnio_core.cli.main import main
from itnio_core.common import utc_now
from itnio_core.console.wiring import shared_sandbox
from itnio_core.store import send_requests
from itnio_core.store.engine import Store
from tests.cli.test_safeguards import NUMBERS, USERS, nothing_sent, write_list

NEXT_YEAR = utc_now().year + 1
AS_ALICE = ("--as", "alice")


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


@pytest.fixture
def store(tmp_path, sandbox_env) -> Iterator[Store]:
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(USERS)
    write_list(tmp_path / "list.xlsx")
    s = Store(sandbox_env)
    yield s
    s.close()


def schedule(*extra: str) -> tuple[int, str]:
    return run("send", "list.xlsx", "--content", "Hi {Name}", *AS_ALICE, "--schedule", *extra)


def scheduled_campaign() -> int:
    with nothing_sent():
        code, text = schedule(f"{NEXT_YEAR}-12-24 09:00", "--timezone", "Asia/Kolkata", "--json")
    assert code == 0, text
    return int(json.loads(text)["campaign_id"])


# ------------------------------------------------------------------ --schedule
def test_schedule_stores_the_utc_moment_and_leaves_it_to_the_worker(store):
    with nothing_sent():
        code, text = schedule(f"{NEXT_YEAR}-12-24 09:00", "--timezone", "Asia/Kolkata")
    assert code == 0, text
    [campaign] = cs.list_campaigns(store)
    assert campaign.status == cs.SCHEDULED and campaign.confirmed_by == "alice"
    assert campaign.scheduled_at == datetime(NEXT_YEAR, 12, 24, 3, 30, tzinfo=UTC)
    assert f"is scheduled for {NEXT_YEAR}-12-24 09:00 (Asia/Kolkata), " in text
    assert f"{NEXT_YEAR}-12-24 03:30 UTC." in text
    assert "scripts/start (the app) or scripts/itnio worker must be running" in text
    assert "No worker is running now" in text
    [confirm] = audit.entries(store, actions=[audit.CAMPAIGN_CONFIRM])
    assert confirm.user == "alice" and "scheduled for" in confirm.what


@pytest.fixture
def computer_in_kolkata(monkeypatch) -> Iterator[None]:
    """This computer's own zone is Asia/Kolkata (UTC+05:30, no daylight saving)."""
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_without_timezone_the_time_is_the_computers(store, computer_in_kolkata):
    code, text = schedule(f"{NEXT_YEAR}-06-01 12:00", "--json")
    assert code == 0, text
    answer = json.loads(text)
    assert answer["status"] == cs.SCHEDULED
    assert datetime.fromisoformat(answer["scheduled_at"]) == datetime(
        NEXT_YEAR, 6, 1, 6, 30, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (("2020-01-01 09:00",), "--schedule: 2020-01-01 09:00 (UTC) has passed"),
        (("2020-01-01 09:00", "--timezone", "Asia/Kolkata"), "(Asia/Kolkata) has passed"),
        ((f"{NEXT_YEAR}-12-24 09:00", "--timezone", "Mars/Olympus"), "is not a time zone"),
        (("24/12/2030 09:00",), "day and month could be either way round"),
        (("soon",), "is not a time that can be read"),
    ],
)
def test_a_past_time_or_a_bad_zone_is_refused_and_nothing_is_stored(store, capsys, extra, words):
    with nothing_sent():
        code, _ = schedule(*extra)
    assert code == 1
    err = capsys.readouterr().err
    assert "Error: " in err and words in err, err
    assert cs.list_campaigns(store, include_drafts=True) == []


def test_timezone_without_schedule_and_schedule_with_dry_run_are_usage_errors(store):
    for extra in (["--timezone", "Asia/Kolkata"], ["--schedule", "2099-01-01 09:00", "--dry-run"]):
        with pytest.raises(SystemExit) as info:
            main(["send", "list.xlsx", "--content", "Hi", *AS_ALICE, *extra])
        assert info.value.code == 2


# ------------------------------------------------------------------ list and show
def test_list_is_a_table_and_json_gives_the_data(store):
    campaign_id = scheduled_campaign()
    code, text = run("campaign", "list")
    assert code == 0
    head, row = text.splitlines()[:2]
    assert head.split()[:5] == ["#", "Status", "Recipients", "Accepted", "By"]
    assert row.split()[:5] == [str(campaign_id), "scheduled", "3", "0", "alice"]
    assert row.endswith("list") and f"goes {NEXT_YEAR}-12-24" in row
    code, text = run("campaign", "list", "--json")
    [data] = json.loads(text)
    assert data["campaign_id"] == campaign_id and data["status"] == cs.SCHEDULED
    assert (data["recipients"], data["not_sent"], data["confirmed_by"]) == (3, 3, "alice")
    assert data["scheduled_at"] == f"{NEXT_YEAR}-12-24T03:30:00+00:00"


def test_show_says_status_counts_schedule_and_where_everyone_stands(store):
    campaign_id = scheduled_campaign()
    code, text = run("campaign", "show", str(campaign_id), "--timezone", "Asia/Kolkata")
    assert code == 0
    assert text.startswith(f"Campaign #{campaign_id} 'list': scheduled\n")
    assert "3 rows (ok 3)" in text and "3 recipients, 3 segments, 1 request;" in text
    assert f"Scheduled for {NEXT_YEAR}-12-24 09:00 (Asia/Kolkata)." in text
    assert "by alice" in text
    assert "Where every recipient stands:\n  3 not sent yet.\n" in text
    code, text = run("campaign", "show", str(campaign_id), "--json")
    answer = json.loads(text)
    assert answer["standing"] == ["3 not sent yet."] and answer["verdicts"]["ok"] == 3


def test_show_of_a_campaign_that_does_not_exist(store, capsys):
    code, _ = run("campaign", "show", "42")
    assert code == 1 and "There is no campaign #42." in capsys.readouterr().err


# ------------------------------------------------------------------ pause, resume, cancel
def test_pause_then_resume_sends_only_what_was_never_made(store, monkeypatch, capsys):
    # Two requests: the first one's answer is lost (unknown), the second was never made.
    monkeypatch.setattr("itnio_core.campaigns.plan.NUMBERS_PER_REQUEST_MAX", 2)
    campaign_id = scheduled_campaign()
    code, text = run("campaign", "pause", str(campaign_id), *AS_ALICE)
    assert code == 0 and f"Campaign #{campaign_id} is paused" in text
    code, _ = run("campaign", "pause", str(campaign_id), *AS_ALICE)  # a second run: no change
    assert code == 1
    assert "is paused: only a scheduled, queued or sending campaign can be paused. Nothing " in (
        capsys.readouterr().err
    )
    with store.engine.begin() as conn:  # as the sender leaves a request whose answer never came
        conn.execute(
            send_requests.update()
            .where(send_requests.c.campaign_id == campaign_id, send_requests.c.seq == 0)
            .values(state="unknown", outcome="no_answer")
        )
    before = shared_sandbox().simulator.seen_counts()
    code, text = run("campaign", "resume", str(campaign_id), *AS_ALICE, "--wait", "--json")
    after = shared_sandbox().simulator.seen_counts()
    assert code == 0, text
    assert {n: after.get(n, 0) - before.get(n, 0) for n in NUMBERS} == {
        NUMBERS[0]: 0, NUMBERS[1]: 0, NUMBERS[2]: 1
    }  # fmt: skip
    answer = json.loads(text)
    assert (answer["status"], answer["accepted"], answer["unknown"]) == (cs.FINISHED, 1, 2)
    code, text = run("campaign", "show", str(campaign_id))
    assert "  1 accepted by the platform.\n  2 unknown (2: no answer came in time)" in text
    controls = audit.entries(store, actions=[audit.CAMPAIGN_CONTROL])
    assert [(e.user, e.what, e.result) for e in controls] == [
        ("alice", f"campaign {campaign_id}: resume", audit.OK),
        ("alice", f"campaign {campaign_id}: pause", audit.FAILED),
        ("alice", f"campaign {campaign_id}: pause", audit.OK),
    ]
    assert all("from the command line" in e.detail for e in controls)


def test_resume_without_wait_leaves_it_to_the_worker(store):
    campaign_id = scheduled_campaign()
    assert run("campaign", "pause", str(campaign_id), *AS_ALICE)[0] == 0
    with nothing_sent():
        code, text = run("campaign", "resume", str(campaign_id), *AS_ALICE)
    assert code == 0
    assert f"Campaign #{campaign_id} is queued again" in text and "worker" in text
    campaign = cs.get(store, campaign_id)
    assert campaign is not None and campaign.status == cs.QUEUED


def test_cancel_sends_nothing_and_cannot_be_undone(store, capsys):
    campaign_id = scheduled_campaign()
    with nothing_sent():
        code, text = run("campaign", "cancel", str(campaign_id), *AS_ALICE, "--json")
        assert code == 0
        assert json.loads(text) == {
            "campaign_id": campaign_id, "status": cs.CANCELLED, "was": cs.SCHEDULED
        }  # fmt: skip
        code, _ = run("campaign", "resume", str(campaign_id), *AS_ALICE)
        assert code == 1
    assert "is cancelled: only a paused or stopped campaign can be resumed" in (
        capsys.readouterr().err
    )
    code, text = run("campaign", "show", str(campaign_id))
    assert "3 cancelled." in text
    with store.engine.connect() as conn:
        states = conn.execute(
            sa.select(send_requests.c.state).where(send_requests.c.campaign_id == campaign_id)
        ).scalars()
        assert set(states) == {"cancelled"}


def test_a_control_of_a_campaign_that_does_not_exist(store, capsys):
    code, _ = run("campaign", "pause", "42", *AS_ALICE)
    assert code == 1 and "There is no campaign #42." in capsys.readouterr().err
    assert audit.entries(store, actions=[audit.CAMPAIGN_CONTROL]) == []
