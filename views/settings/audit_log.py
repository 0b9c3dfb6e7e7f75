"""Settings › Audit log (administrators): every action, who did it, when, and how it went."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from functools import partial

import streamlit as st

from itnio_core.access import audit
from views._ui import i18n as _i18n
from views._ui import shared as _shared
from views._ui import state as _state
from views._ui.i18n import num, tr

LIMIT = 5000


def render() -> None:
    console = _shared.get_console()
    st.title(tr("Audit log"))
    st.markdown(
        tr(
            "Every action taken in the console: sending, OTPs, look-ups, conversions, "
            "downloads, settings changes and sign-ins, newest first."
        )
    )
    lang = _i18n.lang()
    who_col, what_col = st.columns(2)
    user = who_col.selectbox(
        tr("Person"),
        audit.users(console.store),
        index=None,
        placeholder=tr("Everyone"),
        key=_state.AUDIT_USER,
    )
    actions = what_col.multiselect(
        tr("Actions"),
        list(audit.ACTION_LABELS),
        format_func=lambda a: audit.ACTION_LABELS[a][1 if _i18n.is_chinese() else 0],
        placeholder=tr("All actions"),
        key=_state.AUDIT_ACTIONS,
    )
    tz, tz_name = _shared.viewer_timezone()
    today = datetime.now(tz).date()
    from_col, to_col = st.columns(2)
    start = from_col.date_input(
        tr("Start date"), value=today - timedelta(days=30), key=_state.AUDIT_FROM
    )
    end = to_col.date_input(tr("End date (inclusive)"), value=today, key=_state.AUDIT_TO)
    since = datetime.combine(start, time(), tz).astimezone(UTC)
    until = datetime.combine(end + timedelta(days=1), time(), tz).astimezone(UTC)
    found = audit.entries(
        console.store, user=user, actions=actions or None, since=since, until=until, limit=LIMIT
    )
    if not found:
        st.info(tr("Nothing matches these filters."), icon=":material/info:")
        return
    frame = audit.table(found, lang, tz, tz_name)
    shown = tr("{count} entries", count=num(len(found)))
    if len(found) == LIMIT:
        shown += " " + tr(
            "(the newest {limit}; narrow the dates to see older ones)", limit=num(LIMIT)
        )
    st.caption(shown)
    st.dataframe(frame, hide_index=True, width="stretch")
    st.download_button(
        tr("Download as a spreadsheet (.xlsx)"),
        data=partial(audit.export_xlsx, frame),  # written only when clicked
        file_name=f"audit-log-{start:%Y%m%d}-{end:%Y%m%d}.xlsx",  # i18n: ignore
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=_state.AUDIT_DL,
        icon=":material/download:",
        on_click=_exported,
        args=(len(found),),
    )


def _exported(count: int) -> None:
    audit.record(
        _shared.get_console().store,
        _shared.current_user(),
        audit.EXPORT,
        what=f"audit log, {count} entries",  # i18n: ignore
    )


if __name__ == "__main__":
    render()
