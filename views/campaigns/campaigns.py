"""Campaigns: the list, and one campaign's progress and results (``?id=N``).

Progress comes from the store, polled by a fragment, so it survives a
refresh, a second tab and a server restart.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from itnio_core import money, worker
from itnio_core.access import Action
from itnio_core.campaigns import SUBMIT_WORDS, VERDICT_WORDS, campaign_workbook, standing
from itnio_core.campaigns import actions as campaign_actions
from itnio_core.campaigns import store as cs
from itnio_core.common import utc_now
from itnio_core.console import Console
from itnio_core.i18n import translate as i18n
from views._ui import pages
from views._ui import shared as _shared
from views._ui import state as _state
from views._ui import text as _text
from views._ui.i18n import N_, is_chinese, lang, num, tr
from views.campaigns import _delivery as delivery
from views.campaigns import _held, _spend

STATUS_WORDS = {
    cs.DRAFT: N_("Draft (not confirmed)"),
    cs.SCHEDULED: N_("Scheduled"),
    cs.QUEUED: N_("Starting"),
    cs.SENDING: N_("Sending"),
    cs.PAUSED: N_("Paused"),
    cs.STOPPED: N_("Stopped"),
    cs.CANCELLED: N_("Cancelled"),
    cs.FINISHED: N_("Finished"),
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


def status_word(status: str, campaign: cs.Campaign | None = None) -> str:
    """A campaign status in the session's language (``finished`` → Finished / 已完成);
    a campaign paused by the platform's "insufficient balance" waits for a top-up."""
    if campaign is not None and campaign.status == cs.PAUSED and campaign.stop_code == -10:
        return i18n.translate(_spend.WAITING_WORDS, lang())
    return i18n.translate(STATUS_WORDS.get(status, status), lang())


def _word(text: str) -> str:
    """A core word (``results.SUBMIT_WORDS``, ``VERDICT_WORDS``) in the session's language."""
    return i18n.translate(text, lang())


def render() -> None:
    console = _shared.get_console()
    raw_id = st.query_params.get("id")
    campaign = None
    if raw_id and raw_id.isdigit():
        campaign = cs.get(console.store, int(raw_id))
        if campaign is None:
            st.warning(
                tr("There is no campaign number {number}.", number=raw_id),
                icon=":material/warning:",
            )
    if campaign is None:
        _list(console)
    else:
        _detail(console, campaign)


# ------------------------------------------------------------------ list
def _list(console: Console) -> None:
    st.title(tr("Campaigns"))
    st.page_link(pages.NEW_CAMPAIGN, label=tr("Start a new campaign"), icon=":material/add:")
    campaigns = cs.list_campaigns(console.store)
    if not campaigns:
        st.info(tr("No campaign has been sent yet."), icon=":material/inbox:")
        return
    zone = _shared.viewer_timezone()
    open_ = tr("Open")
    rows = []
    actual = money.actual_costs(console.store, [c.id for c in campaigns])
    for c in campaigns:
        p = cs.progress(console.store, c.id)
        rows.append(
            {
                open_: f"/campaigns?id={c.id}",  # i18n: ignore
                tr("Campaign"): f"#{c.id} {c.name}",
                tr("Status"): status_word(c.status, c),
                tr("Recipients"): num(c.recipients),
                tr("Estimated cost"): _spend.cost_text(c),
                tr("Actual cost"): money.actual_text(actual.get(c.id, {})) or "—",
                tr("Accepted"): num(p.accepted),
                tr("Refused"): num(p.rejected),
                tr("Unknown"): num(p.unknown),
                tr("Created by"): c.created_by or "—",
                tr("Created"): _shared.format_time(c.created_at, zone),
            }
        )
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        key=_state.CAMPAIGN_LIST_TABLE,
        column_config={open_: st.column_config.LinkColumn(open_, display_text=open_)},
    )


# ------------------------------------------------------------------ one campaign
def _detail(console: Console, campaign: cs.Campaign) -> None:
    st.page_link(pages.CAMPAIGNS, label=tr("All campaigns"), icon=":material/arrow_back:")
    st.title(f"#{campaign.id} {_text.plain(campaign.name)}")
    zone = _shared.viewer_timezone()
    facts = [
        tr("Created {when}", when=_shared.format_time(campaign.created_at, zone)),
        tr("by {user}", user=campaign.created_by or "—"),
        tr("from {file}", file=campaign.source_name or "—"),
    ]
    if campaign.scheduled_at and campaign.status == cs.SCHEDULED:
        facts.append(
            tr("scheduled for {when}", when=_shared.format_time(campaign.scheduled_at, zone))
        )
    st.caption(" · ".join(facts))
    _spend.cost_caption(console, campaign)
    if campaign.status != cs.DRAFT:
        st.page_link(
            pages.REPORTS,
            label=tr("Delivery report: who received it, who did not"),
            icon=":material/monitoring:",
            query_params={"campaign": str(campaign.id)},
        )
    # Poll the store every second while the campaign moves; not at all once it stops.
    interval = 1.0 if campaign.status in cs.ACTIVE else None
    st.fragment(_live, run_every=interval)(console, campaign.id, campaign.status)
    if campaign.status != cs.DRAFT:
        delivery.render(console, campaign.id)
    with st.expander(tr("Message"), expanded=False):
        st.text(campaign.content)
        st.caption(tr("Sender ID: {sender}", sender=campaign.sender_id or tr("account default")))
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
    badge = f":{colour}-badge[{status_word(campaign.status, campaign)}]"  # i18n: ignore
    st.markdown(tr("**Status:** {badge}", badge=badge))
    st.progress(
        progress.fraction,
        text=tr(
            "{done} of {total} recipients sent to the platform",
            done=num(progress.done),
            total=num(progress.total),
        ),
    )
    _counts(progress)
    _spend.top_up_notice(console, campaign)
    _held.render(console, campaign_id, progress)
    stopped = campaign.status == cs.STOPPED and campaign.stop_message_en
    if stopped or progress.unknown:
        where = "\n".join(f"- {line}" for line in standing.count(console.store, campaign.id)
                           .lines(lang()))  # fmt: skip
        if stopped:
            reason = campaign.stop_message_zh if is_chinese() else campaign.stop_message_en
            st.error(
                tr("Sending stopped. {reason}", reason=reason or campaign.stop_message_en)
                + "\n\n"
                + where,
                icon=":material/error:",
            )
        else:
            st.warning(where, icon=":material/help:")
    _controls(console, campaign)
    if active:
        st.caption(
            tr(
                "Updated {when}. This page refreshes itself.",
                when=_shared.format_time(utc_now()),
            )
        )


