"""Settings › API activity: every request the console made, newest first."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

import streamlit as st

from itnio_core.api import ENDPOINT_LABELS
from itnio_core.store import ApiCall
from views._ui import i18n as _i18n
from views._ui import shared as _shared
from views._ui import state as _state
from views._ui.i18n import tr

LIMITS = (25, 50, 100, 200)


def render() -> None:
    console = _shared.get_console()
    st.title(tr("API activity"))
    st.markdown(tr("Every request the console has made to the platform, newest first."))
    limit_col, refresh_col = st.columns([1, 3], vertical_alignment="bottom")
    limit = limit_col.selectbox(tr("Show the last"), LIMITS, index=1, key=_state.ACTIVITY_LIMIT)
    refresh_col.button(tr("Refresh"), key=_state.ACTIVITY_REFRESH_BTN, icon=":material/refresh:")
    calls = console.store.recent_calls(limit)
    if not calls:
        st.info(
            tr(
                "No requests yet. They appear here as soon as the console talks to the "
                "platform, for example when you check the connection."
            ),
            icon=":material/info:",
        )
        return
    st.dataframe(activity_rows(calls, _shared.viewer_timezone()), hide_index=True)


def activity_rows(calls: Sequence[ApiCall], zone: tuple[tzinfo, str]) -> list[dict[str, object]]:
    """One plain-words row per call; the time column names its clock."""
    tz, tz_name = zone
    label = 1 if _i18n.is_chinese() else 0
    return [
        {
            tr("Time ({zone})", zone=tz_name): f"{call.at.astimezone(tz):%Y-%m-%d %H:%M:%S}",
            tr("Request"): ENDPOINT_LABELS.get(call.endpoint, (call.endpoint, call.endpoint))[
                label
            ],
            tr("Result"): _result(call),
            tr("IDs returned"): len(call.ids),
            tr("Problem"): call.error,
        }
        for call in calls
    ]


def _result(call: ApiCall) -> str:
    if call.ok:
        return tr("Succeeded")
    if call.status is not None:
        return tr("Refused (code {code})", code=call.status)
    return tr("No answer")


if __name__ == "__main__":
    render()
