"""The sign-in gate, roles on every page, inactivity, and the language switch (AppTest)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from itnio_core.access import audit, auth, console_settings
from itnio_core.access.auth import Action, Role, User
from itnio_core.store.engine import Store
from tests.paths import APP
from tests.waiting import APPTEST_TIMEOUT_S
from views._ui import pages as app_pages

PASSWORD = "correct horse battery"
HASH = auth.hash_password(PASSWORD)
USERS = {
    "vera": {"password_hash": HASH, "role": "viewer", "name": "Vera"},
    "sam": {"password_hash": HASH, "role": "sender", "name": "Sam"},
    "ada": {"password_hash": HASH, "role": "admin", "name": "Ada"},
}


@pytest.fixture(autouse=True)
def clean_app(monkeypatch: pytest.MonkeyPatch, database: str) -> Iterator[str]:
    for name in ("ITNIO_API_KEY", "ITNIO_API_SECRET", "ITNIO_SMS_APP_ID", "ITNIO_OTP_APP_ID",
                 "ITNIO_BASE_URL"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    url = database
    st.cache_resource.clear()
    st.cache_data.clear()
    yield url
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    from views._ui import sign_in as _access

    seen: list[float] = []
    monkeypatch.setattr(_access, "_sleep", seen.append)
    return seen


def with_users(**extra: Any) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=APPTEST_TIMEOUT_S)
    at.secrets.update({"users": USERS, **extra})
    return at


def sign_in(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="sign_in_name").input(name)
    at.text_input(key="sign_in_password").input(password)
    at.button(key="sign_in_btn").click().run()
    return at


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]


def test_with_users_every_page_needs_sign_in() -> None:
    at = with_users().run()
    assert_clean(at)
    assert at.title[0].value == "Sign in to ITNIO Console"
    assert not at.metric and not at.sidebar.button  # no page content, no sign-out
    at.switch_page("views/campaigns/campaign_new.py").run()
    assert at.title[0].value == "Sign in to ITNIO Console"


def test_wrong_password_is_refused_slowed_and_audited(clean_app: str, waits: list[float]) -> None:
    at = sign_in(with_users().run(), "sam", "wrong password")
    assert_clean(at)
    assert "do not match" in at.error[0].value
    assert at.title[0].value == "Sign in to ITNIO Console"
    assert waits == [0.5]
    sign_in(at, "sam", "still wrong")
    assert waits == [0.5, 1.0]
    log = audit.entries(Store(clean_app), actions=[audit.SIGN_IN_FAILED])
    assert [(e.user, e.result) for e in log] == [("sam", "failed")] * 2


def test_repeated_failures_lock_the_name(clean_app: str, waits: list[float]) -> None:
    at = with_users().run()
    for _ in range(auth.LOCK_AFTER):
        sign_in(at, "ada", "nope nope nope")
    sign_in(at, "ada")  # the right password, but locked
    assert "Too many wrong passwords" in at.error[0].value
    assert at.title[0].value == "Sign in to ITNIO Console"


def test_sign_in_opens_home_records_the_user_and_sign_out_works(clean_app: str) -> None:
    at = sign_in(with_users().run(), "Sam")
    assert_clean(at)
    assert at.title[0].value == "ITNIO Console"
    assert "Signed in as **Sam** (sender)" in [m.value for m in at.sidebar.markdown]
    at.button(key="sign_out_btn").click().run()
    assert at.title[0].value == "Sign in to ITNIO Console"
    assert "You are signed out." in [i.value for i in at.info]
    actions = [e.action for e in audit.entries(Store(clean_app), user="sam")]
    assert audit.SIGN_IN in actions and audit.SIGN_OUT in actions


def test_inactive_session_is_signed_out() -> None:
    at = sign_in(with_users().run(), "vera")
    at.session_state["auth_seen"] = datetime.now(UTC) - timedelta(
        minutes=auth.SESSION_IDLE_MINUTES + 1
    )
    at.run()
    assert at.title[0].value == "Sign in to ITNIO Console"
    assert "without activity" in at.info[0].value


PAGE_CASES = [(spec.path, spec.needs, role) for spec in app_pages.PAGES for role in Role]


@pytest.mark.parametrize(("path", "needs", "role"), PAGE_CASES,
                         ids=[f"{p}-{r.name.lower()}" for p, _, r in PAGE_CASES])  # fmt: skip
def test_roles_on_each_page(path: str, needs: Action, role: Role) -> None:
    at = with_users()
    at.session_state["auth_user"] = User("someone", role)
    at.run()
    at.switch_page(path).run()
    assert_clean(at)
    refused = [e.value for e in at.error if "cannot do this" in e.value]
    if User("x", role).can(needs):
        assert not refused, refused
    else:
        assert refused and f"needs {auth.REQUIRED[needs].label}" in refused[0]
        assert len(at.title) == 0  # the page itself did not run


def test_viewer_is_not_offered_sending_pages() -> None:
    at = with_users()
    at.session_state["auth_user"] = User("vera", Role.VIEWER)
    at.run()
    linked = {link.proto.page for link in at.main.get("page_link")}
    assert linked, "home lists what the person can do"
    allowed = {
        Path(spec.path).stem for spec in app_pages.PAGES if User("x", Role.VIEWER).can(spec.needs)
    }
    assert linked <= allowed, linked - allowed


def test_live_without_logins_refuses_to_send(monkeypatch: pytest.MonkeyPatch) -> None:
    from itnio_core.console.wiring import shared_sandbox
    from itnio_core.sandbox import DEFAULT_API_KEY, DEFAULT_API_SECRET

    server = shared_sandbox()
    at = AppTest.from_file(APP, default_timeout=APPTEST_TIMEOUT_S)
    at.secrets.update(
        {"itnio": {"api_key": DEFAULT_API_KEY, "api_secret": DEFAULT_API_SECRET,
                   "base_url": server.url}}
    )  # fmt: skip
    at.run()
    assert "Sending is switched off" in at.warning[0].value
    at.switch_page("views/campaigns/campaign_new.py").run()
    assert_clean(at)
    assert any("add a user" in e.value for e in at.error)
    at.switch_page("views/reports/reports.py").run()
    assert not any("add a user" in e.value for e in at.error)


def test_language_switch_translates_and_is_remembered(clean_app: str) -> None:
    at = sign_in(with_users().run(), "ada")
    at.sidebar.get("button_group")[0].set_value("zh").run()
    assert_clean(at)
    assert at.title[0].value == "ITNIO Console" or at.title[0].value
    assert "模式" in at.sidebar.markdown[1].value
    assert console_settings.language(Store(clean_app), "ada") == "zh"
    # A new browser session signs in and gets Chinese straight away.
    again = sign_in(with_users().run(), "ada")
    assert "模式" in again.sidebar.markdown[1].value


def test_settings_page_saves_and_refuses_bad_values(clean_app: str) -> None:
    at = with_users()
    at.session_state["auth_user"] = User("ada", Role.ADMIN)
    at.run()
    at.switch_page("views/settings/settings.py").run()
    at.text_input(key="settings_sender").input("ACME")
    at.number_input(key="settings_cap").set_value(5000)
    at.button(key="FormSubmitter:settings_form-Save settings").click().run()
    assert_clean(at)
    assert at.success[0].value.startswith("Saved:")
    saved = console_settings.load(Store(clean_app))
    assert saved.default_sender_id == "ACME" and saved.daily_cap == 5000
    assert audit.entries(Store(clean_app), actions=[audit.SETTINGS_CHANGE])[0].user == "ada"


def test_audit_log_page_lists_sign_ins_and_exports(clean_app: str) -> None:
    at = sign_in(with_users().run(), "ada")
    at.switch_page("views/settings/audit_log.py").run()
    assert_clean(at)
    table = at.dataframe[0].value
    assert "Signed in" in set(table["Action"]) and "ada" in set(table["User"])
    assert at.get("download_button")


def test_single_sign_on_asks_for_the_company_account() -> None:
    at = AppTest.from_file(APP, default_timeout=APPTEST_TIMEOUT_S)
    at.secrets.update(
        {
            "auth": {
                "redirect_uri": "http://localhost:8501/oauth2callback",
                "cookie_secret": "x" * 32,
                "client_id": "console",
                "client_secret": "s",
                "server_metadata_url": "https://id.example.com/.well-known/openid-configuration",
            },
            "roles": {"ada@example.com": "admin"},
        }
    )
    at.run()
    assert_clean(at)
    assert at.title[0].value == "Sign in to ITNIO Console"
    assert [b.label for b in at.button] == ["Sign in with your company account"]
    assert not at.metric  # no page ran


def test_admin_switches_a_live_console_to_the_sandbox_and_back(clean_app: str) -> None:
    from itnio_core.console.wiring import shared_sandbox
    from itnio_core.sandbox import DEFAULT_API_KEY, DEFAULT_API_SECRET

    server = shared_sandbox()
    at = with_users(
        itnio={"api_key": DEFAULT_API_KEY, "api_secret": DEFAULT_API_SECRET,
               "base_url": server.url}
    )  # fmt: skip
    at.session_state["auth_user"] = User("ada", Role.ADMIN)
    at.run()
    at.switch_page("views/settings/settings.py").run()
    assert "**Mode:** :green-badge[Live]" in [m.value for m in at.sidebar.markdown]
    at.radio(key="settings_mode").set_value("sandbox").run()
    assert_clean(at)
    assert "**Mode:** :blue-badge[Sandbox]" in [m.value for m in at.sidebar.markdown]
    assert "The console now uses the sandbox." in [s.value for s in at.success]
    assert console_settings.load(Store(clean_app)).force_sandbox
    at.radio(key="settings_mode").set_value("live").run()
    assert "**Mode:** :green-badge[Live]" in [m.value for m in at.sidebar.markdown]
    changes = audit.entries(Store(clean_app), actions=[audit.SETTINGS_CHANGE])
    assert [e.detail for e in changes] == ["1 → 0", "0 → 1"]


def test_without_credentials_live_mode_cannot_be_chosen() -> None:
    at = with_users()
    at.session_state["auth_user"] = User("ada", Role.ADMIN)
    at.run()
    at.switch_page("views/settings/settings.py").run()
    assert at.radio(key="settings_mode").disabled
    assert any("needs the ITNIO API key" in c.value for c in at.caption)


def test_a_connection_check_is_audited_under_the_person(clean_app: str) -> None:
    at = sign_in(with_users().run(), "ada")
    at.switch_page("views/settings/settings.py").run()
    at.button(key="settings_check_btn").click().run()
    assert_clean(at)
    checks = audit.entries(Store(clean_app), actions=["api:balance"])
    assert "ada" in {e.user for e in checks}


def test_an_admin_sees_a_locked_user_and_unlocks_them(clean_app: str) -> None:
    store = Store(clean_app)
    users = auth.Directory.from_secrets({"users": USERS})
    for _ in range(auth.LOCK_AFTER):
        auth.sign_in(store, users, "sam", "wrong password")
    at = with_users()
    at.session_state["auth_user"] = User("ada", Role.ADMIN)
    at.run()
    at.switch_page("views/settings/users.py").run()
    table = at.dataframe[0].value.set_index("User name")
    assert table.loc["sam", "Sign-in"].startswith("Locked until")
    assert table.loc["vera", "Sign-in"] == "Allowed"
    at.button(key="users_unlock_btn").click().run()
    assert_clean(at)
    assert auth.locked_until(store, "sam") is None
    assert at.dataframe[0].value.set_index("User name").loc["sam", "Sign-in"] == "Allowed"
    assert "unlocked sam" in {e.what for e in audit.entries(store, user="ada")}


# ------------------------------------------------------------------ single sign-on
SSO_SECRETS: dict[str, Any] = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "x" * 32,
        "client_id": "console",
        "client_secret": "s",
        "server_metadata_url": "https://id.example.com/.well-known/openid-configuration",
    },
    "roles": {"alice@example.com": "sender"},
}


@pytest.fixture
def provider_says(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What st.user holds: the claims the provider gave (edit the dict to change them)."""
    from views._ui import sign_in as _access

    claims: dict[str, Any] = {}
    monkeypatch.setattr(_access, "_claims", lambda: dict(claims))
    return claims


