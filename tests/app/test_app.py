"""The app shell and its pages under AppTest: sandbox, live and a wrong secret."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from itnio_core.common.masking import mask
from itnio_core.console.wiring import SANDBOX_NOTICE_EN
from itnio_core.sandbox import (
    DEFAULT_OTP_APP_ID,
    DEFAULT_SMS_APP_ID,
    RunningSandbox,
    SandboxConfig,
    start_sandbox,
)
from tests.paths import APP, ROOT
from tests.waiting import APPTEST_TIMEOUT_S

CREDENTIAL_VARS = (
    "ITNIO_API_KEY",
    "ITNIO_API_SECRET",
    "ITNIO_SMS_APP_ID",
    "ITNIO_OTP_APP_ID",
    "ITNIO_BASE_URL",
)
# Every page script; a new one is smoke-tested here as soon as it exists.
PAGES = tuple(
    sorted(
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "views").rglob("*.py")
        if not any(part.startswith("_") for part in p.relative_to(ROOT / "views").parts)
    )
)

# Distinctive credentials so a leak into any rendered element is easy to spot.
LIVE_KEY = "liveKey7f3a9c2e51d8"
LIVE_SECRET = "liveSecret4b8d1e6f0a"


@pytest.fixture(autouse=True)
def clean_app(monkeypatch: pytest.MonkeyPatch, database: str) -> Iterator[None]:
    """A fresh database, no credentials and empty Streamlit caches for every test."""
    for name in CREDENTIAL_VARS:
        monkeypatch.delenv(name, raising=False)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture(scope="module")
def live_server() -> Iterator[RunningSandbox]:
    """A loopback sandbox standing in for the live platform."""
    running = start_sandbox(SandboxConfig(api_key=LIVE_KEY, api_secret=LIVE_SECRET))
    yield running
    running.stop()


def make_app(secrets: dict[str, Any] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=APPTEST_TIMEOUT_S)
    # Always give secrets, so a developer's own .streamlit/secrets.toml is never read.
    at.secrets.update(secrets or {"apptest": "no credentials"})
    return at


def live_secrets(server: RunningSandbox, secret: str = LIVE_SECRET) -> dict[str, Any]:
    return {
        "itnio": {
            "api_key": LIVE_KEY,
            "api_secret": secret,
            "sms_app_id": DEFAULT_SMS_APP_ID,
            "otp_app_id": DEFAULT_OTP_APP_ID,
            "base_url": server.url,
        }
    }


def rendered(at: AppTest) -> str:
    """Every rendered element of the main area and the sidebar, as protobuf text."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    walk(at.sidebar)
    return "\n".join(parts)


def texts(elements: Any) -> list[str]:
    return [e.value for e in elements]


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]


def test_no_legacy_pages_folder() -> None:
    """A ``pages/`` folder beside app.py makes Streamlit run page files bare (see views/)."""
    assert not (ROOT / "pages").exists()


# ------------------------------------------------------------------ sandbox
def test_sandbox_home_shows_notice_mode_and_balance() -> None:
    at = make_app().run()
    assert_clean(at)
    assert SANDBOX_NOTICE_EN in texts(at.info)
    assert "**Mode:** :blue-badge[Sandbox]" in texts(at.sidebar.markdown)
    labels = [m.label for m in at.main.metric]
    assert labels == ["Balance", "Gift balance", "Credit"]
    assert at.main.metric[0].value not in ("", None)
    assert at.sidebar.markdown[1].value == f"**Balance:** {at.main.metric[0].value}"


@pytest.mark.parametrize("page_path", PAGES)
def test_every_page_runs_in_sandbox_with_the_notice(page_path: str) -> None:
    at = make_app().run()
    at.switch_page(page_path).run()
    assert_clean(at)
    assert texts(at.info).count(SANDBOX_NOTICE_EN) == 1
    assert at.title, f"{page_path} has no title"


def test_home_check_button_shows_success() -> None:
    at = make_app().run()
    at.button(key="home_check_btn").click().run()
    assert_clean(at)
    assert len(at.success) == 1
    assert at.success[0].value.startswith("Connected.")
    assert not at.error


def test_settings_page_check_shows_success_and_settings() -> None:
    at = make_app().run()
    at.switch_page("views/settings/settings.py").run()
    assert not at.success
    at.button(key="settings_check_btn").click().run()
    assert_clean(at)
    assert at.success[0].value.startswith("Connected.")
    details = "\n".join(texts(at.markdown))
    assert "Built-in simulator" in details
    assert "`sandSMS1`" in details and "set (never shown)" in details


