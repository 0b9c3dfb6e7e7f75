"""Look up an OTP by its orderId: the result in words, a timeline, every attempt's fields.

Also many at once from a spreadsheet of orderIds, worked off the page with a
progress bar and handed back as the person's workbook with results added.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial

import pandas as pd
import streamlit as st

from itnio_core import money
from itnio_core.api import OtpRecord
from itnio_core.bulk import jobs as otp_jobs
from itnio_core.bulk import results as otp_job_results
from itnio_core.bulk import sheets as otp_sheets
from itnio_core.common import ItnioError, limits, mask_number, now_ms, utc_now
from itnio_core.console import Console
from itnio_core.conversions import backfill as conversions
from itnio_core.otp import records as otp_records
from itnio_core.otp import store as otp_store
from views._ui import shared as _shared
from views._ui import state as _state
from views._ui.i18n import N_, lang, num, tr
from views.otp import _jobs as _otp_jobs
from views.otp import _record as _otp_record

LOOKUP_LABELS = {
    "ok": N_("To look up"),
    "invalid": N_("Has a problem"),
    "duplicate": N_("Duplicates"),
}


@dataclass(frozen=True)
class Looked:
    order_id: str
    record: OtpRecord | None
    error: str
    error_zh: str
    at: datetime


def render() -> None:
    console = _shared.get_console()
    st.title(tr("Look up an OTP"))
    one, many = st.tabs([tr("One orderId"), tr("Many, from a spreadsheet")])
    with one:
        _one(console)
    with many:
        _many(console)


# ------------------------------------------------------------------ one
def _one(console: Console) -> None:
    wanted = st.query_params.get("order")
    if wanted and st.session_state.get(_state.OTP_LOOKUP_FROM_URL) != wanted:
        st.session_state[_state.OTP_LOOKUP_FROM_URL] = wanted  # once per link, not per rerun
        st.session_state[_state.OTP_LOOKUP_ORDER] = wanted
        _look_up(console)
    sends = [
        s for s in otp_store.list_sends(console.store, limit=80) if s.state != otp_store.FAILED
    ][:50]  # a refused send has nothing to look up
    left, right = st.columns(2)
    left.text_input(
        "orderId",
        key=_state.OTP_LOOKUP_ORDER,
        max_chars=limits.ORDER_ID_MAX_CHARS,
        placeholder="otp-1714572192000-…",
    )
    right.selectbox(
        tr("Or pick one of your recent sends"),
        [s.order_id for s in sends],
        format_func={s.order_id: _send_label(s) for s in sends}.__getitem__,
        index=None,
        key=_state.OTP_LOOKUP_PICK,
        placeholder=tr("Recent sends, newest first"),
        on_change=_picked,
        args=(console,),
    )
    st.button(
        tr("Look up"), key=_state.OTP_LOOKUP_BTN, type="primary", icon=":material/search:",
        on_click=_look_up, args=(console,),
    )  # fmt: skip
    looked: Looked | None = st.session_state.get(_state.OTP_LOOKUP_RESULT)
    if looked is not None:
        _show(console, looked)


def _send_label(s: otp_store.OtpSend) -> str:
    return (
        f"{_shared.format_time(s.at)} · {s.channel.upper()} · {mask_number(s.number)} · "
        f"{s.order_id}"
    )


def _picked(console: Console) -> None:
    picked = st.session_state.get(_state.OTP_LOOKUP_PICK)
    if picked:
        st.session_state[_state.OTP_LOOKUP_ORDER] = picked
        _look_up(console)


def _look_up(console: Console) -> None:
    order_id = str(st.session_state.get(_state.OTP_LOOKUP_ORDER) or "").strip()
    at = utc_now()
    try:
        rec = console.client_for(_shared.current_user()).get_otp_record(order_id)
    except ItnioError as exc:
        looked = Looked(order_id, None, exc.user_message, exc.message_zh, at)
    else:
        otp_store.record_lookup(
            console.store, order_id, rec.verification.matched, otp_records.delivered(rec),
            rec.verification.verified_date,
        )  # fmt: skip
        money.learn_from_otp_record(console.store, rec)  # a learned price
        looked = Looked(order_id, rec, "", "", at)
    st.session_state[_state.OTP_LOOKUP_RESULT] = looked
    st.session_state[_state.OTP_CONVERT_MESSAGE] = None


def _show(console: Console, looked: Looked) -> None:
    if looked.record is None:
        error, other = _otp_jobs.both(looked.error, looked.error_zh)
        st.error(error, icon=":material/error:")
        if other:
            st.caption(other)
        return
    rec, zone = looked.record, _otp_jobs.display_zone()
    _otp_record.verdict(rec)
    st.caption(
        tr(
            "Looked up at {when} for orderId `{order}`.",
            when=_shared.format_time(looked.at),
            order=looked.order_id,
        )
    )
    _actions(console, looked, rec)
    _otp_record.details(rec, zone)


def _actions(console: Console, looked: Looked, rec: OtpRecord) -> None:
    send = otp_store.get_by_order(console.store, looked.order_id)
    if send is not None:
        words = _otp_jobs.word(otp_store.STATE_WORDS.get(send.state, send.state))
        why, _ = _otp_jobs.both(send.error_en or "", send.error_zh or "")
        why = f" {why}" if send.state == otp_store.FAILED and why else ""
        st.caption(
            tr(
                "In your OTP history: {when}, by {user}, {channel}, template {template}. "
                "Status: {status}.",
                when=_shared.format_time(send.at),
                user=send.user or tr("this console"),
                channel=send.channel.upper(),
                template=send.template_id,
                status=words,
            )
            + why
        )
    cols = st.columns([1, 2])
    cols[0].button(
        tr("Look up again"), key=_state.OTP_LOOKUP_AGAIN_BTN, icon=":material/refresh:",
        on_click=_again, args=(console, looked.order_id),
    )  # fmt: skip
    message = st.session_state.get(_state.OTP_CONVERT_MESSAGE)
    if send is not None and send.verification_id and rec.verification.matched != 0:
        done = conversions.get(console.store, send.verification_id)
        if done is None or done.state == conversions.FAILED:
            cols[1].button(
                tr("Report as converted (the code was used)"),
                key=_state.OTP_CONVERT_BTN,
                icon=":material/task_alt:",
                on_click=_convert,
                args=(console, send),
                help=tr("Tells the platform the customer used this code, now."),
            )
    if message:
        kind, sentence = message
        getattr(st, kind)(sentence)


def _again(console: Console, order_id: str) -> None:
    st.session_state[_state.OTP_LOOKUP_ORDER] = order_id
    _look_up(console)


def _convert(console: Console, send: otp_store.OtpSend) -> None:
    user = _shared.current_user()
    attempt = conversions.report_once(
        console.store, console.client_for(user), str(send.verification_id), send.number,
        now_ms(), user=user, source="otp",
    )  # fmt: skip
    _again(console, send.order_id)  # the record changes once the platform knows
    st.session_state[_state.OTP_CONVERT_MESSAGE] = conversions.describe(attempt, lang())


# ------------------------------------------------------------------ many
def _many(console: Console) -> None:
    st.markdown(
        tr(
            "Upload a spreadsheet with one orderId per row. Each is looked up in the "
            "background; you get your spreadsheet back with the result of each row added."
        )
    )
    loaded = _otp_jobs.new_upload(
        tr("Spreadsheet of orderIds (.xlsx, .xls, .csv or .ods)"),
        _state.OTP_BULK_UPLOAD,
        _state.OTP_BULK_SHEET,
        _state.OTP_BULK_STARTED,
        tr("Upload another file to look up more."),
    )
    if loaded is not None:
        _check_and_start(console, loaded)
    _job(console)


def _check_and_start(console: Console, loaded: _otp_jobs.Upload) -> None:
    table = loaded.table
    detected = otp_sheets.detect_order_column(table)
    column = st.selectbox(
        tr("orderId column"),
        table.columns,
        index=table.columns.index(detected) if detected in table.columns else 0,
        key=_state.OTP_BULK_COLUMN,
    )
    rows = otp_sheets.check_lookup_rows(table, column, lang())
    _otp_jobs.verdict_counts(rows, LOOKUP_LABELS)
    _otp_jobs.problems(rows, _state.OTP_BULK_PROBLEMS_DL, "lookup")
    ready = int((rows["verdict"] == "ok").sum())
    st.button(
        tr("Look up {count} orderIds", count=num(ready)),
        key=_state.OTP_BULK_START_BTN,
        type="primary",
        icon=":material/manage_search:",
        disabled=ready == 0,
        on_click=_otp_jobs.start_upload_job,
        args=(console, otp_jobs.LOOKUP, rows, loaded, _state.OTP_BULK_STARTED, _state.OTP_BULK_JOB),
    )


def _job(console: Console) -> None:
    job_id = st.session_state.get(_state.OTP_BULK_JOB)
    if job_id is None:
        recent = otp_jobs.recent(console.store, otp_jobs.LOOKUP, limit=1)
        if not recent:
            return
        job_id = recent[0].id
    st.subheader(tr("Results of the bulk lookup"))
    zone = _otp_jobs.zone()
    _otp_jobs.job_panel(
        console, job_id, progress_text=tr("{finished} of {worked} orderIds looked up"),
        workbook=partial(otp_job_results.lookup_workbook, console.store, job_id, zone),
        file_name=f"otp-lookups-{job_id}.xlsx", download_key=_state.OTP_BULK_DL,  # i18n: ignore
        preview=partial(_preview, console),
    )  # fmt: skip


def _preview(console: Console, job_id: int) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                N_("Row"): row.excel_row,
                "orderId": row.key,
                N_("Lookup"): _otp_jobs.word(otp_jobs.ROW_WORDS.get(row.state, row.state)),
                N_("Result"): otp_records.matched_words(row.record.verification.matched, lang())
                if row.record
                else "",
                N_("Problem or error"): row.problem(lang()),
            }
            for row in otp_job_results.preview(console.store, job_id)
        ]
    )


if __name__ == "__main__":
    render()
