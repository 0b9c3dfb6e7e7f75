"""Settings › the daily cap in money, beside the cap in messages: the estimated cost one
person may confirm per day (UTC). Saved and audited by ``access.console_settings``."""

from __future__ import annotations

import streamlit as st

from itnio_core import money
from itnio_core.access import console_settings
from itnio_core.common import ItnioError
from itnio_core.console import Console
from views._ui import i18n as _i18n
from views._ui import shared as _shared
from views._ui import state as _state
from views._ui.i18n import tr


def section(console: Console) -> None:
    current = console_settings.load(console.store, console.settings)
    currency = money.list_currency(console.store)
    message = st.session_state.pop(_state.SETTINGS_MONEY_MESSAGE, None)
    if message:
        kind, text = message
        (st.success if kind == "ok" else st.error)(text)
    with st.form(_state.SETTINGS_MONEY_FORM, border=True):
        st.text_input(
            tr("Daily spending cap per person, in {currency} (0 = no cap)", currency=currency),
            value=current.daily_money_cap or "0",
            key=_state.SETTINGS_MONEY_CAP,
            help=tr(
                "The estimated cost of the campaigns one person may confirm per day (UTC), "
                "at the price list's prices."
            ),
        )
        st.form_submit_button(tr("Save the spending cap"), on_click=_save)


def _save() -> None:
    console = _shared.get_console()
    try:
        changed = console_settings.save(
            console.store,
            {"daily_money_cap": st.session_state.get(_state.SETTINGS_MONEY_CAP, "")},
            user=_shared.current_user(),
            base=console.settings,
        )
    except ItnioError as exc:
        st.session_state[_state.SETTINGS_MONEY_MESSAGE] = ("error", exc.message_for(_i18n.lang()))
        return
    text = tr("Saved the spending cap.") if changed else tr("Nothing changed.")
    st.session_state[_state.SETTINGS_MONEY_MESSAGE] = ("ok", text)
