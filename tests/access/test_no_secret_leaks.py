"""No API secret and no full API key in exception text, logs, the store, or any page.

Live-looking credentials are used against a loopback sandbox: the right ones,
a wrong secret, and a server that is not there.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
import sqlalchemy as sa
import streamlit as st

from itnio_core.access.auth import Role, User
from itnio_core.api.client import ItnioClient
from itnio_core.common.config import Settings
from itnio_core.common.errors import ItnioError
from itnio_core.sandbox import DEFAULT_OTP_APP_ID, DEFAULT_SMS_APP_ID, SandboxConfig, start_sandbox
from itnio_core.store.engine import Store
from itnio_core.store.schema import api_calls, audit_log
from tests.app.test_app import LIVE_KEY as KEY
from tests.app.test_app import LIVE_SECRET as SECRET
from tests.app.test_app import PAGES, live_secrets, make_app, rendered


def leaks(text: str) -> bool:
    return SECRET in text or KEY in text


@pytest.fixture(scope="module")
def platform():
    running = start_sandbox(SandboxConfig(api_key=KEY, api_secret=SECRET))
    yield running
    running.stop()


def everything_about(exc: ItnioError) -> str:
    return "\n".join(
        [str(exc), repr(exc), exc.user_message, exc.message_zh, repr(exc.raw), repr(exc.args)]
    )


@pytest.mark.parametrize("case", ["ok", "wrong_secret", "no_server"])
def test_errors_logs_and_records_hold_no_secret(
    case: str, platform: Any, database: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    base_url = "http://127.0.0.1:9" if case == "no_server" else platform.url
    secret = "wrongSecret0c1d2e3f" if case == "wrong_secret" else SECRET
    settings = Settings(
        api_key=KEY, api_secret=secret, sms_app_id=DEFAULT_SMS_APP_ID,
        otp_app_id=DEFAULT_OTP_APP_ID, base_url=base_url,
        connect_timeout=10, read_timeout=60,  # port 9 refuses at once; the sandbox answers
    )  # fmt: skip
    store = Store(database)
    client = ItnioClient(settings, recorder=store, sleep=lambda _s: None)
    seen = [repr(settings), str(settings), repr(client.settings)]
    for call in (client.get_balance, lambda: client.get_report(["1"])):
        try:
            seen.append(repr(call()))
        except ItnioError as exc:
            assert case != "ok"
            seen.append(everything_about(exc))
    seen += [record.getMessage() for record in caplog.records]
    seen += [repr(record.exc_info) for record in caplog.records if record.exc_info]
    with store.engine.connect() as conn:
        seen += [repr(tuple(row)) for row in conn.execute(sa.select(api_calls))]
        seen += [repr(tuple(row)) for row in conn.execute(sa.select(audit_log))]
    text = "\n".join(seen)
    assert not leaks(text), [s for s in seen if leaks(s)][:3]
    assert "wrongSecret0c1d2e3f" not in text
    assert len(seen) > 4  # something was actually looked at


@pytest.mark.parametrize("page_path", PAGES)
def test_every_page_with_live_credentials_shows_no_secret(
    page_path: str, platform: Any, database: str
) -> None:
    st.cache_resource.clear()
    st.cache_data.clear()
    at = make_app(
        {**live_secrets(platform), "users": {"ada": {"password_hash": "$2b$12$x", "role": "admin"}}}
    )
    at.session_state["auth_user"] = User("ada", Role.ADMIN)
    at.run()
    at.switch_page(page_path).run()
    assert not at.exception, [e.message for e in at.exception]
    shown = rendered(at)
    assert "Live" in shown
    assert not leaks(shown)
