"""Who is using this browser session: the sign-in gate, inactivity, sign-out.

The rules (roles, lockout, password checks) live in ``itnio_core.access.auth``, single
sign-on's (who gets in, a sign-in's standing) in ``itnio_core.access.sso``; this module only
asks for the name and password or offers the company account, keeps the signed-in user in
the session and remembers their language.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

import streamlit as st

from itnio_core.access import Directory, User, audit, auth, console_settings, sso, tickets
from itnio_core.common import utc_now
from itnio_core.console import Console
from itnio_core.i18n import translate as i18n
from views._ui import i18n as _i18n
from views._ui.i18n import tr
from views._ui.state import (
    COOKIE_JOB_KEY,
    LANG_KEY,
    LANG_LOADED_KEY,
    LANG_PICKER,
    NOTICE_KEY,
    SEEN_KEY,
    SIGN_IN_BTN,
    SIGN_IN_NAME,
    SIGN_IN_PASSWORD,
    SIGN_OUT_BTN,
    SSO_BTN,
    SSO_KEY,
    SSO_REFUSED_KEY,
    TOKEN_KEY,
    TOUCHED_KEY,
    USER_KEY,
)

COOKIE = tickets.COOKIE  # set and cleared by the server (HttpOnly), never by script here
COOKIE_MAX_AGE_S = tickets.COOKIE_MAX_AGE_S
_sleep = time.sleep  # tests replace it to check the wait without waiting


def _claims() -> dict[str, Any]:
    """What the company account's provider said about this browser's person (st.user)."""
    return dict(st.user.to_dict())


def _login() -> None:
    st.login()


def _secrets() -> dict[str, Any]:
    if not st.secrets.load_if_toml_exists():
        return {}
    return st.secrets.to_dict()


def directory() -> Directory:
    return Directory.from_secrets(_secrets())


def current() -> User | None:
    user = st.session_state.get(USER_KEY)
    return user if isinstance(user, User) else None


def signed_in_user(console: Console, before_form: Callable[[], None]) -> User:
    """The user for this run; shows the sign-in form and stops when there is none.

    ``before_form`` runs first when the form is shown: the app declares its pages
    (hidden) there, so the address asked for is still open after signing in.
    """
    users = directory()
    if not users.logins_configured:
        anonymous = auth.anonymous_user(console.is_sandbox)
        st.session_state[USER_KEY] = anonymous
        _apply_language(console, anonymous)
        return anonymous
    user = _sso_user(console, users) if users.oidc else None
    if user is None and users.users:
        found = current() or _from_cookie(console, users)
        user = None if found is None or _expired(console, found) else found
    if user is None:
        before_form()
        _cookie_job(console)
        _, middle, _ = st.columns([1, 2, 1])
        with middle:
            _language_picker(console, None)
            _sign_in_form(console, users)
        st.stop()
    now = utc_now()
    st.session_state[SEEN_KEY] = now
    _keep_session_alive(console, now)
    _cookie_job(console)
    _apply_language(console, user)
    return user


def _from_cookie(console: Console, users: Directory) -> User | None:
    """After a reload: the user whose sign-in token this browser's cookie holds."""
    token = st.context.cookies.get(COOKIE) if st.context.cookies else None
    if not token or st.session_state.get(COOKIE_JOB_KEY, ("",))[0] == "clear":
        return None
    user = auth.resume_session(console.store, users, token)
    if user is None:
        return None
    st.session_state[USER_KEY] = user
    st.session_state[TOKEN_KEY] = token
    st.session_state[SEEN_KEY] = utc_now()
    return user


