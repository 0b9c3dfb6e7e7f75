"""OTP history: every code sent, searchable; report used ones as converted; the funnel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from itnio_core import conversions, otp_funnel, otp_job_results, otp_jobs, otp_records, otp_store
from itnio_core.calls import mask_number
from itnio_core.otp import CHANNEL_LABELS
from itnio_core.runtime import Console
from itnio_core.times import now_ms
from views import _otp_jobs, _shared, _state

LIST_LIMIT = 200
PERIODS = {7: "Last 7 days", 30: "Last 30 days", 90: "Last 90 days", 0: "Everything"}


def render() -> None:
    console = _shared.get_console()
    st.title("OTP history")
    st.markdown(
        "Every code sent from this console (the app and the command line), newest first. "
        "Numbers are masked; search with the whole number or part of an orderId."
    )
    search = st.text_input(
        "Search by number or orderId",
        key=_state.OTP_HISTORY_SEARCH,
        placeholder="919876543210 or otp-1714…",
    )
    sends = otp_store.list_sends(console.store, search, limit=LIST_LIMIT)
    if sends:
        _table(console, sends)
    elif search.strip():
        st.info("No send matches that number or orderId.", icon=":material/search_off:")
    else:
        st.info("No OTP has been sent yet.", icon=":material/inbox:")
        st.page_link("views/otp_send.py", label="Send an OTP", icon=":material/password:")
    _job(console)
    _funnel(console)


def _table(console: Console, sends: list[otp_store.OtpSend]) -> None:
    zone = _shared.viewer_timezone()
    reported = otp_store.reported_ids(
        console.store, [s.verification_id for s in sends if s.verification_id]
    )
    frame = pd.DataFrame([_row(s, zone, reported) for s in sends])
    event: Any = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        key=_state.OTP_HISTORY_TABLE,
        on_select="rerun",
        selection_mode="multi-row",
        column_config={
            "Open": st.column_config.LinkColumn("Open", display_text="Look up"),
        },
    )
    if len(sends) == LIST_LIMIT:
        st.caption(f"Showing the newest {LIST_LIMIT}; search to find older sends.")
    picked = [sends[i] for i in event.selection.rows] if event is not None else []
    convertible = [s for s in picked if s.state == otp_store.SENT and s.verification_id]
    left, right = st.columns(2)
    left.button(
        f"Report the {len(convertible)} selected as converted" if convertible
        else "Select sends to report them as converted",
        key=_state.OTP_HISTORY_CONVERT_BTN, icon=":material/task_alt:",
        disabled=not convertible, on_click=_convert, args=(console, convertible),
        help="Tells the platform these codes were used, now. Each is reported once.",
    )  # fmt: skip
    listed = [s for s in sends if s.state == otp_store.SENT]
    right.button(
        f"Update delivery and verification of the {len(listed)} listed",
        key=_state.OTP_HISTORY_REFRESH_BTN, icon=":material/refresh:",
        disabled=not listed, on_click=_refresh, args=(console, listed),
        help="Looks up each record in the background; the funnel below uses what it finds.",
    )  # fmt: skip
    message = st.session_state.get(_state.OTP_HISTORY_MESSAGE)
    if message:
        getattr(st, message[0])(message[1])


def _row(s: otp_store.OtpSend, zone: Any, reported: set[str]) -> dict[str, Any]:
    checked = s.checked_at is not None
    return {
        "Sent at": _shared.format_time(s.at, zone),
        "Number": mask_number(s.number),
        "Channel": CHANNEL_LABELS.get(s.channel, s.channel),
        "Status": otp_store.STATE_WORDS.get(s.state, s.state),
        "Result": otp_records.matched_words(s.matched) if checked else "not looked up",
        "Delivered": {True: "Yes", False: "No", None: ""}[s.delivered] if checked else "",
        "Reported": "Yes" if s.verification_id in reported else "",
        "Open": f"/otp_inspect?order={s.order_id}",
        "orderId": s.order_id,
        "verificationId": s.verification_id or "",
        "By": s.user or ("command line" if s.source == "cli" else "—"),
    }


def _convert(console: Console, sends: list[otp_store.OtpSend]) -> None:
    user = _shared.current_user()
    client = console.client_for(user)
    outcome: dict[str, int] = {"reported": 0, "already": 0, "failed": 0}
    first_error = ""
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
            first_error = first_error or (attempt.conversion.error_en or "")
    parts = [f"{outcome['reported']} reported"]
    if outcome["already"]:
        parts.append(f"{outcome['already']} already reported before (not sent twice)")
    if outcome["failed"]:
        parts.append(f"{outcome['failed']} not reported: {first_error}")
    kind = "error" if outcome["failed"] else "success"
    st.session_state[_state.OTP_HISTORY_MESSAGE] = (kind, "; ".join(parts) + ".")


def _refresh(console: Console, sends: list[otp_store.OtpSend]) -> None:
    rows = pd.DataFrame(
        [
            {"excel_row": i, "key": s.order_id, "verdict": "ok", "problem": ""}
            for i, s in enumerate(sends, start=2)
        ]
    )
    job_id = otp_jobs.create(
        console.store, otp_jobs.LOOKUP, rows, user=_shared.current_user(),
        source_name="OTP history",
    )  # fmt: skip
    st.session_state[_state.OTP_HISTORY_JOB] = job_id
    st.session_state[_state.OTP_HISTORY_MESSAGE] = None
    _otp_jobs.start_job(console, job_id)


def _job(console: Console) -> None:
    job_id = st.session_state.get(_state.OTP_HISTORY_JOB)
    if job_id is None:
        return
    with st.expander("Updating delivery and verification", expanded=True):
        _otp_jobs.job_panel(
            console,
            job_id,
            what="records looked up",
            workbook=partial(
                otp_job_results.lookup_workbook, console.store, job_id, _otp_jobs.zone()
            ),
            file_name=f"otp-records-{job_id}.xlsx",
            download_key=_state.OTP_HISTORY_DL,
            continue_key=_state.OTP_HISTORY_CONTINUE_BTN,
        )


def _funnel(console: Console) -> None:
    st.header("Funnel", divider="gray")
    st.markdown(
        "**Sent** counts codes the platform accepted. **Delivered** and **verified** come from "
        "each send's last lookup (use “Update delivery and verification” above). **Reported** "
        "counts conversions reported for the send. Rates are shares of sent."
    )
    days = st.selectbox(
        "Period", list(PERIODS), format_func=PERIODS.__getitem__, key=_state.OTP_FUNNEL_DAYS
    )
    tz, tz_name = _shared.viewer_timezone()
    since = datetime.now(UTC) - timedelta(days=days) if days else None
    overall, by_day, by_country = otp_funnel.funnel(console.store, tz, since)
    cells = st.columns(len(overall))
    for cell, row in zip(cells, overall.to_dict("records"), strict=True):
        rate = "in this period" if row["Stage"] == "Sent" else f"{row['Rate %']:.1f}% of sent"
        cell.metric(
            str(row["Stage"]),
            f"{row['Count']:,}",
            rate,
            delta_color="off",
            delta_arrow="off",
            border=True,
        )
    if not int(overall["Count"].iloc[0]):
        st.caption("Nothing sent in this period yet.")
        return
    st.bar_chart(overall, x="Stage", y="Count", sort=False, horizontal=True, height=200)
    percent = {
        f"{s} %": st.column_config.NumberColumn(format="%.1f%%") for s in otp_funnel.STAGES[1:]
    }
    day_tab, country_tab = st.tabs([f"By day ({tz_name})", "By country code"])
    day_tab.dataframe(by_day, hide_index=True, width="stretch", column_config=percent)
    country_tab.dataframe(by_country, hide_index=True, width="stretch", column_config=percent)


if __name__ == "__main__":
    render()
