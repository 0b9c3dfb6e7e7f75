"""OTP history: every code sent, searchable; report used ones as converted; the funnel."""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from itnio_core.access import Action
from itnio_core.bulk import jobs as otp_jobs
from itnio_core.bulk import results as otp_job_results
from itnio_core.common import limits, mask_number, now_ms, utc_now
from itnio_core.console import Console
from itnio_core.conversions import backfill as conversions
from itnio_core.otp import CHANNEL_LABELS
from itnio_core.otp import funnel as otp_funnel
from itnio_core.otp import records as otp_records
from itnio_core.otp import store as otp_store
from views._ui import pages
from views._ui import shared as _shared
from views._ui import state as _state
from views._ui.i18n import N_, lang, num, pct, tr
from views.otp import _jobs as _otp_jobs

LIST_LIMIT = 200
STAGE, COUNT, RATE, COUNTRY = "Stage", "Count", "Rate %", "Country code"  # i18n: ignore
PERIODS = {
    7: N_("Last 7 days"),
    30: N_("Last 30 days"),
    90: N_("Last 90 days"),
    0: N_("Everything"),
}


def render() -> None:
    console = _shared.get_console()
    st.title(tr("OTP history"))
    st.markdown(
        tr(
            "Every code sent from this console (the app and the command line), newest first. "
            "Numbers are masked; search with the whole number or part of an orderId."
        )
    )
    search = st.text_input(
        tr("Search by number or orderId"),
        key=_state.OTP_HISTORY_SEARCH,
        max_chars=limits.SEARCH_MAX_CHARS,
        placeholder=tr("919876543210 or otp-1714…"),
    )
    sends = otp_store.list_sends(console.store, search, limit=LIST_LIMIT)
    if sends:
        _table(console, sends)
    elif search.strip():
        st.info(tr("No send matches that number or orderId."), icon=":material/search_off:")
    else:
        st.info(tr("No OTP has been sent yet."), icon=":material/inbox:")
        st.page_link(pages.OTP_SEND, label=tr("Send an OTP"), icon=":material/password:")
    _job(console)
    _funnel(console)


def _table(console: Console, sends: list[otp_store.OtpSend]) -> None:
    zone = _shared.viewer_timezone()
    reported = otp_store.reported_ids(
        console.store, [s.verification_id for s in sends if s.verification_id]
    )
    frame = _otp_jobs.translated_columns(pd.DataFrame([_row(s, zone, reported) for s in sends]))
    open_column = tr("Open")
    event: Any = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        key=_state.OTP_HISTORY_TABLE,
        on_select="rerun",
        selection_mode="multi-row",
        column_config={
            open_column: st.column_config.LinkColumn(open_column, display_text=tr("Look up")),
        },
    )
    if len(sends) == LIST_LIMIT:
        st.caption(
            tr("Showing the newest {count}; search to find older sends.", count=num(LIST_LIMIT))
        )
    picked = [sends[i] for i in event.selection.rows] if event is not None else []
    convertible = [s for s in picked if s.state == otp_store.SENT and s.verification_id]
    left, right = st.columns(2)
    if not _shared.may(Action.REPORT_CONVERSION):
        return
    left.button(
        tr("Report the {count} selected as converted", count=num(len(convertible)))
        if convertible else tr("Select sends to report them as converted"),
        key=_state.OTP_HISTORY_CONVERT_BTN, icon=":material/task_alt:",
        disabled=not convertible, on_click=_convert, args=(console, convertible),
        help=tr("Tells the platform these codes were used, now. Each is reported once."),
    )  # fmt: skip
    listed = [s for s in sends if s.state == otp_store.SENT]
    right.button(
        tr("Update delivery and verification of the {count} listed", count=num(len(listed))),
        key=_state.OTP_HISTORY_REFRESH_BTN, icon=":material/refresh:",
        disabled=not listed, on_click=_refresh, args=(console, listed),
        help=tr(
            "Looks up each record in the background; the funnel below uses what it finds."
        ),
    )  # fmt: skip
    message = st.session_state.get(_state.OTP_HISTORY_MESSAGE)
    if message:
        getattr(st, message[0])(message[1])


def _row(s: otp_store.OtpSend, zone: Any, reported: set[str]) -> dict[str, Any]:
    checked = s.checked_at is not None
    yes, no = tr("Yes"), tr("No")
    word = _otp_jobs.word
    return {
        N_("Sent at"): _shared.format_time(s.at, zone),
        N_("Number"): mask_number(s.number),
        N_("Channel"): word(CHANNEL_LABELS.get(s.channel, s.channel)),
        N_("Status"): word(otp_store.STATE_WORDS.get(s.state, s.state)),
        N_("Result"): otp_records.matched_words(s.matched, lang())
        if checked
        else tr("not looked up"),
        N_("Delivered"): {True: yes, False: no, None: ""}[s.delivered] if checked else "",
        N_("Reported"): yes if s.verification_id in reported else "",
        N_("Open"): f"/otp_inspect?order={s.order_id}",  # i18n: ignore
        "orderId": s.order_id,
        "verificationId": s.verification_id or "",
        N_("By"): s.user or (tr("command line") if s.source == "cli" else "—"),
    }


