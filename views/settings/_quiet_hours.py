"""Settings › quiet hours: sending windows per country calling code (India +91: 09:00–21:00
in Asia/Kolkata), with an optional default for every other country; and, in sandbox mode,
the sandbox clock, moved to rehearse them ("it is 23:30 in India now")."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from itnio_core import quiet_hours, worker
from itnio_core.common import ItnioError, TimeParseError, parse_time, zone_named
from itnio_core.console import Console
from views._ui import shared as _shared
from views._ui import state as _state
from views._ui.i18n import lang, tr

ZONE_EXAMPLE = "Asia/Kolkata"  # i18n: ignore
WHEN_EXAMPLE = "2026-12-24 23:30"


def render(console: Console) -> None:
    st.subheader(tr("Quiet hours"))
    st.markdown(
        tr(
            "Campaign messages to a country go only inside its sending window, in the time zone "
            "you name; recipients outside it are held until it opens, and sent by the console "
            "then. OTPs are never held. A country that spans several time zones follows the "
            "one named here."
        )
    )
    found = quiet_hours.rules.load(console.store)
    _table(found)
    _form(console)
    _remove(console, found)
    message = st.session_state.pop(_state.QUIET_MESSAGE, None)
    if message:
        kind, text = message
        (st.success if kind == "ok" else st.error)(text)
    if console.is_sandbox:
        _sandbox_clock(console)


def _table(found: dict[str, quiet_hours.Window]) -> None:
    if not found:
        st.caption(tr("No quiet hours: campaigns go at any hour."))
        return
    rules = sorted(found.values(), key=lambda r: (r.key == quiet_hours.DEFAULT_KEY, r.key))
    table = pd.DataFrame(
        {
            tr("Country"): [quiet_hours.rules.label(r.key, lang()) for r in rules],
            tr("Sending window"): [r.hours for r in rules],
            tr("Time zone"): [r.zone for r in rules],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", key=_state.QUIET_TABLE)


def _form(console: Console) -> None:
    with st.form(key="quiet_form", border=True):
        code, hours, zone = st.columns(3)
        code.text_input(tr("Calling code"), key=_state.QUIET_CODE, placeholder="+91",
                        help=tr("Like +91 for India; * for every other country."))  # fmt: skip
        hours.text_input(tr("Sending window"), key=_state.QUIET_HOURS, placeholder="09:00-21:00")
        zone.text_input(
            tr("Time zone"), key=_state.QUIET_ZONE, placeholder=ZONE_EXAMPLE
        )  # i18n: ignore
        st.form_submit_button(tr("Save the sending window"), key=_state.QUIET_SAVE_BTN,
                              icon=":material/bedtime:", on_click=_save,
                              args=(console,))  # fmt: skip


def _save(console: Console) -> None:
    get = st.session_state.get
    try:
        rule = quiet_hours.window(get(_state.QUIET_CODE, ""), get(_state.QUIET_HOURS, ""),
                                  get(_state.QUIET_ZONE, ""))  # fmt: skip
        quiet_hours.rules.save(console.store, rule, user=_shared.current_user())
    except ItnioError as exc:
        st.session_state[_state.QUIET_MESSAGE] = ("error", exc.message_for(lang()))
        return
    st.session_state[_state.QUIET_MESSAGE] = (
        "ok",
        tr("Saved: {country} receives campaigns from {opens} to {closes} ({zone}).",
           country=quiet_hours.rules.label(rule.key, lang()), opens=f"{rule.opens:%H:%M}",
           closes=f"{rule.closes:%H:%M}", zone=rule.zone),
    )  # fmt: skip


def _remove(console: Console, found: dict[str, quiet_hours.Window]) -> None:
    if not found:
        return
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    key = left.selectbox(tr("Remove the window of"), list(found), key=_state.QUIET_REMOVE,
                         format_func=lambda k: quiet_hours.rules.label(k, lang()))  # fmt: skip
    right.button(tr("Remove"), key=_state.QUIET_REMOVE_BTN, icon=":material/delete:",
                 on_click=_do_remove, args=(console, key))  # fmt: skip


def _do_remove(console: Console, key: str) -> None:
    quiet_hours.rules.remove(console.store, key, user=_shared.current_user())
    st.session_state[_state.QUIET_MESSAGE] = (
        "ok", tr("Removed: {country} receives campaigns at any hour.",
                 country=quiet_hours.rules.label(key, lang())),
    )  # fmt: skip


def _sandbox_clock(console: Console) -> None:
    """Sandbox only: move the clock quiet hours follow, to rehearse them without waiting."""
    st.markdown(tr("**Sandbox clock** (sandbox mode only)"))
    offset = quiet_hours.sandbox_offset(console.store)
    clock = quiet_hours.clock_for(console.store, sandbox=True)
    st.markdown(
        tr("Quiet hours here follow the sandbox clock: it reads {when}.",
           when=_shared.format_time(quiet_hours.moment(clock)))
    )  # fmt: skip
    if offset:
        st.caption(tr("It is {hours} hours ahead of the real time.", hours=f"{offset / 3600:+.2f}"))
    when, zone = st.columns(2)
    when.text_input(tr("Date and time"), key=_state.CLOCK_WHEN, placeholder=WHEN_EXAMPLE)
    zone.text_input(tr("Time zone"), key=_state.CLOCK_ZONE, placeholder=ZONE_EXAMPLE)
    set_col, reset_col = st.columns(2)
    set_col.button(tr("Move the sandbox clock"), key=_state.CLOCK_SET_BTN,
                   icon=":material/schedule:", on_click=_move, args=(console,))  # fmt: skip
    reset_col.button(tr("Back to the real time"), key=_state.CLOCK_RESET_BTN,
                     icon=":material/restore:", on_click=_reset, args=(console,))  # fmt: skip


def _move(console: Console) -> None:
    get = st.session_state.get
    try:
        tz, _name = zone_named(get(_state.CLOCK_ZONE) or None, default="utc")
        moment = parse_time(get(_state.CLOCK_WHEN) or "", tz)
    except TimeParseError as exc:
        text = exc.message_zh if lang().startswith("zh") else exc.message
        st.session_state[_state.QUIET_MESSAGE] = ("error", text)
        return
    except ItnioError as exc:
        st.session_state[_state.QUIET_MESSAGE] = ("error", exc.message_for(lang()))
        return
    quiet_hours.set_sandbox_time(console.store, moment, user=_shared.current_user())
    worker.wake()  # held recipients whose window has now opened go at once


def _reset(console: Console) -> None:
    quiet_hours.set_sandbox_time(console.store, None, user=_shared.current_user())
    worker.wake()