def _sso_user(console: Console, users: Directory) -> User | None:
    """The person signed in with the company account, when this console lets them in.

    None (with a notice for the form) when nobody is, they are refused, or their sign-in
    ended (signed out or idle): they sign in at the provider again.
    """
    claims = _claims()
    if not claims.get("is_logged_in", False):
        return None
    key = sso.sign_in_key(claims)
    user = current()
    if user is not None and SSO_KEY not in st.session_state:
        return None  # signed in with a password in this session
    if user is not None and st.session_state.get(SSO_KEY) == key:
        return None if _expired(console, user) else user
    try:
        user = sso.user_for(users, claims)
    except sso.SignInRefused as exc:
        if st.session_state.get(SSO_REFUSED_KEY) != key:  # audited once, not on each run
            st.session_state[SSO_REFUSED_KEY] = key
            who = str(claims.get("email") or claims.get("sub") or "?")[:200]
            how = "single sign-on"  # i18n: ignore
            audit.record(console.store, who, audit.SIGN_IN_FAILED, result=audit.FAILED,
                         what=how, detail=exc.user_message)  # fmt: skip
            st.session_state[COOKIE_JOB_KEY] = ("clear", "")  # a reload starts afresh
        st.session_state[NOTICE_KEY] = ("error", exc.message_for(_i18n.lang()))
        return None
    standing = sso.standing(console.store, key, user.username)
    if standing is sso.Standing.ENDED:
        st.session_state.setdefault(NOTICE_KEY, ("info", tr("You are signed out. Sign in again.")))
        st.session_state[COOKIE_JOB_KEY] = ("clear", "")
        return None
    if standing is sso.Standing.NEW:
        how = "single sign-on"  # i18n: ignore
        audit.record(console.store, user.username, audit.SIGN_IN, what=how)
    now = utc_now()
    st.session_state[USER_KEY] = user
    st.session_state[SSO_KEY] = key
    st.session_state[SEEN_KEY] = now
    st.session_state[TOUCHED_KEY] = now
    st.session_state.pop(SSO_REFUSED_KEY, None)
    return user


def _keep_session_alive(console: Console, now: datetime) -> None:
    # Marks the stored session active at most once a minute, so a reload after
    # a busy half hour still finds it.
    token = st.session_state.get(TOKEN_KEY)
    key = st.session_state.get(SSO_KEY)
    touched = st.session_state.get(TOUCHED_KEY)
    if touched is not None and (now - touched).total_seconds() <= 60:
        return
    if token:
        auth.touch_session(console.store, token, now)
    if key and (user := current()) is not None:
        sso.standing(console.store, key, user.username, now=now)
    st.session_state[TOUCHED_KEY] = now


def _cookie_job(console: Console) -> None:
    """Have the app's server set or clear the sign-in cookie (HttpOnly; SameSite=Strict).

    The page only hands the browser a one-time ticket: the token itself never passes
    through script, and no script can read the cookie.
    """
    job = st.session_state.pop(COOKIE_JOB_KEY, None)
    if job is None:
        return
    kind, token = job
    opts = "method: 'POST', credentials: 'same-origin'"  # i18n: ignore
    if kind == "set":
        ticket = tickets.issue(console.store, token)
        call = f"fetch('/auth/cookie', {{{opts}, body: {ticket!r}}})"  # i18n: ignore
    else:
        call = f"fetch('/auth/cookie/clear', {{{opts}}})"  # i18n: ignore
    script = "<script>" + call + ";</script>"  # i18n: ignore
    st.html(script, unsafe_allow_javascript=True, width="content")


def _end_stored_session(console: Console) -> None:
    token = st.session_state.pop(TOKEN_KEY, None)
    if token:
        auth.end_session(console.store, token)
    key = st.session_state.pop(SSO_KEY, None)
    if key:
        sso.end(console.store, key)  # a reload does not sign in again with the same account
    # The server clears the sign-in cookie and Streamlit's single sign-on cookie.
    st.session_state[COOKIE_JOB_KEY] = ("clear", "")


def _expired(console: Console, user: User) -> bool:
    seen = st.session_state.get(SEEN_KEY)
    now = utc_now()
    if seen is None or not auth.session_expired(seen, now, auth.SESSION_IDLE_MINUTES):
        return False
    audit.record(console.store, user.username, audit.SIGN_OUT, what="inactivity")
    st.session_state.pop(USER_KEY, None)
    _end_stored_session(console)
    st.session_state[NOTICE_KEY] = (
        "info",
        tr(
            "You were signed out after {minutes} minutes without activity. Sign in again.",
            minutes=auth.SESSION_IDLE_MINUTES,
        ),
    )
    return True


def _sign_in_form(console: Console, users: Directory) -> None:
    st.title(tr("Sign in to ITNIO Console"))
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        kind, text = notice
        (st.error if kind == "error" else st.info)(text)
    submitted = False
    if users.users:
        submitted = _password_form()
    if users.oidc:
        if users.users:
            st.caption(tr("Or use your company account:"))
        st.button(
            tr("Sign in with your company account"), key=SSO_BTN, type="primary",
            icon=":material/badge:", on_click=_login,
        )  # fmt: skip
    if submitted:
        _try_sign_in(console, users)