def _convert(console: Console, sends: list[otp_store.OtpSend]) -> None:
    user = _shared.current_user()
    client = console.client_for(user)
    outcome: dict[str, int] = {"reported": 0, "already": 0, "failed": 0}
    first_error = ""
    chinese = lang() == "zh"
    for s in sends:
        attempt = conversions.report_once(
            console.store, client, str(s.verification_id), s.number, now_ms(), user=user,
            source="otp",
        )  # fmt: skip
        state = attempt.conversion.state
        if not attempt.fresh:
            outcome["already"] += 1
        elif state == conversions.REPORTED:
            outcome["reported"] += 1
        else:
            outcome["failed"] += 1
            c = attempt.conversion
            first_error = first_error or ((c.error_zh if chinese else c.error_en) or "")
    parts = [tr("{count} reported", count=num(outcome["reported"]))]
    if outcome["already"]:
        parts.append(
            tr(
                "{count} already reported before (not sent twice)",
                count=num(outcome["already"]),
            )
        )
    if outcome["failed"]:
        parts.append(
            tr("{count} not reported: {error}", count=num(outcome["failed"]), error=first_error)
        )
    kind = "error" if outcome["failed"] else "success"
    text = tr("{parts}.", parts=tr("; ").join(parts))
    st.session_state[_state.OTP_HISTORY_MESSAGE] = (kind, text)


def _refresh(console: Console, sends: list[otp_store.OtpSend]) -> None:
    rows = pd.DataFrame(
        [
            {"excel_row": i, "key": s.order_id, "verdict": "ok", "problem": ""}
            for i, s in enumerate(sends, start=2)
        ]
    )
    job_id = otp_jobs.create(
        console.store, otp_jobs.LOOKUP, rows, user=_shared.current_user(),
        source_name="OTP history",  # i18n: ignore
    )  # fmt: skip
    st.session_state[_state.OTP_HISTORY_JOB] = job_id
    st.session_state[_state.OTP_HISTORY_MESSAGE] = None
    _otp_jobs.start_job(console, job_id)


def _job(console: Console) -> None:
    job_id = st.session_state.get(_state.OTP_HISTORY_JOB)
    if job_id is None:
        return
    with st.expander(tr("Updating delivery and verification"), expanded=True):
        _otp_jobs.job_panel(
            console,
            job_id,
            progress_text=tr("{finished} of {worked} records looked up"),
            workbook=partial(
                otp_job_results.lookup_workbook, console.store, job_id, _otp_jobs.zone()
            ),
            file_name=f"otp-records-{job_id}.xlsx",  # i18n: ignore
            download_key=_state.OTP_HISTORY_DL,
        )


def _funnel(console: Console) -> None:
    st.header(tr("Funnel"), divider="gray")
    st.markdown(
        tr(
            "**Sent** counts codes the platform accepted. **Delivered** and **verified** come "
            "from each send's last lookup (use “Update delivery and verification” above). "
            "**Reported** counts conversions reported for the send. Rates are shares of sent."
        )
    )
    days = st.selectbox(
        tr("Period"),
        list(PERIODS),
        format_func={d: _otp_jobs.word(p) for d, p in PERIODS.items()}.__getitem__,
        key=_state.OTP_FUNNEL_DAYS,
    )
    tz, tz_name = _shared.viewer_timezone()
    since = utc_now() - timedelta(days=days) if days else None
    overall, by_day, by_country = otp_funnel.funnel(console.store, tz, since)
    cells = st.columns(len(overall))
    for cell, row in zip(cells, overall.to_dict("records"), strict=True):
        if row[STAGE] == otp_funnel.STAGES[0]:
            rate = tr("in this period")
        else:
            rate = tr("{rate} of sent", rate=pct(row[RATE] / 100))
        cell.metric(
            _otp_jobs.word(str(row[STAGE])),
            num(row[COUNT]),
            rate,
            delta_color="off",
            delta_arrow="off",
            border=True,
        )
    if not int(overall[COUNT].iloc[0]):
        st.caption(tr("Nothing sent in this period yet."))
        return
    _funnel_tables(overall, by_day, by_country, tz_name)


def _funnel_tables(
    overall: pd.DataFrame, by_day: pd.DataFrame, by_country: pd.DataFrame, tz_name: str
) -> None:
    """The bar chart and the two tables, with headers (and stage names) translated."""
    word = _otp_jobs.word
    chart = _otp_jobs.translated_columns(overall.assign(**{STAGE: overall[STAGE].map(word)}))
    st.bar_chart(chart, x=word(STAGE), y=word(COUNT), sort=False, horizontal=True, height=200)
    percent = {
        word(f"{s} %"): st.column_config.NumberColumn(format="%.1f%%")
        for s in otp_funnel.STAGES[1:]
    }
    countries = by_country.assign(**{COUNTRY: by_country[COUNTRY].map(word)})
    day_tab, country_tab = st.tabs([tr("By day ({zone})", zone=tz_name), tr("By country code")])
    day_tab.dataframe(
        _otp_jobs.translated_columns(by_day), hide_index=True, width="stretch",
        column_config=percent,
    )  # fmt: skip
    country_tab.dataframe(
        _otp_jobs.translated_columns(countries), hide_index=True, width="stretch",
        column_config=percent,
    )  # fmt: skip


if __name__ == "__main__":
    render()
