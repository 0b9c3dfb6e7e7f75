"""Settings, "Delivery receipts": the address to give the platform's support team, its
rotation, what it received, and when a message without a receipt is asked about."""

from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st

from itnio_core import receipts
from itnio_core.common import ItnioError
from itnio_core.console import Console
from views._ui import shared as _shared
from views._ui import state as _state
from views._ui.i18n import N_, lang, num, tr

_COUNTERS = {
    receipts.STORED: N_("Receipts stored"),
    receipts.WRONG_TOKEN: N_("Wrong addresses"),
    receipts.REFUSED: N_("Refused bodies"),
    receipts.FOREIGN_APP: N_("Another app id"),
}


def base_url() -> str:
    """This console's address as the browser sees it (scheme, host and port)."""
    parts = urlsplit(str(st.context.url or ""))
    if not parts.scheme or not parts.netloc:
        return "http://localhost:8501"  # i18n: ignore
    return f"{parts.scheme}://{parts.netloc}"


def render(console: Console) -> None:
    store = console.store
    st.subheader(tr("Delivery receipts"))
    st.markdown(
        tr(
            "The platform pushes a delivery receipt for every message to an address you give "
            "its support team. Reports then fill in as messages are delivered, without asking "
            "the platform. Give them this address (it contains a secret: share it only with "
            "them):"
        )
    )
    st.code(receipts.address(store, base_url()), language=None)
    st.caption(
        tr(
            "The address must be reachable from the internet over https for the real "
            "platform: use the address people open this console with. In sandbox mode the "
            "built-in sandbox already pushes its receipts here."
        )
    )
    _counters(console)
    _rotate(console)
    _fallback(console)
    message = st.session_state.pop(_state.SETTINGS_RECEIPTS_MESSAGE, None)
    if message:
        kind, text = message
        (st.success if kind == "ok" else st.error)(text)


def _counters(console: Console) -> None:
    with console.store.engine.connect() as conn:
        found = receipts.counters(conn)
    cells = st.columns(len(_COUNTERS))
    for cell, (name, label) in zip(cells, _COUNTERS.items(), strict=True):
        count, _when = found.get(name, (0, None))
        cell.metric(_shared.translated(label), num(count), border=True)


def _rotate(console: Console) -> None:
    sure = st.checkbox(
        tr("I will give the new address to the platform's support team"),
        key=_state.SETTINGS_RECEIPTS_ROTATE_SURE,
        help=tr("The old address stops working at once: receipts sent there are refused."),
    )
    st.button(
        tr("Make a new address"),
        key=_state.SETTINGS_RECEIPTS_ROTATE_BTN,
        icon=":material/autorenew:",
        disabled=not sure,
        on_click=_do_rotate,
        args=(console,),
    )


def _do_rotate(console: Console) -> None:
    receipts.rotate(console.store, _shared.current_user())
    st.session_state[_state.SETTINGS_RECEIPTS_ROTATE_SURE] = False
    st.session_state[_state.SETTINGS_RECEIPTS_MESSAGE] = (
        "ok",
        tr("A new address was made. Give it to the platform's support team."),
    )


def _fallback(console: Console) -> None:
    minutes = receipts.fallback_minutes(console.store)
    if _state.SETTINGS_RECEIPTS_FALLBACK not in st.session_state:
        st.session_state[_state.SETTINGS_RECEIPTS_FALLBACK] = minutes
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.number_input(
        tr("Ask the platform about a message without a receipt after (minutes)"),
        min_value=1,
        max_value=receipts.FALLBACK_MAX_MINUTES,
        step=1,
        key=_state.SETTINGS_RECEIPTS_FALLBACK,
        help=tr(
            "Reports ask the platform (getReport) only for messages whose receipt has not "
            "come this long after they were sent, and when someone clicks “Check now”."
        ),
    )
    right.button(
        tr("Save"),
        key=_state.SETTINGS_RECEIPTS_SAVE_BTN,
        on_click=_save_fallback,
        args=(console,),
    )


def _save_fallback(console: Console) -> None:
    value = int(st.session_state.get(_state.SETTINGS_RECEIPTS_FALLBACK) or 0)
    try:
        changed = receipts.set_fallback_minutes(console.store, value, _shared.current_user())
    except ItnioError as exc:
        st.session_state[_state.SETTINGS_RECEIPTS_MESSAGE] = ("error", exc.message_for(lang()))
        return
    if changed:
        st.session_state[_state.SETTINGS_RECEIPTS_MESSAGE] = ("ok", tr("Saved."))
