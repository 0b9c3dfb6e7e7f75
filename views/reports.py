"""Delivery reports: pick a campaign or bring message IDs; one report is ``?campaign=N``
or ``?list=N`` (drawn by ``views/report_view.py``).

The work (reading ids, checking the platform, files) is ``itnio_core``'s.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from itnio_core import campaign_store as cs
from itnio_core import report_input, report_jobs, report_lists
from itnio_core.errors import ItnioError
from itnio_core.reports import Target, report_client
from itnio_core.runtime import Console
from views import _report_view as report_view
from views import _shared, _state

PAGE = "views/reports.py"


def render() -> None:
    go_to = st.session_state.pop(_state.REPORT_GO_TO, None)
    if go_to is not None:  # a list made in a callback: open its report
        st.switch_page(PAGE, query_params=go_to)
    console = _shared.get_console()
    target = _target_from_url(console)
    if target is not None:
        report_view.render_report(console, target)
        return
    st.title("Delivery reports")
    st.markdown(
        "See how many messages arrived, which failed and which are still on their way, "
        "and download the report as a spreadsheet."
    )
    _bring_ids(console)
    _campaigns(console)
    _lists(console)


def _target_from_url(console: Console) -> Target | None:
    for kind in ("campaign", "list"):
        raw = st.query_params.get(kind)
        if raw is None:
            continue
        if raw.isdigit():
            exists = (
                cs.get(console.store, int(raw))
                if kind == "campaign"
                else report_lists.get_list(console.store, int(raw))
            )
            if exists is not None:
                return Target("campaign" if kind == "campaign" else "list", int(raw))
        noun = "campaign" if kind == "campaign" else "list of message IDs"
        st.warning(f"There is no {noun} number {raw}.", icon=":material/warning:")
    return None


# ------------------------------------------------------------------ message ids people bring
def _bring_ids(console: Console) -> None:
    st.subheader("Check message IDs")
    paste, upload = st.tabs(["Paste message IDs", "Upload a spreadsheet"])
    with paste:
        st.text_area(
            "Message IDs, separated by commas, spaces or new lines",
            key=_state.REPORT_PASTE,
            height=110,
            placeholder="2501011230001000001, 2501011230001000002",
        )
        st.button(
            "Check these messages",
            key=_state.REPORT_PASTE_BTN,
            type="primary",
            icon=":material/search:",
            on_click=_from_paste,
            args=(console,),
        )
    with upload:
        st.file_uploader(
            "A spreadsheet with a column of message IDs (.xlsx, .xls, .csv or .ods). The results "
            "file from a campaign's page works as it is.",
            type=["xlsx", "xls", "csv", "ods", "tsv", "txt"],
            key=_state.REPORT_UPLOAD,
        )
        st.button(
            "Check the messages in this file",
            key=_state.REPORT_UPLOAD_BTN,
            type="primary",
            icon=":material/upload_file:",
            on_click=_from_upload,
            args=(console,),
        )
    message = st.session_state.get(_state.REPORT_INPUT_MESSAGE)
    if message:
        kind, text = message
        (st.error if kind == "error" else st.warning)(text, icon=":material/warning:")


def _from_paste(console: Console) -> None:
    try:
        found = report_input.ids_from_text(st.session_state.get(_state.REPORT_PASTE, ""))
    except ItnioError as exc:
        st.session_state[_state.REPORT_INPUT_MESSAGE] = ("error", exc.user_message)
        return
    _open_list(console, found, "pasted", "")


def _from_upload(console: Console) -> None:
    file = st.session_state.get(_state.REPORT_UPLOAD)
    if file is None:
        st.session_state[_state.REPORT_INPUT_MESSAGE] = ("error", "Choose a spreadsheet first.")
        return
    try:
        found = report_input.ids_from_file(file.getvalue(), file.name)
    except ItnioError as exc:
        st.session_state[_state.REPORT_INPUT_MESSAGE] = ("error", exc.user_message)
        return
    _open_list(console, found, file.name, file.name)


def _open_list(console: Console, found: report_input.FoundIds, name: str, source: str) -> None:
    if not found.ids:
        shown = "\n".join(f"- {p}" for p in found.problems[:5])
        st.session_state[_state.REPORT_INPUT_MESSAGE] = (
            "error",
            f"No message ID could be used:\n\n{shown}",
        )
        return
    user = _shared.current_user()
    label = name if source else f"{len(found.ids):,} pasted message ID" + "s" * (len(found.ids) > 1)
    list_id = report_lists.create_list(
        console.store, found.ids, name=label, source_name=source, user=user,
        excel_rows=found.excel_rows,
    )  # fmt: skip
    target = Target("list", list_id)
    client = report_client(console.settings, recorder=console.store, user=user)
    report_jobs.start_check(console.store, client, target, user=user)
    skipped = []
    if found.duplicates:
        skipped.append(
            _count(found.duplicates, "repeated ID was", "repeated IDs were") + " counted once"
        )
    if found.problem_count:
        skipped.append(
            _count(found.problem_count, "entry was", "entries were")
            + " not a message ID and skipped"
        )
    st.session_state[_state.REPORT_INPUT_MESSAGE] = None
    if skipped:
        report_view.note_for(target, "; ".join(skipped) + ".", found.problems[:5])
    st.session_state[_state.REPORT_GO_TO] = {"list": str(list_id)}


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


# ------------------------------------------------------------------ what there is
def _campaigns(console: Console) -> None:
    st.subheader("Campaign reports")
    campaigns = cs.list_campaigns(console.store)
    if not campaigns:
        st.info(
            "No campaign has been sent yet. Their reports appear here once they are.",
            icon=":material/inbox:",
        )
        return
    zone = _shared.viewer_timezone()
    frame = pd.DataFrame(
        [
            {
                "Report": f"/reports?campaign={c.id}",
                "Campaign": f"#{c.id} {c.name}",
                "Recipients": c.recipients,
                "Sent": _shared.format_time(c.started_at or c.created_at, zone),
            }
            for c in campaigns
        ]
    )
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        key=_state.REPORT_CAMPAIGN_TABLE,
        column_config={"Report": st.column_config.LinkColumn("Report", display_text="Open")},
    )


def _lists(console: Console) -> None:
    lists = report_lists.list_lists(console.store)
    if not lists:
        return
    st.subheader("Message IDs checked before")
    zone = _shared.viewer_timezone()
    frame = pd.DataFrame(
        [
            {
                "Report": f"/reports?list={item.id}",
                "Name": item.name,
                "Messages": item.msg_count,
                "Added": _shared.format_time(item.created_at, zone),
                "By": item.created_by or "—",
            }
            for item in lists
        ]
    )
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        key=_state.REPORT_LIST_TABLE,
        column_config={"Report": st.column_config.LinkColumn("Report", display_text="Open")},
    )


if __name__ == "__main__":
    render()
