"""What the OTP and conversion pages share: spreadsheet uploads and bulk-job progress.

A bulk job's progress lives in the store; the panel polls it with a fragment
every second while the job is being worked, and stops polling when it ends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from itnio_core import otp_job_worker, otp_jobs, otp_records, otp_sheets, xlsx_out
from itnio_core.errors import ItnioError
from itnio_core.runtime import Console
from itnio_core.spreadsheets import Table, content_hash, read_table, sheet_names
from views import _shared

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD_TYPES = ["xlsx", "xls", "csv", "ods", "tsv", "txt"]


@st.cache_resource(max_entries=6, ttl=3600, show_spinner=False)
def _sheets(digest: str, filename: str, _data: bytes) -> list[str]:
    return sheet_names(_data, filename)


@st.cache_resource(max_entries=6, ttl=3600, show_spinner="Reading the spreadsheet…")
def _table(digest: str, filename: str, sheet: str | None, _data: bytes) -> Table:
    return read_table(_data, filename, sheet)


@dataclass(frozen=True)
class Upload:
    table: Table
    name: str
    data: bytes
    digest: str  # of the file's content (and the sheet read): the key of "already started"


def upload(label: str, upload_key: str, sheet_key: str) -> Upload | None:
    """A file uploader and sheet picker; the table read, with its file's name and bytes."""
    file = st.file_uploader(label, type=UPLOAD_TYPES, key=upload_key)
    if file is None:
        return None
    data = file.getvalue()
    digest = content_hash(data)
    try:
        names = _sheets(digest, file.name, data)
        sheet = None
        if len(names) > 1:
            sheet = st.selectbox("Which sheet?", names, key=sheet_key)
        table = _table(digest, file.name, sheet, data)
    except ItnioError as exc:
        st.error(exc.user_message, icon=":material/error:")
        return None
    header = f"headers on row {table.header_row}" if table.header_row else "no header row"
    st.caption(f"{file.name}: {len(table.frame):,} rows, {header}.")
    return Upload(table, file.name, data, f"{digest}:{table.sheet}")


def new_upload(
    label: str, upload_key: str, sheet_key: str, started_key: str, again: str
) -> Upload | None:
    """An uploaded file not started yet; a file already started says so (``again``) instead."""
    loaded = upload(label, upload_key, sheet_key)
    if loaded is None:
        return None
    started = started_job(started_key, loaded)
    if started is None:
        return loaded
    st.info(
        f"This file was started as job #{started}, shown below. {again}", icon=":material/info:"
    )
    return None


def started_job(started_key: str, upload: Upload) -> int | None:
    """The job this very file was already started as, in this session (None: not yet)."""
    started: dict[str, int] = st.session_state.get(started_key) or {}
    return started.get(upload.digest)


def remember_started(started_key: str, upload: Upload, job_id: int) -> None:
    started: dict[str, int] = dict(st.session_state.get(started_key) or {})
    started[upload.digest] = job_id
    st.session_state[started_key] = started


def verdict_counts(rows: pd.DataFrame, labels: dict[str, str]) -> None:
    counts = otp_sheets.counts(rows)
    cells = st.columns(len(labels))
    for cell, (verdict, label) in zip(cells, labels.items(), strict=True):
        cell.metric(label, f"{counts.get(verdict, 0):,}", border=True)


def problems(rows: pd.DataFrame, download_key: str, what: str) -> None:
    table = otp_sheets.problem_table(rows)
    if table.empty:
        st.success(f"Every row is ready to be {what}.", icon=":material/check_circle:")
        return
    st.markdown(
        f"**{len(table):,} rows will not be {what}.** They are listed by the row number you "
        "see in Excel."
    )
    st.dataframe(
        table.head(500),
        hide_index=True,
        width="stretch",
        column_config={
            "Row": st.column_config.NumberColumn(width="small"),
            "Verdict": st.column_config.TextColumn(width="small"),
            "Problem": st.column_config.TextColumn(width="large"),
        },
    )
    if len(table) > 500:
        st.caption(f"Showing the first 500; the download has all {len(table):,}.")
    st.download_button(
        "Download the problem rows (.xlsx)",
        data=lambda: xlsx_out.frames_to_xlsx({"Problem rows": table}),
        file_name="problem-rows.xlsx",
        mime=XLSX_MIME,
        key=download_key,
        icon=":material/download:",
        on_click="ignore",
    )