def _counts(progress: cs.Progress) -> None:
    a, b, c, d = st.columns(4)
    a.metric(tr("Accepted by the platform"), num(progress.accepted), border=True)
    b.metric(tr("Refused by the platform"), num(progress.rejected), border=True)
    c.metric(tr("Unknown"), num(progress.unknown), border=True)
    d.metric(tr("Not sent yet"), num(progress.pending + progress.in_flight), border=True)


def _controls(console: Console, campaign: cs.Campaign) -> None:
    cols = st.columns(4)
    if not _shared.may(Action.MANAGE_CAMPAIGN):
        _download(console, campaign, cols[3])
        return
    if campaign.status in cs.ACTIVE:
        cols[0].button(
            tr("Pause"),
            key=_state.CAMPAIGN_PAUSE_BTN,
            icon=":material/pause:",
            on_click=_control,
            args=(console, campaign.id, "pause"),
        )
    if campaign.status in (cs.PAUSED, cs.STOPPED):
        cols[0].button(
            tr("Resume"),
            key=_state.CAMPAIGN_RESUME_BTN,
            icon=":material/play_arrow:",
            on_click=_control,
            args=(console, campaign.id, "resume"),
            help=tr("Sends the recipients not sent yet. Unknown ones are never sent again."),
        )
    if campaign.status in (*cs.ACTIVE, cs.PAUSED, cs.STOPPED):
        sure = cols[1].checkbox(tr("I want to cancel"), key=_state.CAMPAIGN_CANCEL_SURE)
        cols[2].button(
            tr("Cancel the rest"),
            key=_state.CAMPAIGN_CANCEL_BTN,
            icon=":material/cancel:",
            disabled=not sure,
            on_click=_control,
            args=(console, campaign.id, "cancel"),
            help=tr("Recipients not sent yet are cancelled; messages already sent stay sent."),
        )
    _download(console, campaign, cols[3])


def _download(console: Console, campaign: cs.Campaign, cell: Any) -> None:
    cell.download_button(
        tr("Download results (.xlsx)"),
        data=partial(campaign_workbook, console.store, campaign.id),
        file_name=f"campaign-{campaign.id}-results.xlsx",  # i18n: ignore
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=_state.CAMPAIGN_RESULTS_DL,
        icon=":material/download:",
        on_click=_shared.record_export,
        args=(f"campaign-{campaign.id}-results.xlsx",),  # i18n: ignore
    )


def _control(console: Console, campaign_id: int, what: campaign_actions.Control) -> None:
    """Pause, resume or cancel, checked against the role again (the click may be stale)."""
    if not _shared.may(Action.MANAGE_CAMPAIGN):
        return
    campaign_actions.control(console.store, campaign_id, what, user=_shared.current_user())
    if what == "resume":
        worker.wake()


def _recipients(console: Console, campaign: cs.Campaign) -> None:
    st.subheader(tr("Recipients"))
    left, right = st.columns([3, 1])
    shown = {None: tr("All")} | {k: _word(v) for k, v in SUBMIT_WORDS.items()}
    status = left.selectbox(
        tr("Show"),
        list(shown),
        format_func=shown.__getitem__,
        key=_state.CAMPAIGN_FILTER,
    )
    total = campaign.rows
    pages = max(1, -(-total // PAGE_SIZE))
    page = right.number_input(tr("Page"), 1, pages, 1, key=_state.CAMPAIGN_PAGE)
    rows = cs.recipient_rows(
        console.store,
        campaign.id,
        limit=PAGE_SIZE,
        offset=(int(page) - 1) * PAGE_SIZE,
        submit_status=status,
        lang=lang(),
    )
    if not rows:
        st.caption(tr("No recipient matches."))
        return
    frame = pd.DataFrame(rows).fillna("")
    verdict, submit = frame["verdict"], frame["submit_status"]
    frame["verdict"] = verdict.map(lambda v: _word(VERDICT_WORDS.get(v) or str(v)))
    frame["submit_status"] = submit.map(lambda v: _word(SUBMIT_WORDS.get(v) or str(v)))
    st.dataframe(frame.rename(columns=_headings()), hide_index=True, width="stretch")
    st.caption(
        tr(
            "Page {page} of {pages}, {size} rows per page.",
            page=num(int(page)),
            pages=num(pages),
            size=num(PAGE_SIZE),
        )
    )


def _headings() -> dict[str, str]:
    """The recipients table's columns, as headed on screen."""
    return {
        "excel_row": tr("Row"),
        "raw": tr("Phone as written"),
        "number": tr("Number"),
        "verdict": tr("Check"),
        "reason": tr("Problem"),
        "order_id": tr("Order id"),
        "msg_id": tr("Message ID"),
        "submit_status": tr("Submit status"),
        "error": tr("Error"),
    }


if __name__ == "__main__":
    render()
