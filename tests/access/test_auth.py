"""Passwords, lockout, roles on every action, the CLI hash, settings and the audit log."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from itnio_core.access import audit, auth, console_settings
from itnio_core.access.auth import Action, Directory, Role, User
from itnio_core.common.errors import InvalidInputError
from itnio_core.store.engine import Store
from tests.paths import subprocess_env

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def hashed() -> str:
    return auth.hash_password(PASSWORD)


@pytest.fixture
def directory(hashed) -> Directory:
    return Directory.from_secrets(
        {
            "users": {
                "Alice": {"password_hash": hashed, "role": "admin", "name": "Alice Wong"},
                "vic": {"password_hash": hashed, "role": "viewer"},
            }
        }
    )


# ------------------------------------------------------------------ passwords
def test_hash_verifies_only_the_same_password(hashed):
    assert hashed.startswith("$2b$") and PASSWORD not in hashed
    assert auth.verify_password(PASSWORD, hashed)
    assert not auth.verify_password(PASSWORD + " ", hashed)
    assert not auth.verify_password("", hashed)
    assert not auth.verify_password(PASSWORD, "not a hash")
    assert not auth.verify_password("x" * 100, hashed)
    assert auth.hash_password(PASSWORD) != hashed  # salted


def test_short_and_overlong_passwords_are_refused_with_the_limit():
    with pytest.raises(InvalidInputError, match="at least 10"):
        auth.hash_password("short")
    with pytest.raises(InvalidInputError, match="at most 72 bytes"):
        auth.hash_password("密" * 30)  # 90 bytes in UTF-8


def test_cli_prints_the_lines_for_secrets_toml(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "itnio_core", "hash-password", "--user", "bo", "--role", "viewer"],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env=subprocess_env(),
        timeout=120,
    )
    lines = done.stdout.splitlines()
    assert lines[0] == "[users.bo]" and lines[2] == 'role = "viewer"'
    assert auth.verify_password(PASSWORD, lines[1].split('"')[1])
    assert PASSWORD not in done.stdout + done.stderr


# ------------------------------------------------------------------ sign-in
def test_sign_in_with_the_right_password_any_case_of_name(store, directory):
    user, wait = auth.sign_in(store, directory, "  ALICE ", PASSWORD)
    assert user is not None and user.username == "alice" and user.role is Role.ADMIN
    assert wait == 0 and user.display_name == "Alice Wong"


def test_wrong_passwords_are_slowed_then_locked(store, directory):
    now = datetime(2026, 1, 1, tzinfo=UTC)
    waits = []
    for _ in range(auth.LOCK_AFTER):
        user, wait = auth.sign_in(store, directory, "alice", "wrong", now=now)
        assert user is None
        waits.append(wait)
    assert waits == [0.5, 1.0, 2.0, 4.0, 4.0]
    # Locked: even the right password is refused, with the wait in words.
    with pytest.raises(auth.SignInFailed, match="Try again in 15 minutes"):
        auth.sign_in(store, directory, "alice", PASSWORD, now=now + timedelta(seconds=1))
    # After the lock the right password works and clears the count.
    later = now + timedelta(minutes=auth.LOCK_MINUTES, seconds=1)
    user, _ = auth.sign_in(store, directory, "alice", PASSWORD, now=later)
    assert user is not None
    assert auth.sign_in(store, directory, "alice", "wrong", now=later)[1] == 0.5


def test_parallel_wrong_guesses_are_each_counted(store, directory):
    """16 guesses at once: the count is read and written in one statement, so none is lost."""
    from concurrent.futures import ThreadPoolExecutor

    import sqlalchemy as sa

    from itnio_core.store import sign_in_failures

    now = datetime(2026, 1, 1, tzinfo=UTC)
    guesses = 16
    with ThreadPoolExecutor(guesses) as pool:
        answers = list(pool.map(lambda _i: auth._add_failure(store, "alice", now), range(guesses)))
    assert sorted(answers) == list(range(1, 17))
    with store.engine.connect() as conn:
        count = conn.execute(sa.select(sign_in_failures.c.count)).scalar_one()
    assert count == 16 and auth.locked_until(store, "alice", now) is not None


def test_unknown_names_fail_like_wrong_passwords_and_lock_too(store, directory):
    now = datetime(2026, 1, 1, tzinfo=UTC)
    for _ in range(auth.LOCK_AFTER):
        assert auth.sign_in(store, directory, "mallory", PASSWORD, now=now)[0] is None
    assert auth.locked_until(store, "mallory", now) is not None
    auth.unlock(store, "mallory")
    assert auth.locked_until(store, "mallory", now) is None


def test_lock_survives_a_new_store_on_the_same_database(database, directory):
    url = database
    now = datetime(2026, 1, 1, tzinfo=UTC)
    for _ in range(auth.LOCK_AFTER):
        auth.sign_in(Store(url), directory, "vic", "nope", now=now)
    with pytest.raises(auth.SignInFailed):
        auth.sign_in(Store(url), directory, "vic", PASSWORD, now=now)


def test_sessions_expire_after_inactivity():
    seen = datetime(2026, 1, 1, tzinfo=UTC)
    assert not auth.session_expired(seen, seen + timedelta(minutes=30), 30)
    assert auth.session_expired(seen, seen + timedelta(minutes=30, seconds=1), 30)


# ------------------------------------------------------------------ roles
EXPECTED = {
    Role.VIEWER: {Action.VIEW, Action.EXPORT, Action.CHECK_REPORTS},
    Role.SENDER: {
        Action.VIEW, Action.EXPORT, Action.CHECK_REPORTS, Action.SEND_CAMPAIGN,
        Action.MANAGE_CAMPAIGN, Action.SEND_OTP, Action.LOOKUP_OTP, Action.REPORT_CONVERSION,
    },
    Role.ADMIN: set(Action),
}  # fmt: skip


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_roles_on_every_action(role, action):
    user = User("u", role)
    allowed = action in EXPECTED[role]
    assert user.can(action) is allowed
    if allowed:
        assert auth.require(user, action) is user
    else:
        with pytest.raises(auth.AccessDenied, match=f"needs {auth.REQUIRED[action].label}"):
            auth.require(user, action)


def test_without_logins_sandbox_is_admin_and_live_cannot_send():
    sandbox = auth.anonymous_user(is_sandbox=True)
    assert all(sandbox.can(a) for a in Action)
    live = auth.anonymous_user(is_sandbox=False)
    assert live.can(Action.VIEW)
    for action in auth.SENDING:
        with pytest.raises(auth.AccessDenied, match="add a user"):
            auth.require(live, action)
    with pytest.raises(auth.AccessDenied, match="Sign in first"):
        auth.require(None, Action.VIEW)


def test_directory_from_secrets(directory, hashed):
    assert set(directory.users) == {"alice", "vic"} and directory.logins_configured
    assert not Directory.from_secrets({}).logins_configured
    oidc = Directory.from_secrets({"auth": {"redirect_uri": "x"}, "roles": {"Bo@X.com": "sender"}})
    assert oidc.logins_configured and oidc.oidc
    assert oidc.oidc_user("bo@x.com").role is Role.SENDER
    assert oidc.oidc_user("eve@x.com").role is Role.VIEWER
    with pytest.raises(InvalidInputError, match="Unknown role 'boss'"):
        Directory.from_secrets({"users": {"z": {"password_hash": hashed, "role": "boss"}}})
    assert "password" not in repr(directory.users["alice"]).lower()
    assert hashed not in repr(directory.users["alice"])


# ------------------------------------------------------------------ settings
def test_settings_default_then_stored_and_audited(store):
    assert console_settings.load(store) == console_settings.ConsoleSettings()
    changed = console_settings.save(
        store,
        {"default_country": "gb", "default_sender_id": "ACME", "daily_cap": 500,
         "confirm_threshold": 1000},
        user="alice",
    )  # fmt: skip
    assert changed == ["default_country", "default_sender_id", "daily_cap"]
    loaded = console_settings.load(store)
    assert (loaded.default_country, loaded.default_sender_id, loaded.daily_cap) == (
        "GB", "ACME", 500,
    )  # fmt: skip
    log = audit.entries(store, actions=[audit.SETTINGS_CHANGE])
    assert {e.what for e in log} == {"Default country", "Default sender ID",
                                     "Daily sending cap per person"}  # fmt: skip
    assert all(e.user == "alice" for e in log)
    assert console_settings.save(store, {"daily_cap": 500}, user="alice") == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"default_country": "ZZ"}, "Default country"),
        (
            {"default_sender_id": "X" * 33},
            "default sender ID is 33 characters long; the limit is 32",
        ),
        ({"confirm_threshold": 0}, "Confirmation threshold: use a whole number from 1"),
        ({"daily_cap": -1}, "Daily sending cap per person"),
    ],
)
def test_bad_settings_name_the_field(store, changes, message):
    with pytest.raises(InvalidInputError, match=message):
        console_settings.save(store, changes, user="alice")


def test_language_is_remembered_per_person(store):
    assert console_settings.language(store, "alice") is None
    console_settings.set_language(store, "alice", "zh")
    assert console_settings.language(store, "alice") == "zh"
    assert console_settings.language(store, "bob") is None


def test_daily_cap_counts_otps_and_refuses_beyond(store):
    from itnio_core.otp import store as otp_store

    for i in range(3):
        otp_store.claim(
            store, order_id=f"o{i}", number="447911123456", calling_code=44, channel="sms",
            template_id=1, flow_id=None, code_length=6, user="bo",
        )  # fmt: skip
    assert console_settings.sent_today(store, "bo") == 3
    console_settings.check_daily_cap(store, "bo", 2, cap=5)
    with pytest.raises(InvalidInputError, match=r"3 of 5 messages sent today .* 2 left"):
        console_settings.check_daily_cap(store, "bo", 3, cap=5)
    console_settings.check_daily_cap(store, "bo", 10**6, cap=0)  # 0 = no cap


# ------------------------------------------------------------------ audit
def test_audit_lists_own_records_and_api_calls_with_filters(store, client):
    audit.record(store, "alice", audit.SIGN_IN)
    audit.record(store, "eve", audit.SIGN_IN_FAILED, result=audit.FAILED)
    client.user = "alice"
    client.get_balance()
    everything = audit.entries(store)
    assert [e.action for e in everything][:1] == ["api:balance"]
    assert {e.action for e in everything} == {"sign_in", "sign_in_failed", "api:balance"}
    alice = audit.entries(store, user="alice")
    assert {e.action for e in alice} == {"sign_in", "api:balance"}
    failed = audit.entries(store, actions=[audit.SIGN_IN_FAILED])
    assert [(e.user, e.result) for e in failed] == [("eve", "failed")]
    assert audit.entries(store, since=datetime.now(UTC) + timedelta(minutes=1)) == []
    assert audit.users(store) == ["alice", "eve"]
    assert failed[0].action_label("zh") == "登录失败"


def test_console_can_be_forced_into_the_sandbox(database, monkeypatch):
    from itnio_core.common.config import Settings
    from itnio_core.console.wiring import open_console

    url = database
    live = Settings(api_key="k" * 16, api_secret="s" * 16, database_url=url)
    console = open_console(live)
    assert console.mode == "live" and console.has_credentials
    console_settings.save(console.store, {"force_sandbox": True}, user="alice")
    console.close()
    again = open_console(live)
    assert again.is_sandbox and again.has_credentials
    again.close()


# ------------------------------------------------------------------ remembered sign-in
def test_a_session_token_resumes_until_idle_or_ended(store, directory):
    now = datetime(2026, 1, 1, tzinfo=UTC)
    token = auth.start_session(store, "alice", now=now)
    assert len(token) >= 40
    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT token_hash FROM sign_in_sessions").scalar_one()
    assert token not in stored  # only the hash is kept
    later = now + timedelta(minutes=auth.SESSION_IDLE_MINUTES - 1)
    assert auth.resume_session(store, directory, token, now=later).username == "alice"
    # Resuming counts as activity: another 29 minutes later it still works.
    assert auth.resume_session(store, directory, token, now=later + timedelta(minutes=29))
    assert auth.resume_session(store, directory, "not-a-token", now=later) is None
    auth.end_session(store, token)
    assert auth.resume_session(store, directory, token, now=later) is None


def test_an_idle_or_orphaned_session_does_not_resume(store, directory):
    now = datetime(2026, 1, 1, tzinfo=UTC)
    idle = auth.start_session(store, "alice", now=now)
    too_late = now + timedelta(minutes=auth.SESSION_IDLE_MINUTES, seconds=1)
    assert auth.resume_session(store, directory, idle, now=too_late) is None
    gone = auth.start_session(store, "someone-removed", now=now)
    assert auth.resume_session(store, directory, gone, now=now) is None


def test_audit_export_is_a_workbook_with_text_cells(store, tmp_path):
    import openpyxl

    audit.record(store, '=HYPERLINK("http://x")', audit.SIGN_IN_FAILED, result=audit.FAILED)
    frame = audit.table(audit.entries(store), "en", UTC, "UTC")
    path = tmp_path / "audit.xlsx"
    path.write_bytes(audit.export_xlsx(frame))
    ws = openpyxl.load_workbook(path)["Audit log"]
    assert [c.value for c in ws[1]] == ["Time (UTC)", "User", "Action", "What", "Result", "Detail"]
    assert ws["B2"].value == '=HYPERLINK("http://x")' and ws["B2"].data_type == "s"
    assert ws["C2"].value == "Failed sign-in" and ws["E2"].value == "Failed"
