"""The sign-in cookie is set by the server from a one-time ticket: HttpOnly, SameSite=Strict,
Secure behind https; a ticket works once, and not after its minute."""

from __future__ import annotations

from datetime import timedelta

import requests
import sqlalchemy as sa

from itnio_core.access import auth, tickets
from itnio_core.common import utc_now
from itnio_core.store import Store, sign_in_sessions
from tests.receipts.serving import serving_routes


def test_a_ticket_sets_the_session_cookie_once_with_its_flags(store: Store) -> None:
    token = auth.start_session(store, "vera")
    ticket = tickets.issue(store, token)
    with serving_routes() as base:
        answer = requests.post(f"{base}/auth/cookie", data=ticket, timeout=30)
        again = requests.post(f"{base}/auth/cookie", data=ticket, timeout=30)
        behind_https = requests.post(
            f"{base}/auth/cookie",
            data=tickets.issue(store, token),
            headers={"X-Forwarded-Proto": "https"},
            timeout=30,
        )
        cleared = requests.post(
            f"{base}/auth/cookie/clear", cookies={tickets.COOKIE: token}, timeout=30
        )
    assert answer.status_code == 204
    header = answer.headers["set-cookie"]
    assert header.startswith(f"{tickets.COOKIE}={token};")
    assert "HttpOnly" in header and "SameSite=strict" in header and "Secure" not in header
    assert again.status_code == 403 and "set-cookie" not in again.headers  # used once
    assert "Secure" in behind_https.headers["set-cookie"]
    assert cleared.status_code == 204 and "Max-Age=0" in cleared.headers["set-cookie"]
    with store.engine.connect() as conn:  # the session ended with the cookie
        assert conn.execute(sa.select(sa.func.count()).select_from(sign_in_sessions)).scalar() == 0


def test_an_old_or_unknown_ticket_gives_nothing(store: Store) -> None:
    now = utc_now()
    ticket = tickets.issue(store, "some-token", now=now)
    later = now + timedelta(seconds=tickets.TICKET_SECONDS + 1)
    assert tickets.redeem(store, ticket, now=later) is None
    assert tickets.redeem(store, "made-up") is None


def test_clearing_also_clears_streamlits_single_sign_on_cookies(store: Store) -> None:
    sent = {
        "_streamlit_user": "signed-claims",
        "_streamlit_user_1": "second-chunk",
        "_streamlit_user_tokens": "signed-tokens",
        "_streamlit_user_tokens_2": "chunk",
        "_streamlit_xsrf": "kept",
    }
    with serving_routes() as base:
        cleared = requests.post(f"{base}/auth/cookie/clear", cookies=sent, timeout=30)
    assert cleared.status_code == 204
    headers = cleared.raw.headers.getlist("set-cookie")
    expired = {h.split("=", 1)[0] for h in headers if "Max-Age=0" in h or "expires=" in h}
    assert expired == {tickets.COOKIE, *(name for name in sent if name != "_streamlit_xsrf")}