def _password_form() -> bool:
    with st.form("sign_in_form", enter_to_submit=True, border=True):
        st.text_input(tr("User name"), key=SIGN_IN_NAME, max_chars=200, autocomplete="username")
        st.text_input(
            tr("Password"),
            key=SIGN_IN_PASSWORD,
            type="password",
            max_chars=200,
            autocomplete="current-password",
        )
        submitted = st.form_submit_button(tr("Sign in"), type="primary", key=SIGN_IN_BTN)
    st.caption(
        tr(
            "Accounts are set up by your administrator. After {count} wrong passwords a "
            "name is locked for {minutes} minutes.",
            count=auth.LOCK_AFTER,
            minutes=auth.LOCK_MINUTES,
        )
    )
    return bool(submitted)


def _try_sign_in(console: Console, users: Directory) -> None:
    name = (st.session_state.get(SIGN_IN_NAME) or "").strip()
    password = st.session_state.get(SIGN_IN_PASSWORD) or ""
    if not name or not password:
        st.session_state[NOTICE_KEY] = ("error", tr("Enter your user name and password."))
        st.rerun()
    try:
        user, wait = auth.sign_in(console.store, users, name, password)
    except auth.SignInFailed as exc:
        audit.record(console.store, name[:200], audit.SIGN_IN_FAILED, result=audit.FAILED,
                     detail="locked")  # fmt: skip
        st.session_state[NOTICE_KEY] = ("error", exc.message_for(_i18n.lang()))
        st.rerun()
    if user is None:
        audit.record(console.store, name[:200], audit.SIGN_IN_FAILED, result=audit.FAILED)
        _sleep(wait)  # slows guessing; the count and lock are in the store
        st.session_state[NOTICE_KEY] = (
            "error",
            tr("That user name and password do not match. Check them and try again."),
        )
        st.rerun()
    assert user is not None
    audit.record(console.store, user.username, audit.SIGN_IN)
    token = auth.start_session(console.store, user.username)
    st.session_state[TOKEN_KEY] = token
    st.session_state[COOKIE_JOB_KEY] = ("set", token)
    st.session_state[USER_KEY] = user
    st.session_state[SEEN_KEY] = utc_now()
    st.session_state.pop(SIGN_IN_PASSWORD, None)
    st.session_state.pop(LANG_LOADED_KEY, None)
    st.rerun()


def sign_out(console: Console) -> None:
    """Button callback: forget the user in this browser session."""
    user = current()
    if user is not None and not user.anonymous:
        audit.record(console.store, user.username, audit.SIGN_OUT)
    for key in (USER_KEY, SEEN_KEY, LANG_LOADED_KEY, TOUCHED_KEY):
        st.session_state.pop(key, None)
    _end_stored_session(console)
    st.session_state[NOTICE_KEY] = ("info", tr("You are signed out."))


# ------------------------------------------------------------------ language
def _apply_language(console: Console, user: User) -> None:
    """Once per sign-in: the person's saved language, else the browser's."""
    if st.session_state.get(LANG_LOADED_KEY) == user.username:
        return
    saved = console_settings.language(console.store, user.username)
    if saved:
        st.session_state[LANG_KEY] = saved
    elif LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = _browser_language()
    st.session_state[LANG_LOADED_KEY] = user.username


def _browser_language() -> str:
    locale = getattr(st.context, "locale", None)
    return i18n.normalise(locale)


def _save_language(console: Console, user: User | None) -> None:
    chosen = st.session_state.get(LANG_PICKER) or _i18n.lang()
    st.session_state[LANG_KEY] = chosen
    if user is not None:
        console_settings.set_language(console.store, user.username, chosen)


def _language_picker(console: Console, user: User | None) -> None:
    st.session_state[LANG_PICKER] = _i18n.lang()
    (st.sidebar if user is not None else st).segmented_control(
        "Language / 语言",  # i18n: ignore
        options=list(i18n.LANGUAGES),
        format_func=i18n.LANGUAGES.__getitem__,
        key=LANG_PICKER,
        on_change=_save_language,
        args=(console, user),
    )


def sidebar(console: Console, user: User) -> None:
    """The language switch and who is signed in, with sign-out."""
    _language_picker(console, user)
    if user.anonymous:
        return
    st.sidebar.markdown(
        tr("Signed in as **{name}** ({role})", name=user.display_name, role=role_label(user))
    )
    st.sidebar.button(
        tr("Sign out"), key=SIGN_OUT_BTN, icon=":material/logout:", on_click=sign_out,
        args=(console,),
    )  # fmt: skip


def role_label(user: User) -> str:
    labels = {
        auth.Role.VIEWER: tr("viewer"),
        auth.Role.SENDER: tr("sender"),
        auth.Role.ADMIN: tr("admin"),
    }
    return labels[user.role]