def signed_in_with_sso(provider_says: dict[str, Any], email: str, **secrets: Any) -> AppTest:
    provider_says.clear()
    provider_says.update(is_logged_in=True, iss="https://id.example.com", sub=email,
                         iat=1764752400, nonce="n1", email=email, email_verified=True)  # fmt: skip
    at = AppTest.from_file(APP, default_timeout=APPTEST_TIMEOUT_S)
    at.secrets.update({**SSO_SECRETS, **secrets})
    return at.run()


def sso_audit(url: str, user: str) -> list[tuple[str, str]]:
    actions = [audit.SIGN_IN, audit.SIGN_IN_FAILED, audit.SIGN_OUT]
    return [(e.action, e.result) for e in audit.entries(Store(url), user=user, actions=actions)]


def test_sso_person_in_roles_gets_the_role_and_is_audited_once(
    clean_app: str, provider_says: dict[str, Any]
) -> None:
    at = signed_in_with_sso(provider_says, "alice@example.com")
    assert_clean(at)
    assert "Signed in as **alice@example.com** (sender)" in [m.value for m in at.sidebar.markdown]
    at.run()
    # A reload is a new session with the same claims (Streamlit's cookie): not a new sign-in.
    again = signed_in_with_sso(provider_says, "alice@example.com")
    assert at.title[0].value == again.title[0].value == "ITNIO Console"
    assert sso_audit(clean_app, "alice@example.com") == [(audit.SIGN_IN, audit.OK)]


