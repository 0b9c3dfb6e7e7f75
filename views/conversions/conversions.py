"""Report conversions (backfill): one, from a spreadsheet, or from a campaign's messages.

Every msgid is reported at most once: the store claims it before the call,
so a double click, a repeated row or a second upload never reports it twice.
"""

from __future__ import annotations

from datetime import datetime, time
from functools import partial

import pandas as pd
import streamlit as st

from itnio_core.bulk import jobs as otp_jobs
from itnio_core.bulk import results as otp_job_results
from itnio_core.bulk import sheets as otp_sheets
from itnio_core.common import InvalidInputError, limits, mask_number, now_ms
from itnio_core.console import Console
from itnio_core.conversions import backfill as conversions
from itnio_core.i18n import translate as i18n
from itnio_core.phones import country_choices
from itnio_core.sheets import Table
from views._ui import shared as _shared
from views._ui import state as _state
from views._ui.i18n import N_, lang, num, tr
from views.conversions import _lists as _conversions_lists
from views.otp import _jobs as _otp_jobs

FILE_LABELS = {
    "ok": N_("Ready to report"),
    "invalid": N_("Has a problem"),
    "duplicate": N_("Duplicates"),
    "already": N_("Already reported"),
}


def render() -> None:
    console = _shared.get_console()
    st.title(tr("Report conversions"))
    st.markdown(
        tr(
            "Tell the platform when a customer used a code or acted on a message, so it can "
            "tune its routes. Each message id is reported once, however often you try."
        )
    )
    one, sheet, campaign, done = st.tabs(
        [tr("One conversion"), tr("From a spreadsheet"), tr("From a campaign"), tr("Reported")]
    )
    with one:
        _one(console)
    with sheet:
        _sheet(console)
    with campaign:
        _conversions_lists.campaign(console)
    with done:
        _conversions_lists.reported(console)


# ------------------------------------------------------------------ one
def _one(console: Console) -> None:
    left, right = st.columns(2)
    left.text_input(
        tr("Message id (msgid)"),
        key=_state.CONV_MSGID,
        max_chars=limits.MSG_ID_MAX_CHARS,
        placeholder="2108021059531000096",
        help=tr("The msgId of an SMS, or the verificationId of an OTP."),
    )
    right.text_input(
        tr("Phone number it was sent to"),
        key=_state.CONV_NUMBER,
        max_chars=limits.PHONE_MAX_CHARS,
        placeholder="8613712659204",
    )
    _shared.country_picker(_state.CONV_COUNTRY)
    tz, tz_name = _shared.viewer_timezone()
    use_now = st.toggle(tr("The code was used just now"), value=True, key=_state.CONV_NOW)
    if not use_now:
        if st.session_state.get(_state.CONV_TIME) is None:  # "now" until the person picks
            now = datetime.now(tz).replace(tzinfo=None, second=0, microsecond=0)
            st.session_state[_state.CONV_TIME] = now
        st.datetime_input(
            tr("When was it used? ({zone})", zone=tz_name),
            key=_state.CONV_TIME,
            step=60,
            format="YYYY-MM-DD",
        )
    st.button(
        tr("Report the conversion"), key=_state.CONV_BTN, type="primary",
        icon=":material/task_alt:", on_click=_report_one, args=(console,),
    )  # fmt: skip
    result = st.session_state.get(_state.CONV_RESULT)
    if result:
        getattr(st, result[0])(result[1])


def _country(key: str) -> str | None:
    index = st.session_state.get(key)
    return country_choices()[index][0] if isinstance(index, int) else None


def _report_one(console: Console) -> None:
    s = st.session_state
    try:
        msgid = conversions.check_msgid(s.get(_state.CONV_MSGID))
        number = conversions.check_number(
            s.get(_state.CONV_NUMBER, ""), _country(_state.CONV_COUNTRY)
        )
        time_ms = now_ms() if s.get(_state.CONV_NOW, True) else _picked_ms()
    except InvalidInputError as exc:
        s[_state.CONV_RESULT] = ("error", exc.message_for(lang()))
        return
    user = _shared.current_user()
    attempt = conversions.report_once(
        console.store, console.client_for(user), msgid, number, time_ms, user=user,
        source="single",
    )  # fmt: skip
    s[_state.CONV_RESULT] = conversions.describe(attempt, lang())


