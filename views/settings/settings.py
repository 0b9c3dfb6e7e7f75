"""Settings (administrators): mode, credentials, a connection check, and defaults."""

from __future__ import annotations

import streamlit as st

from itnio_core import worker
from itnio_core.access import console_settings
from itnio_core.common import ItnioError, limits
from itnio_core.console import Console
from itnio_core.phones import country_choices
from views._ui import i18n as _i18n
from views._ui import shared as _shared
from views._ui import state as _state
from views._ui.i18n import num, tr
from views.settings import _money_cap, _quiet_hours
from views.settings import _receipts as receipts_section

SECRETS_EXAMPLE = """\
# .streamlit/secrets.toml  (or the same names as environment variables)
ITNIO_API_KEY = "your API key"
ITNIO_API_SECRET = "your API secret"
ITNIO_SMS_APP_ID = "your SMS app id"
ITNIO_OTP_APP_ID = "your OTP app id"
"""


def render() -> None:
    console = _shared.get_console()
    st.title(tr("Settings"))
    st.markdown(_shared.mode_sentence(console))
    _mode(console)
    _details(console)
    _shared.show_background_work(console)
    _workers(console)
    st.subheader(tr("Test the connection"))
    st.markdown(tr("Asks the platform for your balance. Nothing is sent and nothing is charged."))
    st.button(
        tr("Check connection"),
        key=_state.SETTINGS_CHECK_BTN,
        icon=":material/network_check:",
        on_click=_shared.run_check,
        args=(_state.SETTINGS_CHECK_RESULT,),
    )
    _shared.show_check_result(_state.SETTINGS_CHECK_RESULT)
    _defaults(console)
    receipts_section.render(console)
    _money_cap.section(console)
    _quiet_hours.render(console)
    _how_to_change()


def _workers(console: Console) -> None:
    """Which processes run it: the web servers (unless ITNIO_WORKER_IN_WEB is off) and
    any `itnio worker`."""
    alive = worker.liveness(console.store).alive
    kinds = {"web": tr("web server"), "worker": tr("worker")}
    for w in alive:
        st.caption(
            tr(
                "{kind} on {host} (process {pid}), last heartbeat {when}",
                kind=kinds.get(w.kind, w.kind),
                host=w.host,
                pid=w.pid,
                when=_shared.format_time(w.beat_at),
            )
        )
    if not console.settings.worker_in_web:
        st.caption(tr("This web server leaves the background work to `scripts/itnio worker`."))


# ------------------------------------------------------------------ mode
def _mode(console: Console) -> None:
    st.subheader(tr("Mode"))
    options = ["sandbox", "live"]
    labels = {"sandbox": tr("Sandbox (practice, nothing is sent)"), "live": tr("Live platform")}
    st.session_state[_state.SETTINGS_MODE] = "sandbox" if console.is_sandbox else "live"
    st.radio(
        tr("Mode"),
        options,
        format_func=labels.__getitem__,
        key=_state.SETTINGS_MODE,
        horizontal=True,
        label_visibility="collapsed",
        disabled=not console.has_credentials,
        on_change=_change_mode,
    )
    if not console.has_credentials:
        st.caption(
            tr(
                "Live mode needs the ITNIO API key and secret; see “How to change these "
                "settings” below."
            )
        )


def _change_mode() -> None:
    console = _shared.get_console()
    sandbox = st.session_state.get(_state.SETTINGS_MODE) == "sandbox"
    console_settings.save(
        console.store,
        {"force_sandbox": sandbox},
        user=_shared.current_user(),
        base=console.settings,
    )
    _shared.get_console.clear()  # reopen in the chosen mode
    _shared.forget_balance()
    st.session_state[_state.SETTINGS_MESSAGE] = (
        "ok",
        tr("The console now uses the sandbox.")
        if sandbox
        else tr("The console now uses the live platform: messages are real and charged."),
    )