def test_sso_person_not_in_roles_is_refused_and_audited_once(
    clean_app: str, provider_says: dict[str, Any]
) -> None:
    at = signed_in_with_sso(provider_says, "eve@example.com")
    assert_clean(at)
    assert at.title[0].value == "Sign in to ITNIO Console"
    assert "eve@example.com is not on this console's list of people" in at.error[0].value
    assert not at.metric and not at.sidebar.button
    at.run()
    assert "not on this console's list" in at.error[0].value
    assert sso_audit(clean_app, "eve@example.com") == [(audit.SIGN_IN_FAILED, audit.FAILED)]


def test_sso_default_role_lets_everyone_in_with_it(provider_says: dict[str, Any]) -> None:
    roles = {**SSO_SECRETS["roles"], "default_role": "viewer"}
    at = signed_in_with_sso(provider_says, "eve@example.com", roles=roles)
    assert_clean(at)
    assert "Signed in as **eve@example.com** (viewer)" in [m.value for m in at.sidebar.markdown]


def test_sso_needs_an_email_and_a_verified_one(provider_says: dict[str, Any]) -> None:
    at = signed_in_with_sso(provider_says, "alice@example.com")
    provider_says["email_verified"] = False
    at = AppTest.from_file(APP, default_timeout=APPTEST_TIMEOUT_S)
    at.secrets.update(SSO_SECRETS)
    at.run()
    assert "is not verified" in at.error[0].value
    del provider_says["email"]
    at = AppTest.from_file(APP, default_timeout=APPTEST_TIMEOUT_S)
    at.secrets.update(SSO_SECRETS)
    at.session_state["lang"] = "zh"
    at.run()
    assert "没有向本控制台提供电子邮箱地址" in at.error[0].value