def zone() -> otp_records.Zone:
    tz, name = _shared.viewer_timezone()
    return otp_records.Zone(tz, name)


def job_panel(
    console: Console,
    job_id: int,
    *,
    what: str,
    workbook: Callable[[], bytes],
    file_name: str,
    download_key: str,
    continue_key: str,
    preview: Callable[[int], pd.DataFrame] | None = None,
) -> None:
    """Progress, counts, continue-after-restart and the results download of one job."""
    job = otp_jobs.get(console.store, job_id)
    if job is None:
        return
    st.caption(
        f"Job #{job.id} · {job.source_name or 'no file'} · started "
        f"{_shared.format_time(job.created_at)} by {job.user or '—'}"
    )
    live = job.state == otp_jobs.RUNNING and otp_job_worker.is_working(job_id)
    st.fragment(_live, run_every=1.0 if live else None)(
        console, job_id, live, what, continue_key, preview
    )
    st.download_button(
        "Download the results (.xlsx)",
        data=workbook,
        file_name=file_name,
        mime=XLSX_MIME,
        key=download_key,
        icon=":material/download:",
        on_click="ignore",
        help="Your spreadsheet with result columns added on each row.",
    )


def _live(
    console: Console,
    job_id: int,
    live_at_start: bool,
    what: str,
    continue_key: str,
    preview: Callable[[int], pd.DataFrame] | None,
) -> None:
    job = otp_jobs.get(console.store, job_id)
    if job is None:
        return
    live = job.state == otp_jobs.RUNNING and otp_job_worker.is_working(job_id)
    if live != live_at_start:
        st.rerun()  # start or stop polling
    p = otp_jobs.progress(console.store, job_id)
    st.progress(p.fraction, text=f"{p.finished:,} of {p.worked:,} {what}")
    a, b, c, d = st.columns(4)
    a.metric("Done", f"{p.done:,}", border=True)
    b.metric("Failed", f"{p.failed:,}", border=True)
    c.metric("Unknown", f"{p.unknown:,}", border=True)
    d.metric("Skipped", f"{p.skipped:,}", border=True)
    if job.state == otp_jobs.RUNNING and not live:
        st.warning(
            "This job was interrupted (the console restarted). Rows already done stay done; "
            "continue to do the rest.",
            icon=":material/pause_circle:",
        )
        st.button(
            "Continue", key=continue_key, icon=":material/play_arrow:",
            on_click=continue_job, args=(console, job_id),
        )  # fmt: skip
    elif job.state == otp_jobs.DONE:
        st.caption(f"Finished at {_shared.format_time(job.finished_at or job.created_at)}.")
    if p.unknown:
        st.warning(
            f"{p.unknown:,} rows got no answer from the platform. They are not sent again "
            "automatically; check them before trying again.",
            icon=":material/help:",
        )
    if preview is not None:
        st.dataframe(preview(job_id), hide_index=True, width="stretch")


def continue_job(console: Console, job_id: int) -> None:
    otp_job_worker.resume(console.store, job_id)
    otp_job_worker.start(console.store, console.client_for, job_id)


def start_job(console: Console, job_id: int) -> None:
    otp_job_worker.start(console.store, console.client_for, job_id)


def start_upload_job(
    console: Console, kind: str, rows: pd.DataFrame, loaded: Upload, started_key: str, job_key: str
) -> None:
    """Button callback: one background job per uploaded file, however often it is clicked."""
    if started_job(started_key, loaded) is not None:
        return  # a second click on the same file
    job_id = otp_jobs.create(
        console.store, kind, rows, user=_shared.current_user(),
        source_name=loaded.name, source_data=loaded.data, source_sheet=loaded.table.sheet,
        header_row=loaded.table.header_row,
    )  # fmt: skip
    remember_started(started_key, loaded, job_id)
    st.session_state[job_key] = job_id
    start_job(console, job_id)