def _picked_ms() -> int:
    picked = st.session_state.get(_state.CONV_TIME)
    tz, _ = _shared.viewer_timezone()
    if isinstance(picked, datetime):
        moment = picked.replace(tzinfo=tz)
    elif picked is not None:
        moment = datetime.combine(picked, time(), tzinfo=tz)
    else:
        raise InvalidInputError(
            N_("Pick when the code was used."),
            field="time",
            message_zh=i18n.translate(N_("Pick when the code was used."), "zh"),
        )
    return round(moment.timestamp() * 1000)


# ------------------------------------------------------------------ spreadsheet
def _sheet(console: Console) -> None:
    st.markdown(
        tr(
            "Upload a spreadsheet with a **msgid**, a **number** and a **time** column. Times "
            "can be Excel dates, text like 2024-05-01 14:03 (with or without a time zone), or "
            "epoch seconds or milliseconds. Every row is checked first; nothing is sent until "
            "you start."
        )
    )
    loaded = _otp_jobs.new_upload(
        tr("Spreadsheet of conversions (.xlsx, .xls, .csv or .ods)"),
        _state.CONV_UPLOAD,
        _state.CONV_SHEET,
        _state.CONV_STARTED,
        tr("A row is never reported twice. Upload another file to report more."),
    )
    if loaded is not None:
        _check_and_start(console, loaded)
    _job(console)


def _column(label: str, table: Table, found: str | None, key: str) -> str | None:
    columns = table.columns
    return st.selectbox(
        label, columns, index=columns.index(found) if found in columns else None, key=key,
        placeholder=tr("Choose the column"),
    )  # fmt: skip


def _check_and_start(console: Console, loaded: _otp_jobs.Upload) -> None:
    table = loaded.table
    msgid_col, number_col, time_col = otp_sheets.detect_backfill_columns(table)
    a, b, c = st.columns(3)
    with a:
        msgid_col = _column(tr("msgid column"), table, msgid_col, _state.CONV_MSGID_COL)
    with b:
        number_col = _column(tr("Number column"), table, number_col, _state.CONV_NUMBER_COL)
    with c:
        time_col = _column(tr("Time column"), table, time_col, _state.CONV_TIME_COL)
    _shared.country_picker(_state.CONV_FILE_COUNTRY)
    tz, tz_name = _shared.viewer_timezone()
    st.caption(tr("Times written without a time zone are read as {zone} time.", zone=tz_name))
    if not (msgid_col and number_col and time_col):
        st.warning(tr("Choose the three columns to check the rows."), icon=":material/warning:")
        return
    rows = otp_sheets.check_backfill_rows(
        table, console.store, msgid_column=msgid_col, number_column=number_col,
        time_column=time_col, default_tz=tz, country=_country(_state.CONV_FILE_COUNTRY),
        lang=lang(),
    )  # fmt: skip
    _otp_jobs.verdict_counts(rows, FILE_LABELS)
    _otp_jobs.problems(rows, _state.CONV_PROBLEMS_DL, "report")
    ready = int((rows["verdict"] == "ok").sum())
    st.button(
        tr("Report {count} conversions", count=num(ready)),
        key=_state.CONV_START_BTN, type="primary", icon=":material/send:",
        disabled=ready == 0, on_click=_otp_jobs.start_upload_job,
        args=(console, otp_jobs.BACKFILL, rows, loaded, _state.CONV_STARTED, _state.CONV_JOB),
    )  # fmt: skip


def _job(console: Console) -> None:
    job_id = st.session_state.get(_state.CONV_JOB)
    if job_id is None:
        recent = otp_jobs.recent(console.store, otp_jobs.BACKFILL, limit=1)
        if not recent:
            return
        job_id = recent[0].id
    st.subheader(tr("Results of the conversion report"))
    _otp_jobs.job_panel(
        console, job_id, progress_text=tr("{finished} of {worked} conversions reported"),
        workbook=partial(otp_job_results.backfill_workbook, console.store, job_id),
        file_name=f"conversions-{job_id}.xlsx", download_key=_state.CONV_DL,  # i18n: ignore
        preview=partial(_preview, console),
    )  # fmt: skip


def _preview(console: Console, job_id: int) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                N_("Row"): row.excel_row,
                "msgid": row.key,
                N_("Number"): mask_number(row.number) if row.number else "",
                N_("Conversion report"): _otp_jobs.word(otp_job_results.backfill_word(row.state)),
                N_("Problem or error"): row.problem(lang()),
            }
            for row in otp_job_results.preview(console.store, job_id)
        ]
    )


if __name__ == "__main__":
    render()