def test_sso_idle_sign_out_and_sign_out_say_so_and_last(provider_says: dict[str, Any]) -> None:
    at = signed_in_with_sso(provider_says, "alice@example.com")
    at.session_state["auth_seen"] = datetime.now(UTC) - timedelta(
        minutes=auth.SESSION_IDLE_MINUTES + 1
    )
    at.run()
    assert at.title[0].value == "Sign in to ITNIO Console"
    assert "without activity" in at.info[0].value
    # A reload with the same company-account cookie does not sign in again.
    again = signed_in_with_sso(provider_says, "alice@example.com")
    assert again.title[0].value == "Sign in to ITNIO Console"
    assert "You are signed out. Sign in again." in [i.value for i in again.info]

    provider_says["nonce"] = "n2"  # signed in at the provider again: a new sign-in
    at = AppTest.from_file(APP, default_timeout=APPTEST_TIMEOUT_S)
    at.secrets.update(SSO_SECRETS)
    at.run()
    assert at.title[0].value == "ITNIO Console"
    at.button(key="sign_out_btn").click().run()
    assert at.title[0].value == "Sign in to ITNIO Console"
    assert "You are signed out." in [i.value for i in at.info]
    at = AppTest.from_file(APP, default_timeout=APPTEST_TIMEOUT_S)
    at.secrets.update(SSO_SECRETS)
    at.run()
    assert at.title[0].value == "Sign in to ITNIO Console"


def test_with_users_and_sso_both_ways_are_offered(
    clean_app: str, provider_says: dict[str, Any]
) -> None:
    at = with_users(**SSO_SECRETS).run()
    assert_clean(at)
    assert at.text_input(key="sign_in_name") and at.button(key="sign_in_btn")
    assert at.button(key="sso_sign_in_btn").label == "Sign in with your company account"
    sign_in(at, "sam")
    assert "Signed in as **Sam** (sender)" in [m.value for m in at.sidebar.markdown]


def test_users_page_says_who_gets_in_with_sso(provider_says: dict[str, Any]) -> None:
    roles = {"ada@example.com": "admin", "alice@example.com": "sender"}
    at = signed_in_with_sso(provider_says, "ada@example.com", roles=roles)
    at.switch_page("views/settings/users.py").run()
    assert_clean(at)
    captions = [c.value for c in at.caption]
    assert any("Only the 2 e-mail addresses under [roles] get in" in c for c in captions)
    at = signed_in_with_sso(
        provider_says, "ada@example.com", roles={**roles, "default_role": "viewer"}
    )
    at.switch_page("views/settings/users.py").run()
    captions = [c.value for c in at.caption]
    assert any("gets in as viewer (default_role)" in c for c in captions), captions
