"""Stop list: numbers that opted out. Campaigns never send to them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from itnio_core import campaign_flow, stop_list
from itnio_core.errors import ItnioError
from itnio_core.runtime import Console
from views import _shared, _state


def render() -> None:
    console = _shared.get_console()
    st.title("Stop list")
    st.markdown(
        f"People who asked not to receive messages. **{stop_list.count(console.store):,}** "
        "numbers are on the list; every campaign leaves them out and shows them as "
        "“On the stop list”."
    )
    message = st.session_state.get(_state.STOP_MESSAGE)
    if message:
        kind, text = message
        (st.success if kind == "ok" else st.warning)(text)
    add_tab, import_tab = st.tabs(["Add numbers", "Import from a spreadsheet"])
    with add_tab:
        _add(console)
    with import_tab:
        _import(console)
    _browse(console)


def _add(console: Console) -> None:
    st.text_area(
        "Numbers, one per line",
        key=_state.STOP_ADD_TEXT,
        height=120,
        placeholder="+44 7911 123456\n919876543210",
    )
    country = _shared.country_picker(_state.STOP_COUNTRY)
    st.text_input(
        "Note (optional)",
        key=_state.STOP_NOTE,
        max_chars=300,
        placeholder="e.g. replied STOP on 3 May",
    )
    st.button(
        "Add to the stop list",
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
    _report(result, "line")
    if not result.problems:
        st.session_state[_state.STOP_ADD_TEXT] = ""


def _import(console: Console) -> None:
    file = st.file_uploader(
        "Spreadsheet with the numbers (.xlsx, .xls, .csv or .ods)",
        type=["xlsx", "xls", "csv", "ods", "tsv", "txt"],
        key=_state.STOP_UPLOAD,
    )
    if file is None:
        return
    try:
        upload = campaign_flow.load_upload(file.getvalue(), file.name)
    except ItnioError as exc:
        st.error(exc.user_message, icon=":material/error:")
        return
    if upload.phone_column is None:
        st.error("No column in this file looks like phone numbers.", icon=":material/error:")
        return
    st.caption(
        f"{len(upload.table.frame):,} rows; numbers taken from the column “{upload.phone_column}”."
    )
    country = _shared.country_picker(_state.STOP_IMPORT_COUNTRY)
    st.button(
        "Import these numbers",
        key=_state.STOP_IMPORT_BTN,
        type="primary",
        on_click=_import_upload,
        args=(console, upload, country),
    )


def _import_upload(console: Console, upload: campaign_flow.Upload, country: str | None) -> None:
    column = upload.phone_column or ""
    table = upload.table
    result = stop_list.add_values(
        console.store,
        list(table.frame[column]),
        [int(r) for r in table.excel_rows],
        country=country,
        user=_shared.current_user(),
        note=f"imported from {upload.filename}",
    )
    _report(result, "row")


def _report(result: stop_list.ImportResult, unit: str) -> None:
    text = f"Added {result.added:,} numbers"
    if result.already:
        text += f" ({result.already:,} were already on the list)"
    text += "."
    if result.problems:
        shown = "; ".join(f"{unit} {n} ({raw}): {why}" for n, raw, why in result.problems[:10])
        more = f" and {len(result.problems) - 10:,} more" if len(result.problems) > 10 else ""
        text += f" {len(result.problems):,} could not be added: {shown}{more}."
        st.session_state[_state.STOP_MESSAGE] = ("warn", text)
    else:
        st.session_state[_state.STOP_MESSAGE] = ("ok", text)


def _browse(console: Console) -> None:
    st.subheader("On the list")
    search = st.text_input("Search by number", key=_state.STOP_SEARCH)
    entries = stop_list.entries(console.store, search=search)
    if not entries:
        st.caption("No number matches." if search else "The stop list is empty.")
        return
    zone = _shared.viewer_timezone()
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Number": e.number,
                    "Added": _shared.format_time(e.added_at, zone),
                    "By": e.added_by or "—",
                    "Note": e.note,
                }
                for e in entries
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    remove = st.multiselect(
        "Remove numbers from the list", [e.number for e in entries], key=_state.STOP_REMOVE
    )
    st.button(
        "Remove selected",
        key=_state.STOP_REMOVE_BTN,
        disabled=not remove,
        on_click=_remove,
        args=(console,),
    )


def _remove(console: Console) -> None:
    numbers = st.session_state.get(_state.STOP_REMOVE, [])
    removed = stop_list.remove(console.store, numbers)
    st.session_state[_state.STOP_MESSAGE] = ("ok", f"Removed {removed:,} numbers.")
    st.session_state[_state.STOP_REMOVE] = []


if __name__ == "__main__":
    render()
