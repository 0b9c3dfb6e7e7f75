"""Campaigns: the list, and one campaign's progress and results (``?id=N``).

Progress comes from the store, polled by a fragment, so it survives a
refresh, a second tab and a server restart.
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from itnio_core import campaign_store as cs
from itnio_core.results import SUBMIT_WORDS, VERDICT_WORDS, campaign_workbook
from itnio_core.runtime import Console
from views import _shared, _state

STATUS_WORDS = {
    cs.DRAFT: "Draft (not confirmed)",
    cs.SCHEDULED: "Scheduled",
    cs.QUEUED: "Starting",
    cs.SENDING: "Sending",
    cs.PAUSED: "Paused",
    cs.STOPPED: "Stopped",
    cs.CANCELLED: "Cancelled",
    cs.FINISHED: "Finished",
}
STATUS_COLOURS = {
    cs.SENDING: "blue",
    cs.QUEUED: "blue",
    cs.SCHEDULED: "violet",
    cs.PAUSED: "orange",
    cs.STOPPED: "red",
    cs.CANCELLED: "gray",
    cs.FINISHED: "green",
}
PAGE_SIZE = 100


def render() -> None:
    console = _shared.get_console()
    raw_id = st.query_params.get("id")
    campaign = None
    if raw_id and raw_id.isdigit():
        campaign = cs.get(console.store, int(raw_id))
        if campaign is None:
            st.warning(f"There is no campaign number {raw_id}.", icon=":material/warning:")
    if campaign is None:
        _list(console)
    else:
        _detail(console, campaign)


# ------------------------------------------------------------------ list
def _list(console: Console) -> None:
    st.title("Campaigns")
    st.page_link("views/campaign_new.py", label="Start a new campaign", icon=":material/add:")
    campaigns = cs.list_campaigns(console.store)
    if not campaigns:
        st.info("No campaign has been sent yet.", icon=":material/inbox:")
        return
    zone = _shared.viewer_timezone()
    rows = []
    for c in campaigns:
        p = cs.progress(console.store, c.id)
        rows.append(
            {
                "Open": f"/campaigns?id={c.id}",
                "Campaign": f"#{c.id} {c.name}",
                "Status": STATUS_WORDS.get(c.status, c.status),
                "Recipients": c.recipients,
                "Accepted": p.accepted,
                "Refused": p.rejected,
                "Unknown": p.unknown,
                "Created by": c.created_by or "—",
                "Created": _shared.format_time(c.created_at, zone),
            }
        )
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        key=_state.CAMPAIGN_LIST_TABLE,
        column_config={
            "Open": st.column_config.LinkColumn("Open", display_text="Open"),
        },
    )


# ------------------------------------------------------------------ one campaign
def _detail(console: Console, campaign: cs.Campaign) -> None:
    st.page_link("views/campaigns.py", label="All campaigns", icon=":material/arrow_back:")
    st.title(f"#{campaign.id} {campaign.name}")
    zone = _shared.viewer_timezone()
    facts = [
        f"Created {_shared.format_time(campaign.created_at, zone)}",
        f"by {campaign.created_by or '—'}",
        f"from {campaign.source_name or '—'}",
    ]
    if campaign.scheduled_at and campaign.status == cs.SCHEDULED:
        facts.append(f"scheduled for {_shared.format_time(campaign.scheduled_at, zone)}")
    st.caption(" · ".join(facts))
    if campaign.status != cs.DRAFT:
        st.page_link(
            "views/reports.py",
            label="Delivery report: who received it, who did not",
            icon=":material/monitoring:",
            query_params={"campaign": str(campaign.id)},
        )
    # Poll the store every second while the campaign moves; not at all once it stops.
    interval = 1.0 if campaign.status in cs.ACTIVE else None
    st.fragment(_live, run_every=interval)(console, campaign.id, campaign.status)
    with st.expander("Message", expanded=False):
        st.text(campaign.content)
        st.caption(f"Sender ID: {campaign.sender_id or 'account default'}")
    _recipients(console, campaign)


def _live(console: Console, campaign_id: int, status_at_start: str) -> None:
    """Status, progress and controls; re-drawn every second while sending."""
    campaign = cs.get(console.store, campaign_id)
    if campaign is None:
        return
    if (campaign.status in cs.ACTIVE) != (status_at_start in cs.ACTIVE):
        st.rerun()  # start or stop polling, and refresh the recipients table
    progress = cs.progress(console.store, campaign_id)
    active = campaign.status in cs.ACTIVE
    colour = STATUS_COLOURS.get(campaign.status, "gray")
    st.markdown(f"**Status:** :{colour}-badge[{STATUS_WORDS.get(campaign.status)}]")
    st.progress(
        progress.fraction,
        text=f"{progress.done:,} of {progress.total:,} recipients sent to the platform",
    )
    a, b, c, d = st.columns(4)
    a.metric("Accepted by the platform", f"{progress.accepted:,}", border=True)
    b.metric("Refused by the platform", f"{progress.rejected:,}", border=True)
    c.metric("Unknown", f"{progress.unknown:,}", border=True)
    d.metric("Not sent yet", f"{progress.pending + progress.in_flight:,}", border=True)
    if campaign.stop_message_en and campaign.status == cs.STOPPED:
        st.error(f"Sending stopped. {campaign.stop_message_en}", icon=":material/error:")
    if progress.unknown:
        st.warning(
            f"{progress.unknown:,} recipients are **unknown**: the platform did not answer for "
            "them, so nobody can tell whether their messages were sent. The console will never "
            "send them again by itself. Check their delivery report before sending to them again.",
            icon=":material/help:",
        )
    _controls(console, campaign)
    if active:
        st.caption(f"Updated {_shared.format_time(cs.now())}. This page refreshes itself.")


def _controls(console: Console, campaign: cs.Campaign) -> None:
    cols = st.columns(4)
    if campaign.status in cs.ACTIVE:
        cols[0].button(
            "Pause",
            key=_state.CAMPAIGN_PAUSE_BTN,
            icon=":material/pause:",
            on_click=cs.pause,
            args=(console.store, campaign.id),
        )
    if campaign.status in (cs.PAUSED, cs.STOPPED):
        cols[0].button(
            "Resume",
            key=_state.CAMPAIGN_RESUME_BTN,
            icon=":material/play_arrow:",
            on_click=_resume,
            args=(console, campaign.id),
            help="Sends the recipients not sent yet. Unknown ones are never sent again.",
        )
    if campaign.status in (*cs.ACTIVE, cs.PAUSED, cs.STOPPED):
        sure = cols[1].checkbox("I want to cancel", key=_state.CAMPAIGN_CANCEL_SURE)
        cols[2].button(
            "Cancel the rest",
            key=_state.CAMPAIGN_CANCEL_BTN,
            icon=":material/cancel:",
            disabled=not sure,
            on_click=cs.cancel,
            args=(console.store, campaign.id),
            help="Recipients not sent yet are cancelled; messages already sent stay sent.",
        )
    cols[3].download_button(
        "Download results (.xlsx)",
        data=partial(campaign_workbook, console.store, campaign.id),
        file_name=f"campaign-{campaign.id}-results.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=_state.CAMPAIGN_RESULTS_DL,
        icon=":material/download:",
        on_click="ignore",
    )


def _resume(console: Console, campaign_id: int) -> None:
    cs.resume(console.store, campaign_id)
    console.sender().wake()


def _recipients(console: Console, campaign: cs.Campaign) -> None:
    st.subheader("Recipients")
    statuses = ["All", *SUBMIT_WORDS.values()]
    left, right = st.columns([3, 1])
    chosen = left.selectbox("Show", statuses, key=_state.CAMPAIGN_FILTER)
    status = next((k for k, v in SUBMIT_WORDS.items() if v == chosen), None)
    total = campaign.rows
    pages = max(1, -(-total // PAGE_SIZE))
    page = right.number_input("Page", 1, pages, 1, key=_state.CAMPAIGN_PAGE)
    rows = cs.recipient_rows(
        console.store,
        campaign.id,
        limit=PAGE_SIZE,
        offset=(int(page) - 1) * PAGE_SIZE,
        submit_status=status,
    )
    if not rows:
        st.caption("No recipient matches.")
        return
    frame = pd.DataFrame(rows).fillna("")
    frame["verdict"] = frame["verdict"].map(lambda v: VERDICT_WORDS.get(v, v))
    frame["submit_status"] = frame["submit_status"].map(lambda v: SUBMIT_WORDS.get(v, v))
    st.dataframe(
        frame.rename(
            columns={
                "excel_row": "Row",
                "raw": "Phone as written",
                "number": "Number",
                "verdict": "Check",
                "reason": "Problem",
                "order_id": "Order id",
                "msg_id": "Message ID",
                "submit_status": "Submit status",
                "error": "Error",
            }
        ),
        hide_index=True,
        width="stretch",
    )
    st.caption(f"Page {int(page)} of {pages}, {PAGE_SIZE} rows per page.")


if __name__ == "__main__":
    render()
