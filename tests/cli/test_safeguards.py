"""The command line has the app's safeguards: who acts (``--as``), their role, the daily cap,
the confirmation threshold, and the audit log under their name.

Every refusal is checked against the sandbox itself: ``seen_counts`` records every number it
was sent, so "nothing was sent" is what the platform saw, not what the command printed.
"""

from __future__ import annotations

import getpass
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager

import openpyxl
import pytest

from itnio_core.access import audit, console_settings
from itnio_core.campaigns import store as cs
from itnio_core.cli.main import main
from itnio_core.console.wiring import shared_sandbox
from itnio_core.store.engine import Store

NUMBERS = ("919812370001", "919812370002", "919812370003")
USERS = """
[users.alice]
password_hash = "$2b$12$notusedbythecommandline"
role = "sender"

[users.sam]
role = "viewer"

[users.root_admin]
role = "admin"
"""
SAY_WHO = "Say who you are: --as NAME (one of: alice, root_admin, sam)."


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def write_list(path, numbers=NUMBERS) -> str:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Name", "Mobile"])
    for i, number in enumerate(numbers):
        ws.append([f"Person {i}", number])
    wb.save(path)
    return str(path)


@pytest.fixture
def store(sandbox_env) -> Iterator[Store]:
    s = Store(sandbox_env)
    yield s
    s.close()


@pytest.fixture
def users(tmp_path) -> None:
    """alice (sender), sam (viewer) and root_admin in this test's own secrets.toml."""
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(USERS)


@pytest.fixture
def listed(tmp_path, sandbox_env) -> str:
    return write_list(tmp_path / "list.xlsx")


def rules(store: Store, **values: int) -> None:
    """What an administrator sets in the app's Settings."""
    console_settings.save(store, values, user="admin")


@contextmanager
def nothing_sent(numbers=NUMBERS) -> Iterator[None]:
    before = shared_sandbox().simulator.seen_counts()
    yield
    after = shared_sandbox().simulator.seen_counts()
    assert {n: after.get(n, 0) - before.get(n, 0) for n in numbers} == dict.fromkeys(numbers, 0)


def sent_once(numbers=NUMBERS):
    """A check that each number reached the sandbox exactly once while it was open."""

    @contextmanager
    def check() -> Iterator[None]:
        before = shared_sandbox().simulator.seen_counts()
        yield
        after = shared_sandbox().simulator.seen_counts()
        seen = {n: after.get(n, 0) - before.get(n, 0) for n in numbers}
        assert seen == dict.fromkeys(numbers, 1)

    return check()


SEND_FILE = ("send", "list.xlsx", "--content", "Hi {Name}")
CHANGING = {
    "send FILE": SEND_FILE,
    "send --numbers": ("send", "--numbers", NUMBERS[0], "--content", "Hi"),
    "otp send": ("otp", "send", "--to", NUMBERS[0]),
    "backfill": ("backfill", "--msgid", "1234567890123456789", "--number", NUMBERS[0]),
    "campaign pause": ("campaign", "pause", "1"),
    "campaign resume": ("campaign", "resume", "1"),
    "campaign cancel": ("campaign", "cancel", "1"),
}


# ------------------------------------------------------------------ who acts
@pytest.mark.parametrize("argv", CHANGING.values(), ids=CHANGING.keys())
def test_with_users_every_change_needs_as(users, listed, store, capsys, argv):
    with nothing_sent():
        code, _ = run(*argv)
    assert code == 1
    err = capsys.readouterr().err
    assert f"Error: {SAY_WHO}" in err and "Traceback" not in err
    assert store.count_calls() == 0
    assert cs.list_campaigns(store, include_drafts=True) == []


@pytest.mark.parametrize("name", ["bob", "alice2", "cli:alice"])
def test_an_unknown_name_is_refused_the_same_way(users, listed, store, capsys, name):
    with nothing_sent():
        code, _ = run(*SEND_FILE, "--as", name)
    assert code == 1
    assert f"Error: There is no user called {name!r}. {SAY_WHO}" in capsys.readouterr().err
    assert cs.list_campaigns(store, include_drafts=True) == []


def test_a_role_that_may_not_send_is_refused_in_the_apps_words(users, listed, store, capsys):
    with nothing_sent():
        code, _ = run(*SEND_FILE, "--as", "sam")
        assert code == 1
        code, _ = run("otp", "send", "--to", NUMBERS[0], "--as", "SAM")  # names as in the app
        assert code == 1
        code, _ = run("campaign", "cancel", "1", "--as", "sam")
        assert code == 1
    err = capsys.readouterr().err
    assert err.count("Error: Your role (Viewer) cannot do this; it needs Sender.") == 3
    assert cs.list_campaigns(store, include_drafts=True) == []
    refused = audit.entries(store, actions=[audit.ACCESS_DENIED])
    assert [(e.user, e.what, e.result) for e in refused] == [
        ("sam", "itnio campaign cancel", audit.FAILED),
        ("sam", "itnio otp send", audit.FAILED),
        ("sam", "itnio send", audit.FAILED),
    ]
    assert all("from the command line" in e.detail for e in refused)


