"""Stop list: numbers that opted out. Campaigns never send to them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from itnio_core.campaigns import flow as campaign_flow
from itnio_core.campaigns import stop_list
from itnio_core.common import limits
from itnio_core.console import Console
from views._ui import shared as _shared
from views._ui import state as _state
from views._ui import upload as _upload
from views._ui.i18n import is_chinese, num, tr


def render() -> None:
    console = _shared.get_console()
    st.title(tr("Stop list"))
    st.markdown(
        tr(
            "People who asked not to receive messages. **{count}** numbers are on the list; "
            "every campaign leaves them out and shows them as “On the stop list”.",
            count=num(stop_list.count(console.store)),
        )
    )
    message = st.session_state.get(_state.STOP_MESSAGE)
    if message:
        kind, text = message
        (st.success if kind == "ok" else st.warning)(text)
    add_tab, import_tab = st.tabs([tr("Add numbers"), tr("Import from a spreadsheet")])
    with add_tab:
        _add(console)
    with import_tab:
        _import(console)
    _browse(console)


def _add(console: Console) -> None:
    st.text_area(
        tr("Numbers, one per line"),
        key=_state.STOP_ADD_TEXT,
        max_chars=limits.PASTE_MAX_CHARS,
        height=120,
        placeholder="+44 7911 123456\n919876543210",
    )
    country = _shared.country_picker(_state.STOP_COUNTRY)
    st.text_input(
        tr("Note (optional)"),
        key=_state.STOP_NOTE,
        max_chars=300,
        placeholder=tr("e.g. replied STOP on 3 May"),
    )
    st.button(
        tr("Add to the stop list"),
        key=_state.STOP_ADD_BTN,
        type="primary",
        on_click=_add_typed,
        args=(console, country),
    )


def _add_typed(console: Console, country: str | None) -> None:
    text = st.session_state.get(_state.STOP_ADD_TEXT, "")
    result = stop_list.add_text(
        console.store,
        text,
        country=country,
        user=_shared.current_user(),
        note=st.session_state.get(_state.STOP_NOTE, ""),
    )
    _report(result, lines=True)
    if not result.problems:
        st.session_state[_state.STOP_ADD_TEXT] = ""


def _import(console: Console) -> None:
    upload = _read_upload()
    if upload is None:
        return
    columns = list(upload.table.columns)
    left, right = st.columns(2)
    detected = upload.phone_column
    column = left.selectbox(
        tr("Phone number column"),
        columns,
        index=columns.index(detected) if detected in columns else None,
        key=_state.STOP_COLUMN,
        placeholder=tr("Choose the column with the phone numbers"),
        help=tr("Found automatically; change it if the console picked the wrong one."),
    )
    country = _shared.country_picker(_state.STOP_IMPORT_COUNTRY, right)
    if column is None:
        st.warning(
            tr("No column looks like phone numbers. Choose the column that holds them."),
            icon=":material/warning:",
        )
        return
    st.button(
        tr("Import these numbers"),
        key=_state.STOP_IMPORT_BTN,
        type="primary",
        **_upload.on_click(_import_upload, console, upload, column, country),
    )


def _read_upload() -> campaign_flow.Upload | None:
    """The uploaded file, its sheet picked when it has several; parsed once per content."""
    loaded = _upload.read(
        tr("Spreadsheet with the numbers (.xlsx, .xls, .csv or .ods)"),
        _state.STOP_UPLOAD,
        _state.STOP_SHEET,
    )
    return loaded[0] if loaded is not None else None


def _import_upload(
    console: Console, upload: campaign_flow.Upload, column: str, country: str | None
) -> None:
    table = upload.table
    result = stop_list.add_values(
        console.store,
        list(table.frame[column]),
        [int(r) for r in table.excel_rows],
        country=country,
        user=_shared.current_user(),
        note=tr("imported from {file}", file=upload.filename),
    )
    _report(result, lines=False)


def _report(result: stop_list.ImportResult, *, lines: bool) -> None:
    """What was added, in the language of the person who added it, shown above the tabs."""
    if result.already:
        text = tr(
            "Added {added} numbers ({already} were already on the list).",
            added=num(result.added),
            already=num(result.already),
        )
    else:
        text = tr("Added {added} numbers.", added=num(result.added))
    if result.problems:
        text += " " + _problems(result.problems, lines)
        st.session_state[_state.STOP_MESSAGE] = ("warn", text)
    else:
        st.session_state[_state.STOP_MESSAGE] = ("ok", text)


def _problems(problems: list[tuple[int, str, str, str]], lines: bool) -> str:
    """``2 could not be added: line 3 (abc): …; row 7 (123): ….``"""
    shown = []
    for n, raw, why, why_zh in problems[:10]:
        reason = why_zh if is_chinese() else why
        if lines:
            shown.append(tr("line {n} ({raw}): {reason}", n=n, raw=raw, reason=reason))
        else:
            shown.append(tr("row {n} ({raw}): {reason}", n=n, raw=raw, reason=reason))
    listed = ("；" if is_chinese() else "; ").join(shown)
    if len(problems) > 10:
        return tr(
            "{count} could not be added: {shown} and {more} more.",
            count=num(len(problems)),
            shown=listed,
            more=num(len(problems) - 10),
        )
    return tr("{count} could not be added: {shown}.", count=num(len(problems)), shown=listed)


def _browse(console: Console) -> None:
    st.subheader(tr("On the list"))
    search = st.text_input(
        tr("Search by number"), key=_state.STOP_SEARCH, max_chars=limits.SEARCH_MAX_CHARS
    )
    entries = stop_list.entries(console.store, search=search)
    if not entries:
        st.caption(tr("No number matches.") if search else tr("The stop list is empty."))
        return
    zone = _shared.viewer_timezone()
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("Number"): e.number,
                    tr("Added"): _shared.format_time(e.added_at, zone),
                    tr("By"): e.added_by or "—",
                    tr("Note"): e.note,
                }
                for e in entries
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    remove = st.multiselect(
        tr("Remove numbers from the list"), [e.number for e in entries], key=_state.STOP_REMOVE
    )
    st.button(
        tr("Remove selected"),
        key=_state.STOP_REMOVE_BTN,
        disabled=not remove,
        on_click=_remove,
        args=(console,),
    )


def _remove(console: Console) -> None:
    numbers = st.session_state.get(_state.STOP_REMOVE, [])
    removed = stop_list.remove(console.store, numbers)
    st.session_state[_state.STOP_MESSAGE] = (
        "ok",
        tr("Removed {count} numbers.", count=num(removed)),
    )
    st.session_state[_state.STOP_REMOVE] = []


if __name__ == "__main__":
    render()
