"""Delivery reports: pick a campaign or bring message IDs; one report is ``?campaign=N``
or ``?list=N`` (drawn by ``views/report_view.py``).

The work (reading ids, checking the platform, files) is ``itnio_core``'s.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from itnio_core import worker
from itnio_core.campaigns import store as cs
from itnio_core.common import ItnioError, limits
from itnio_core.console import Console
from itnio_core.reports import Target
from itnio_core.reports import input as report_input
from itnio_core.reports import jobs as report_jobs
from itnio_core.reports import lists as report_lists
from views._ui import pages
from views._ui import shared as _shared
from views._ui import state as _state
from views._ui.i18n import is_chinese, lang, num, tr
from views.reports import _view as report_view

PAGE = pages.REPORTS


def render() -> None:
    go_to = st.session_state.pop(_state.REPORT_GO_TO, None)
    if go_to is not None:  # a list made in a callback: open its report
        st.switch_page(PAGE, query_params=go_to)
    console = _shared.get_console()
    target = _target_from_url(console)
    if target is not None:
        report_view.render_report(console, target)
        return
    st.title(tr("Delivery reports"))
    st.markdown(
        tr(
            "See how many messages arrived, which failed and which are still on their way, "
            "and download the report as a spreadsheet."
        )
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
        if kind == "campaign":
            missing = tr("There is no campaign number {number}.", number=raw)
        else:
            missing = tr("There is no list of message IDs number {number}.", number=raw)
        st.warning(missing, icon=":material/warning:")
    return None


# ------------------------------------------------------------------ message ids people bring
def _bring_ids(console: Console) -> None:
    st.subheader(tr("Check message IDs"))
    paste, upload = st.tabs([tr("Paste message IDs"), tr("Upload a spreadsheet")])
    with paste:
        st.text_area(
            tr("Message IDs, separated by commas, spaces or new lines"),
            key=_state.REPORT_PASTE,
            max_chars=limits.PASTE_MAX_CHARS,
            height=110,
            placeholder="2501011230001000001, 2501011230001000002",
        )
        st.button(
            tr("Check these messages"),
            key=_state.REPORT_PASTE_BTN,
            type="primary",
            icon=":material/search:",
            on_click=_from_paste,
            args=(console,),
        )
    with upload:
        st.file_uploader(
            tr(
                "A spreadsheet with a column of message IDs (.xlsx, .xls, .csv or .ods). The "
                "results file from a campaign's page works as it is."
            ),
            type=["xlsx", "xls", "csv", "ods", "tsv", "txt"],
            key=_state.REPORT_UPLOAD,
        )
        st.button(
            tr("Check the messages in this file"),
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
        st.session_state[_state.REPORT_INPUT_MESSAGE] = ("error", exc.message_for(lang()))
        return
    _open_list(console, found, "")


def _from_upload(console: Console) -> None:
    file = st.session_state.get(_state.REPORT_UPLOAD)
    if file is None:
        st.session_state[_state.REPORT_INPUT_MESSAGE] = ("error", tr("Choose a spreadsheet first."))
        return
    try:
        found = report_input.ids_from_file(file.getvalue(), file.name)
    except ItnioError as exc:
        st.session_state[_state.REPORT_INPUT_MESSAGE] = ("error", exc.message_for(lang()))
        return
    _open_list(console, found, file.name)


def _open_list(console: Console, found: report_input.FoundIds, source: str) -> None:
    """Store the ids as a list, start checking them, and open its report."""
    problems = found.problems_for(lang())
    if not found.ids:
        shown = "\n".join(f"- {p}" for p in problems[:5])
        st.session_state[_state.REPORT_INPUT_MESSAGE] = (
            "error",
            tr("No message ID could be used:") + "\n\n" + shown,
        )
        return
    user = _shared.current_user()
    label = source or _pasted_name(len(found.ids))
    list_id = report_lists.create_list(
        console.store, found.ids, name=label, source_name=source, user=user,
        excel_rows=found.excel_rows,
    )  # fmt: skip
    target = Target("list", list_id)
    report_jobs.request_check(console.store, target, user=user)
    worker.wake()
    st.session_state[_state.REPORT_INPUT_MESSAGE] = None
    skipped = _skipped(found)
    if skipped:
        report_view.note_for(target, skipped, problems[:5])
    st.session_state[_state.REPORT_GO_TO] = {"list": str(list_id)}


def _pasted_name(count: int) -> str:
    """The name a pasted list is stored and shown under."""
    if count == 1:
        return tr("1 pasted message ID")
    return tr("{count} pasted message IDs", count=num(count))


def _skipped(found: report_input.FoundIds) -> str:
    """``1 repeated ID was counted once; 2 entries were not a message ID and skipped.``"""
    parts = []
    if found.duplicates == 1:
        parts.append(tr("1 repeated ID was counted once"))
    elif found.duplicates:
        parts.append(tr("{count} repeated IDs were counted once", count=num(found.duplicates)))
    if found.problem_count == 1:
        parts.append(tr("1 entry was not a message ID and skipped"))
    elif found.problem_count:
        parts.append(
            tr(
                "{count} entries were not a message ID and skipped",
                count=num(found.problem_count),
            )
        )
    if not parts:
        return ""
    return "；".join(parts) + "。" if is_chinese() else "; ".join(parts) + "."


# ------------------------------------------------------------------ what there is
def _campaigns(console: Console) -> None:
    st.subheader(tr("Campaign reports"))
    campaigns = cs.list_campaigns(console.store)
    if not campaigns:
        st.info(
            tr("No campaign has been sent yet. Their reports appear here once they are."),
            icon=":material/inbox:",
        )
        return
    zone = _shared.viewer_timezone()
    report = tr("Report")
    frame = pd.DataFrame(
        [
            {
                report: f"/reports?campaign={c.id}",  # i18n: ignore
                tr("Campaign"): f"#{c.id} {c.name}",
                tr("Recipients"): c.recipients,
                tr("Sent at"): _shared.format_time(c.started_at or c.created_at, zone),
            }
            for c in campaigns
        ]
    )
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        key=_state.REPORT_CAMPAIGN_TABLE,
        column_config={report: st.column_config.LinkColumn(report, display_text=tr("Open"))},
    )


def _lists(console: Console) -> None:
    lists = report_lists.list_lists(console.store)
    if not lists:
        return
    st.subheader(tr("Message IDs checked before"))
    zone = _shared.viewer_timezone()
    report = tr("Report")
    frame = pd.DataFrame(
        [
            {
                report: f"/reports?list={item.id}",  # i18n: ignore
                tr("Name"): item.name,
                tr("Messages"): item.msg_count,
                tr("Added"): _shared.format_time(item.created_at, zone),
                tr("By"): item.created_by or "—",
            }
            for item in lists
        ]
    )
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        key=_state.REPORT_LIST_TABLE,
        column_config={report: st.column_config.LinkColumn(report, display_text=tr("Open"))},
    )


if __name__ == "__main__":
    render()