def test_api_activity_lists_calls_in_words_with_a_labelled_clock() -> None:
    at = make_app().run()  # the balance check is one recorded call
    at.switch_page("views/settings/api_activity.py").run()
    assert_clean(at)
    table = at.dataframe[0].value
    assert list(table.columns) == ["Time (UTC)", "Request", "Result", "IDs returned", "Problem"]
    assert table.iloc[0]["Request"] == "Check balance"
    assert table.iloc[0]["Result"] == "Succeeded"


def test_api_activity_uses_the_viewers_time_zone() -> None:
    at = make_app()
    at.context["timezone"] = "Asia/Shanghai"
    at.run()
    at.switch_page("views/settings/api_activity.py").run()
    assert "Time (Asia/Shanghai)" in at.dataframe[0].value.columns


def test_api_activity_limit_can_change() -> None:
    at = make_app().run()
    at.switch_page("views/settings/api_activity.py").run()
    at.selectbox(key="activity_limit").set_value(25).run()
    at.button(key="activity_refresh_btn").click().run()
    assert_clean(at)
    assert len(at.dataframe[0].value) >= 1


# --------------------------------------------------------------------- live
def test_live_mode_shows_live_and_no_sandbox_notice(live_server: RunningSandbox) -> None:
    at = make_app(live_secrets(live_server)).run()
    assert_clean(at)
    assert "**Mode:** :green-badge[Live]" in texts(at.sidebar.markdown)
    assert SANDBOX_NOTICE_EN not in texts(at.info)
    assert not at.info
    assert "Sending is switched off" in at.warning[0].value  # no users: live cannot send
    assert "live ITNIO platform" in at.markdown[0].value
    assert at.main.metric[0].label == "Balance"
    at.button(key="home_check_btn").click().run()
    assert at.success[0].value.startswith("Connected.")


def test_live_mode_from_environment(
    live_server: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ITNIO_API_KEY", LIVE_KEY)
    monkeypatch.setenv("ITNIO_API_SECRET", LIVE_SECRET)
    monkeypatch.setenv("ITNIO_BASE_URL", live_server.url)
    at = make_app().run()
    assert_clean(at)
    assert "**Mode:** :green-badge[Live]" in texts(at.sidebar.markdown)
    assert not at.info


def test_live_wrong_secret_shows_plain_error(live_server: RunningSandbox) -> None:
    at = make_app(live_secrets(live_server, secret="not-the-secret")).run()
    assert_clean(at)
    assert not at.main.metric
    assert len(at.error) == 1
    message = at.error[0].value
    assert message and "Traceback" not in message and "Error(" not in message
    assert "Balance unavailable" in texts(at.sidebar.caption)[0]

    at.button(key="home_check_btn").click().run()
    assert_clean(at)
    assert not at.success
    assert [e.value for e in at.error] == [message, message]

    at.switch_page("views/settings/api_activity.py").run()
    table = at.dataframe[0].value
    assert table.iloc[0]["Result"] == "Refused (code -1)"
    assert table.iloc[0]["Problem"] == message


def as_admin(secrets: dict[str, Any]) -> AppTest:
    """The app with one admin user configured and already signed in."""
    from itnio_core.access.auth import Role, User

    at = make_app({**secrets, "users": {"ada": {"password_hash": "$2b$12$x", "role": "admin"}}})
    at.session_state["auth_user"] = User("ada", Role.ADMIN)
    return at


def test_key_and_secret_never_rendered(live_server: RunningSandbox) -> None:
    at = as_admin(live_secrets(live_server)).run()
    at.button(key="home_check_btn").click().run()
    seen = [rendered(at)]
    steps = (
        ("views/settings/settings.py", "settings_check_btn"),
        ("views/settings/api_activity.py", None),
    )
    for page_path, button in steps:
        at.switch_page(page_path).run()
        if button:
            at.button(key=button).click().run()
        assert_clean(at)
        seen.append(rendered(at))
        if page_path == "views/settings/settings.py":
            assert f"`{mask(LIVE_KEY)}`" in "\n".join(texts(at.markdown))
        else:
            seen.append(at.dataframe[0].value.to_csv())
    everything = "\n".join(seen)
    assert LIVE_KEY not in everything
    assert LIVE_SECRET not in everything