# ------------------------------------------------------------------ credentials
def _details(console: Console) -> None:
    s = console.settings
    server = tr("Built-in simulator") if console.is_sandbox else tr("ITNIO platform")
    simulator_note = tr(" (the simulator's own test key)") if console.is_sandbox else ""
    secret = tr("set (never shown)") if s.api_secret else tr("not set")
    st.subheader(tr("Current settings"))
    st.markdown(
        "\n".join(
            [
                f"- **{tr('Server')}:** {server} — `{s.base_url}`",
                f"- **{tr('API key')}:** `{s.masked_key}`{simulator_note}",
                f"- **{tr('API secret')}:** {secret}",
                f"- **{tr('SMS app id')}:** {_or_not_set(s.sms_app_id)}",
                f"- **{tr('OTP app id')}:** {_or_not_set(s.otp_app_id)}",
                f"- **{tr('History saved in')}:** `{console.store.address}`",
            ]
        )
    )


def _or_not_set(value: str) -> str:
    return f"`{value}`" if value else tr("not set")


# ------------------------------------------------------------------ defaults
def _defaults(console: Console) -> None:
    current = console_settings.load(console.store, console.settings)
    st.subheader(tr("Defaults and limits"))
    message = st.session_state.pop(_state.SETTINGS_MESSAGE, None)
    if message:
        kind, text = message
        (st.success if kind == "ok" else st.error)(text)
    countries = country_choices()
    codes = [c[0] for c in countries]
    labels = _shared.country_labels()
    with st.form(_state.SETTINGS_FORM, border=True):
        st.selectbox(
            tr("Default country for numbers written without a country code"),
            range(len(countries)),
            format_func=labels.__getitem__,
            index=codes.index(current.default_country)
            if current.default_country in codes
            else None,
            placeholder=tr("None: every number has its country code"),
            key=_state.SETTINGS_COUNTRY,
        )
        st.text_input(
            tr("Default sender ID"),
            value=current.default_sender_id,
            max_chars=limits.SENDER_ID_MAX_CHARS,
            key=_state.SETTINGS_SENDER,
            help=tr("Filled in on New campaign; people can change it there."),
        )
        st.number_input(
            tr("Confirmation threshold"),
            min_value=1,
            max_value=console_settings.MAX_THRESHOLD,
            value=current.confirm_threshold,
            step=100,
            key=_state.SETTINGS_THRESHOLD,
            help=tr("Campaigns to more people than this ask the sender to type the count."),
        )
        st.number_input(
            tr("Daily sending cap per person (0 = no cap)"),
            min_value=0,
            max_value=console_settings.MAX_DAILY_CAP,
            value=current.daily_cap,
            step=1000,
            key=_state.SETTINGS_CAP,
            help=tr("Messages one person may send per day (UTC), campaigns and OTPs together."),
        )
        st.form_submit_button(tr("Save settings"), type="primary", on_click=_save)
    if current.daily_cap:
        st.caption(tr("Daily cap: {cap} messages per person.", cap=num(current.daily_cap)))


def _save() -> None:
    console = _shared.get_console()
    countries = country_choices()
    index = st.session_state.get(_state.SETTINGS_COUNTRY)
    changes = {
        "default_country": countries[index][0] if index is not None else "",
        "default_sender_id": st.session_state.get(_state.SETTINGS_SENDER, ""),
        "confirm_threshold": st.session_state.get(_state.SETTINGS_THRESHOLD),
        "daily_cap": st.session_state.get(_state.SETTINGS_CAP),
    }
    try:
        changed = console_settings.save(
            console.store, changes, user=_shared.current_user(), base=console.settings
        )
    except ItnioError as exc:
        st.session_state[_state.SETTINGS_MESSAGE] = ("error", exc.message_for(_i18n.lang()))
        return
    if changed:
        names = ", ".join(_shared.translated(console_settings.LABELS[n]) for n in changed)
        text = tr("Saved: {names}.", names=names)
    else:
        text = tr("Nothing changed.")
    st.session_state[_state.SETTINGS_MESSAGE] = ("ok", text)


def _how_to_change() -> None:
    with st.expander(tr("How to change these settings")):
        st.markdown(
            tr(
                "The API key, secret and app ids are read when the console starts. Ask whoever "
                "runs the console to put your ITNIO credentials in `.streamlit/secrets.toml` or "
                "in environment variables with these names, then restart it. With no key and "
                "secret the console runs in sandbox mode."
            )
        )
        st.code(SECRETS_EXAMPLE, language="toml")


if __name__ == "__main__":
    render()
