"""What the OTP and conversion pages share: spreadsheet uploads and bulk-job progress.

A bulk job's progress lives in the store; the panel polls it with a fragment
every second while the job is being worked, and stops polling when it ends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from itnio_core import worker
from itnio_core.bulk import jobs as otp_jobs
from itnio_core.bulk import sheets as otp_sheets
from itnio_core.console import Console
from itnio_core.i18n import translate as i18n
from itnio_core.otp import records as otp_records
from itnio_core.sheets import Table
from itnio_core.sheets import write as xlsx_out
from views._ui import shared as _shared
from views._ui import upload as _upload
from views._ui.i18n import N_, is_chinese, lang, num, tr

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def word(text: str) -> str:
    """A word or sentence the core wrote in English (a channel, a status), in the
    session's language; its Chinese is in the catalogs like any page text."""
    return i18n.translate(text, lang())


def both(english: str, chinese: str) -> tuple[str, str]:
    """(the text in the session's language, the other language or "" when the same)."""
    first, second = (chinese, english) if is_chinese() and chinese else (english, chinese)
    return first, (second if second and second != first else "")


def fact(cell: Any, label: str, value: str) -> None:
    """A bold label over its value, in a column."""
    cell.markdown(f"**{label}**  \n{value}")


@dataclass(frozen=True)
class Upload:
    table: Table
    name: str
    data: bytes
    digest: str  # of the file's content (and the sheet read): the key of "already started"


def upload(label: str, upload_key: str, sheet_key: str) -> Upload | None:
    """A file uploader and sheet picker; the table read, with its file's name and bytes."""
    loaded = _upload.read(label, upload_key, sheet_key)
    if loaded is None:
        return None
    sheet, digest = loaded
    return Upload(sheet.table, sheet.filename, sheet.data, f"{digest}:{sheet.table.sheet}")


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
        tr("This file was started as job #{job}, shown below. {again}", job=started, again=again),
        icon=":material/info:",
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
    """One metric per verdict; ``labels`` are English (``N_``), shown translated."""
    counts = otp_sheets.counts(rows)
    cells = st.columns(len(labels))
    for cell, (verdict, label) in zip(cells, labels.items(), strict=True):
        cell.metric(word(label), num(counts.get(verdict, 0)), border=True)


def translated_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """The same table with its (English) column headers in the session's language."""
    return frame.rename(columns={c: word(str(c)) for c in frame.columns})


def problems(rows: pd.DataFrame, download_key: str, action: str) -> None:
    """The rows that will not be sent; ``action`` is "lookup" or "report"."""
    table = otp_sheets.problem_table(rows)  # English: the download stays English
    if table.empty:
        if action == "lookup":
            ready = tr("Every row is ready to be looked up.")
        else:
            ready = tr("Every row is ready to be reported.")
        st.success(ready, icon=":material/check_circle:")
        return
    count = num(len(table))
    if action == "lookup":
        st.markdown(
            tr(
                "**{count} rows will not be looked up.** They are listed by the row number "
                "you see in Excel.",
                count=count,
            )
        )
    else:
        st.markdown(
            tr(
                "**{count} rows will not be reported.** They are listed by the row number "
                "you see in Excel.",
                count=count,
            )
        )
    shown = table.head(500).assign(Verdict=lambda t: t["Verdict"].map(word))  # i18n: ignore
    st.dataframe(
        translated_columns(shown),
        hide_index=True,
        width="stretch",
        column_config={
            word(N_("Row")): st.column_config.NumberColumn(width="small"),
            word(N_("Verdict")): st.column_config.TextColumn(width="small"),
            word(N_("Problem")): st.column_config.TextColumn(width="large"),
        },
    )
    if len(table) > 500:
        st.caption(tr("Showing the first 500; the download has all {count}.", count=count))
    st.download_button(
        tr("Download the problem rows (.xlsx)"),
        data=lambda: xlsx_out.frames_to_xlsx({"Problem rows": table}),  # i18n: ignore
        file_name="problem-rows.xlsx",
        mime=XLSX_MIME,
        key=download_key,
        icon=":material/download:",
        on_click=_shared.record_export,
        args=("problem-rows.xlsx",),
    )


def zone() -> otp_records.Zone:
    """The person's zone, for workbooks (which stay English)."""
    tz, name = _shared.viewer_timezone()
    return otp_records.Zone(tz, name)


def display_zone() -> otp_records.Zone:
    """The person's zone and language, for what the page shows."""
    tz, name = _shared.viewer_timezone()
    return otp_records.Zone(tz, name, lang())


def job_panel(
    console: Console,
    job_id: int,
    *,
    progress_text: str,
    workbook: Callable[[], bytes],
    file_name: str,
    download_key: str,
    preview: Callable[[int], pd.DataFrame] | None = None,
) -> None:
    """Progress, counts, continue-after-restart and the results download of one job.

    ``progress_text`` is a translated template with ``{finished}`` and ``{worked}``.
    """
    job = otp_jobs.get(console.store, job_id)
    if job is None:
        return
    st.caption(
        tr(
            "Job #{job} · {file} · started {when} by {user}",
            job=job.id,
            file=word(job.source_name) if job.source_name else tr("no file"),
            when=_shared.format_time(job.created_at),
            user=job.user or "—",
        )
    )
    live = job.state == otp_jobs.RUNNING
    st.fragment(_live, run_every=1.0 if live else None)(
        console, job_id, live, progress_text, preview
    )
    st.download_button(
        tr("Download the results (.xlsx)"),
        data=workbook,
        file_name=file_name,
        mime=XLSX_MIME,
        key=download_key,
        icon=":material/download:",
        on_click=_shared.record_export,
        args=(file_name,),
        help=tr("Your spreadsheet with result columns added on each row."),
    )


def _live(
    console: Console,
    job_id: int,
    live_at_start: bool,
    progress_text: str,
    preview: Callable[[int], pd.DataFrame] | None,
) -> None:
    job = otp_jobs.get(console.store, job_id)
    if job is None:
        return
    live = job.state == otp_jobs.RUNNING
    if live != live_at_start:
        st.rerun()  # start or stop polling
    p = otp_jobs.progress(console.store, job_id)
    text = progress_text.format(finished=num(p.finished), worked=num(p.worked))
    st.progress(p.fraction, text=text)
    a, b, c, d = st.columns(4)
    a.metric(tr("Done"), num(p.done), border=True)
    b.metric(tr("Failed"), num(p.failed), border=True)
    c.metric(tr("Unknown"), num(p.unknown), border=True)
    d.metric(tr("Skipped"), num(p.skipped), border=True)
    if job.state == otp_jobs.DONE:
        when = _shared.format_time(job.finished_at or job.created_at)
        st.caption(tr("Finished at {when}.", when=when))
    if p.unknown:
        st.warning(
            tr(
                "{count} rows got no answer from the platform. They are not sent again "
                "automatically; check them before trying again.",
                count=num(p.unknown),
            ),
            icon=":material/help:",
        )
    if preview is not None:
        st.dataframe(translated_columns(preview(job_id)), hide_index=True, width="stretch")


def start_job(console: Console, job_id: int) -> None:
    """The job's rows are stored; the worker takes them (at once, when it runs here)."""
    worker.wake()


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
