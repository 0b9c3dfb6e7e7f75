"""Conversions from a campaign's messages, and the list of conversions reported."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd
import streamlit as st

from itnio_core.campaigns import store as cs
from itnio_core.common import limits, mask_number, now_ms
from itnio_core.console import Console
from itnio_core.conversions import backfill as conversions
from views._ui import shared as _shared
from views._ui import state as _state
from views._ui.i18n import N_, lang, num, tr
from views.otp import _jobs as _otp_jobs

CAMPAIGN_ROWS = 1000
SOURCES = {  # where a report was made, as conversions.report_once(source=...) says
    "single": N_("One conversion"),
    "otp": N_("OTP"),
    "campaign": N_("Campaign"),
    "file": N_("Spreadsheet"),
    "cli": N_("command line"),
}


# ------------------------------------------------------------------ campaign
def campaign(console: Console) -> None:
    campaigns = cs.list_campaigns(console.store)
    if not campaigns:
        st.info(tr("No campaign has been sent yet."), icon=":material/inbox:")
        return
    by_id = {c.id: c for c in campaigns}
    chosen = st.selectbox(
        tr("Campaign"), list(by_id), format_func=lambda i: f"#{i} {by_id[i].name}",
        key=_state.CONV_CAMPAIGN,
    )  # fmt: skip
    rows = _sent_messages(console, int(chosen))
    if not rows:
        st.caption(tr("This campaign has no message accepted by the platform yet."))
        return
    frame = _otp_jobs.translated_columns(_frame(console, rows))
    st.markdown(tr("Select the messages whose recipients converted, then report them in one step."))
    event: Any = st.dataframe(
        frame, hide_index=True, width="stretch", key=_state.CONV_CAMPAIGN_TABLE,
        on_select="rerun", selection_mode="multi-row",
    )  # fmt: skip
    picked = [rows[i] for i in event.selection.rows] if event is not None else []
    st.button(
        tr("Report the {count} selected as converted now", count=num(len(picked))) if picked
        else tr("Select messages to report them"),
        key=_state.CONV_CAMPAIGN_BTN, icon=":material/task_alt:", disabled=not picked,
        on_click=_report_campaign, args=(console, picked),
    )  # fmt: skip
    message = st.session_state.get(_state.CONV_CAMPAIGN_MESSAGE)
    if message:
        getattr(st, message[0])(message[1])


def _sent_messages(console: Console, campaign_id: int) -> list[dict[str, Any]]:
    rows = cs.recipient_rows(console.store, campaign_id, limit=CAMPAIGN_ROWS, submit_status="sent")
    return [r for r in rows if r["msg_id"]]


def _frame(console: Console, rows: list[dict[str, Any]]) -> pd.DataFrame:
    stored = conversions.existing(console.store, [r["msg_id"] for r in rows])

    def state(msg_id: str) -> str:
        if msg_id not in stored:
            return ""
        return _otp_jobs.word(conversions.STATE_WORDS[stored[msg_id].state])

    return pd.DataFrame(
        [
            {
                N_("Row"): r["excel_row"],
                N_("Number"): mask_number(r["number"]),
                N_("Message ID"): r["msg_id"],
                N_("Reported"): state(r["msg_id"]),
            }
            for r in rows
        ]
    )


def _report_campaign(console: Console, picked: list[dict[str, Any]]) -> None:
    user = _shared.current_user()
    client = console.client_for(user)
    counts = {"success": 0, "info": 0, "warning": 0, "error": 0}
    last_error = ""
    for r in picked:
        attempt = conversions.report_once(
            console.store, client, r["msg_id"], r["number"], now_ms(), user=user,
            source="campaign",
        )  # fmt: skip
        kind, sentence = conversions.describe(attempt, lang())
        counts[kind] += 1
        last_error = sentence if kind in ("warning", "error") else last_error
    parts = [tr("{count} reported", count=num(counts["success"]))]
    if counts["info"]:
        parts.append(
            tr("{count} already reported before (not sent twice)", count=num(counts["info"]))
        )
    failed = counts["warning"] + counts["error"]
    if failed:
        parts.append(tr("{count} not reported: {error}", count=num(failed), error=last_error))
    kind = "error" if failed else "success"
    text = tr("{parts}.", parts=tr("; ").join(parts))
    st.session_state[_state.CONV_CAMPAIGN_MESSAGE] = (kind, text)


# ------------------------------------------------------------------ reported
def reported(console: Console) -> None:
    search = st.text_input(
        tr("Search by msgid or number"), key=_state.CONV_SEARCH, max_chars=limits.SEARCH_MAX_CHARS
    )
    found = conversions.recent(console.store, search=search)
    if not found:
        st.caption(tr("No conversion reported yet.") if not search else tr("Nothing matches."))
        return
    zone = _shared.viewer_timezone()
    word = _otp_jobs.word
    st.dataframe(
        _otp_jobs.translated_columns(
            pd.DataFrame(
                [
                    {
                        N_("Reported at"): _shared.format_time(c.reported_at or c.at, zone),
                        N_("By"): c.user or "—",
                        N_("From"): word(SOURCES.get(c.source, c.source)),
                        "msgid": c.msgid,
                        N_("Number"): mask_number(c.number),
                        N_("Used at"): _shared.format_time(
                            datetime.fromtimestamp(c.time_ms / 1000, zone[0]), zone
                        ),
                        N_("Status"): word(conversions.STATE_WORDS.get(c.state, c.state)),
                        N_("Error"): _otp_jobs.both(c.error_en or "", c.error_zh or "")[0],
                    }
                    for c in found
                ]
            )
        ),
        hide_index=True,
        width="stretch",
    )