def test_read_only_commands_need_no_name_and_record_the_one_given(users, store):
    code, _ = run("balance")
    assert code == 0
    code, text = run("campaign", "list", "--json")
    assert code == 0 and json.loads(text) == []
    code, _ = run("balance", "--as", "sam")
    assert code == 0
    assert [c.user for c in store.recent_calls(endpoint="balance")] == ["sam", getpass.getuser()]


def test_without_users_it_acts_as_the_computer_user_and_refuses_as(listed, store, capsys):
    with nothing_sent():
        code, _ = run(*SEND_FILE, "--as", "alice")
    assert code == 1
    assert "No users are set up in .streamlit/secrets.toml" in capsys.readouterr().err
    with sent_once():
        code, text = run(*SEND_FILE, "--json")
    assert code == 0, text
    [campaign] = cs.list_campaigns(store)
    assert campaign.created_by == campaign.confirmed_by == getpass.getuser()
    assert {c.user for c in store.recent_calls()} == {getpass.getuser()}


# ------------------------------------------------------------------ the audit log
def test_a_send_is_audited_under_the_name_and_says_it_came_from_the_command_line(
    users, listed, store
):
    with sent_once():
        code, text = run(*SEND_FILE, "--as", "alice", "--out", "results.xlsx", "--json")
    assert code == 0, text
    campaign_id = json.loads(text)["campaign_id"]
    campaign = cs.get(store, campaign_id)
    assert campaign is not None and campaign.status == cs.FINISHED
    assert campaign.created_by == campaign.confirmed_by == "alice"
    mine = audit.entries(store, user="alice")
    by_action = {e.action: e for e in mine}
    confirm = by_action[audit.CAMPAIGN_CONFIRM]
    assert confirm.what == f"campaign {campaign_id} “list”: 3 recipients"
    assert confirm.detail == f"from the command line (computer user {getpass.getuser()})"
    assert by_action["api:send"].result == audit.OK  # the API call, under the same name
    assert by_action[audit.EXPORT].what == "results.xlsx"
    assert {e.user for e in audit.entries(store)} == {"alice"}


# ------------------------------------------------------------------ the daily cap
def test_the_daily_cap_refuses_in_the_apps_words_and_sends_nothing(users, listed, store, capsys):
    rules(store, daily_cap=2)
    with nothing_sent():
        code, _ = run(*SEND_FILE, "--as", "alice", "--yes")
    assert code == 1
    err = capsys.readouterr().err
    assert "Error: This would pass your daily sending cap: 0 of 2 messages sent today" in err
    assert "this sends 3" in err
    assert cs.list_campaigns(store, include_drafts=True) == []


def test_the_cap_counts_what_the_person_sent_today_across_commands(users, listed, store, capsys):
    rules(store, daily_cap=4)
    with sent_once():
        code, _ = run(*SEND_FILE, "--as", "alice")
    assert code == 0
    code, _ = run("otp", "send", "--to", "919812370009", "--as", "alice")
    assert code == 0  # 3 + 1 = the cap
    capsys.readouterr()
    with nothing_sent(("919812370009", "919812370008")):
        code, _ = run("otp", "send", "--to", "919812370009", "--as", "alice")
        assert code == 1
        code, _ = run("send", "--numbers", "919812370008", "--content", "Hi", "--as", "alice")
        assert code == 1
    err = capsys.readouterr().err
    assert err.count("4 of 4 messages sent today (UTC), 0 left") == 2
    assert store.count_calls(["send"]) == 1 and store.count_calls(["otp_send"]) == 1
    code, _ = run("otp", "send", "--to", "919812370009", "--as", "root_admin")
    assert code == 0  # the cap is per person


# ------------------------------------------------------------------ the confirmation threshold
def test_above_the_threshold_nothing_is_sent_without_yes(users, listed, store, capsys):
    rules(store, confirm_threshold=2, daily_cap=100)
    with nothing_sent():
        code, _ = run(*SEND_FILE, "--as", "alice")
    assert code == 1
    err = capsys.readouterr().err
    assert (
        "Error: This campaign goes to 3 recipients, more than the confirmation threshold of 2. "
        "Nothing was sent. Check it first with --dry-run"
    ) in err
    assert "--yes" in err
    assert cs.list_campaigns(store, include_drafts=True) == []
    assert audit.entries(store, actions=[audit.CAMPAIGN_CONFIRM]) == []

    code, text = run(*SEND_FILE, "--as", "alice", "--dry-run")
    assert code == 0 and "Sending it needs --yes." in text

    with sent_once():
        code, text = run(*SEND_FILE, "--as", "alice", "--yes", "--json")
    assert code == 0, text
    assert json.loads(text)["status"] == cs.FINISHED


def test_at_the_threshold_no_yes_is_needed(users, listed, store):
    rules(store, confirm_threshold=3)
    with sent_once():
        code, _ = run(*SEND_FILE, "--as", "alice")
    assert code == 0


def test_the_dry_run_says_when_the_cap_would_refuse(users, listed, store):
    rules(store, daily_cap=1)
    code, text = run(*SEND_FILE, "--as", "alice", "--dry-run")
    assert code == 0
    assert "alice cannot send it today: This would pass your daily sending cap" in text
