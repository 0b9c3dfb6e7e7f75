"""One delivery report (``/reports?campaign=N`` or ``?list=N``): summary, charts, table, files.

Everything shown comes from the store, where the platform's pushed receipts land
(``itnio_core.receipts``). While anything is still sending, a fragment re-reads the
store every few seconds and stops by itself once nothing is pending. The platform is
asked (getReport, by the worker) only for messages whose receipt is late (a setting,
10 minutes by default) and on "Check now".
"""

from __future__ import annotations

import time
from datetime import tzinfo
from typing import Any

import streamlit as st

from itnio_core import receipts, worker
from itnio_core.access import Action
from itnio_core.campaigns import flow as campaign_flow
from itnio_core.campaigns import materialise
from itnio_core.campaigns import store as cs
from itnio_core.common import ItnioError, utc_now
from itnio_core.console import Console
from itnio_core.i18n import translate as i18n
from itnio_core.reports import (
    NOT_FOUND_KEY,
    SENDING_KEY,
    STATUS_KEYS,
    UNCHECKED_KEY,
    FileOptions,
    Target,
    get_list,
    meaning,
    word,
)
from itnio_core.reports import fallback as report_fallback
from itnio_core.reports import history as report_history
from itnio_core.reports import jobs as report_jobs
from itnio_core.reports import query as report_query
from itnio_core.reports import resend as report_resend
from views._ui import pages
from views._ui import shared as _shared
from views._ui import state as _state
from views._ui import text as _text
from views._ui.i18n import N_, is_chinese, lang, num, tr
from views.campaigns import _spend
from views.campaigns.campaigns import status_word
from views.reports import _parts as parts
from views.reports import _receipts as receipt_parts

REFRESH_SECONDS = 3  # the page re-reads the store this often while anything is pending
CHECK_EVERY = 60  # and, for messages whose receipt is late, asks the platform at most this often
AFTER_FAILURE = 30  # after a failed check, wait this long before asking again by itself
NOT_FOUND_GRACE = 600  # "not found yet" this young still counts as pending (just sent)
LANGS = {name: code for code, name in i18n.LANGUAGES.items()}  # "English": "en", "中文": "zh"
_NOTES = "report_notes"  # {target key: (text, problems)} shown once on the report


def note_for(target: Target, text: str, problems: list[str]) -> None:
    """A note for the report's next showing (ids skipped when the list was made)."""
    st.session_state.setdefault(_NOTES, {})[target.key] = (text, problems)


def render_report(console: Console, target: Target) -> None:
    if st.session_state.pop(_state.REPORT_GO_NEW, False):
        st.switch_page(pages.NEW_CAMPAIGN)
    st.page_link(pages.REPORTS, label=tr("All reports"), icon=":material/arrow_back:")
    title = report_query.title(console.store, target, lang())
    st.title(tr("Delivery report: {title}", title=_text.plain(title)))
    _facts(console, target)
    note = st.session_state.get(_NOTES, {}).pop(target.key, None)
    if note:
        st.warning(note[0] + "".join(f"\n- {p}" for p in note[1]), icon=":material/info:")
    words = _words_language()
    polling = _pending(console, target)
    st.fragment(_live, run_every=REFRESH_SECONDS if polling else None)(
        console, target, words, polling
    )
    with st.expander(tr("What the statuses mean")):
        first, second = ("zh", "en") if is_chinese() else ("en", "zh")
        for key in STATUS_KEYS:
            st.markdown(
                f"**{word(key, first)}** ({word(key, second)}): "
                f"{meaning(key, first)} {meaning(key, second)}"
            )


def _words_language() -> str:
    """The language of the status words and the files: the session's, unless switched here."""
    session = lang()
    follows = st.session_state.get(_state.REPORT_LANG_FOLLOWS)
    if follows != session or _state.REPORT_LANG not in st.session_state:
        # First showing, or the sidebar language changed since: follow the session.
        st.session_state[_state.REPORT_LANG_FOLLOWS] = session
        st.session_state[_state.REPORT_LANG] = i18n.LANGUAGES[session]
    choice = st.segmented_control(
        tr("Status words"),
        list(LANGS),
        key=_state.REPORT_LANG,
        help=tr("The language of the status words on this page and in the downloaded files."),
    )
    return LANGS.get(choice or "", session)


def _facts(console: Console, target: Target) -> None:
    zone = _shared.viewer_timezone()
    if target.kind == "campaign":
        campaign = cs.get(console.store, target.id)
        if campaign is not None:
            st.caption(
                tr(
                    "{count} recipients · created {when} · campaign status: {status}",
                    count=num(campaign.recipients),
                    when=_shared.format_time(campaign.created_at, zone),
                    status=status_word(campaign.status, campaign),
                )
            )
            _spend.cost_caption(console, campaign)
            st.page_link(
                pages.CAMPAIGNS,
                label=tr("Open the campaign"),
                icon=":material/campaign:",
                query_params={"id": str(target.id)},
            )
        return
    found = get_list(console.store, target.id)
    if found is None:
        return
    count, when = num(found.msg_count), _shared.format_time(found.created_at, zone)
    if found.source_name:
        text = tr(
            "{count} message IDs from {file} · added {when}",
            count=count,
            file=found.source_name,
            when=when,
        )
    else:
        text = tr("{count} message IDs · added {when}", count=count, when=when)
    st.caption(text)


# ------------------------------------------------------------------ what is still moving
def _pending(console: Console, target: Target, counts: dict[str, int] | None = None) -> bool:
    """True while the page should keep refreshing itself."""
    if report_jobs.check_running(console.store, target) or parts.export_running(console, target):
        return True
    if target.kind == "campaign":
        campaign = cs.get(console.store, target.id)
        if campaign is not None and campaign.status in cs.ACTIVE:
            return True
    counts = counts or report_query.counts(console.store, target)
    if counts[SENDING_KEY] or counts[UNCHECKED_KEY]:
        return True
    return bool(counts[NOT_FOUND_KEY]) and _young_not_found(console, target)


def _start_check(console: Console, target: Target) -> None:
    report_jobs.request_check(console.store, target, user=_shared.current_user())
    worker.wake()


def _check_if_due(
    console: Console, target: Target, counts: dict[str, int], history: list[Any]
) -> bool:
    """Ask the platform when a message's receipt is late (the fallback); True if asked.

    Receipts the platform pushes fill the report without asking; "Check now" asks at once.
    """
    if report_jobs.check_running(console.store, target):
        return False
    if not (counts[SENDING_KEY] or counts[UNCHECKED_KEY] or counts[NOT_FOUND_KEY]):
        return False
    last = history[0] if history else None
    if last is not None and last.running:
        return False  # another process is checking this report
    if last is not None and last.finished_at is not None:
        wait = AFTER_FAILURE if last.state == "failed" else CHECK_EVERY
        if (utc_now() - last.finished_at).total_seconds() < wait:
            return False
        if not (counts[SENDING_KEY] or counts[UNCHECKED_KEY]) and not _young_not_found(
            console, target
        ):
            return False  # only old "not found yet" left: asked again with "Check now"
    minutes = receipts.fallback_minutes(console.store)
    if not report_fallback.overdue(console.store, target, minutes * 60):
        return False  # every message may still get its receipt
    _start_check(console, target)
    return True


def _young_not_found(console: Console, target: Target) -> bool:
    since = time.time() - NOT_FOUND_GRACE
    filters = report_query.Filters((NOT_FOUND_KEY,), first_seen_since=since)
    return report_query.count_rows(console.store, target, filters) > 0


# ------------------------------------------------------------------ the live part
def _live(console: Console, target: Target, lang: str, polling_at_start: bool) -> None:
    if st.session_state.pop(_state.REPORT_GO_NEW, False):
        st.switch_page(pages.NEW_CAMPAIGN)
    store = console.store
    if target.kind == "campaign":
        materialise(store, target.id)  # msgIds the sender got but has not copied yet
    counts = report_query.counts(store, target)
    history = report_history.checks(store, target)
    if _check_if_due(console, target, counts, history):
        history = report_history.checks(store, target)
    polling = _pending(console, target, counts)
    if polling != polling_at_start:
        st.rerun()  # start or stop refreshing
    zone = _shared.viewer_timezone()
    _status_line(history, zone, polling, counts["total"])
    receipt_parts.learned(store, target, counts)
    if counts["total"] == 0:
        st.info(
            tr(
                "No message of this campaign has reached the platform yet. The report fills in "
                "as the campaign is sent."
            ),
            icon=":material/hourglass_empty:",
        )
        return
    _metrics(counts, lang)
    receipt_parts.cost(store, target)
    st.markdown(parts.sentence(counts, lang))
    change = parts.change_sentence(history, zone, lang)
    if change:
        st.caption(change)
    _actions(console, target, counts, history, lang, zone)
    parts.charts(store, target, history, lang, zone)
    parts.table(store, target, history, lang, zone)


def _status_line(history: list[Any], zone: tuple[tzinfo, str], polling: bool, total: int) -> None:
    running = history[0] if history and history[0].running else None
    finished = next((c for c in history if not c.running), None)
    if running is not None and running.done == 0 and finished is None:  # the first check
        st.progress(
            0.0,
            text=tr(
                "Not checked yet: checking {count} messages…",
                count=num(running.asked or total),
            ),
        )
    elif running is not None:
        st.progress(
            running.fraction,
            text=tr(
                "Asking the platform about {asked} messages… {done} answered so far.",
                asked=num(running.asked),
                done=num(running.done),
            ),
        )
    if finished is not None and finished.state == "failed" and finished.error_en:
        error = finished.error_zh if is_chinese() and finished.error_zh else finished.error_en
        st.error(tr("The last check did not finish: {error}", error=error), icon=":material/error:")
    now = _shared.format_time(utc_now(), zone)
    as_of = (
        tr(
            "Statuses as of the check at {when}. ",
            when=_shared.format_time(finished.finished_at, zone),
        )
        if finished is not None and finished.finished_at is not None
        else tr("The platform has not been asked yet. ")
    )
    if polling:
        st.caption(
            tr(
                "{as_of}Last refreshed {now}. This page refreshes itself every {seconds} seconds "
                "while messages are still sending.",
                as_of=as_of,
                now=now,
                seconds=num(REFRESH_SECONDS),
            )
        )
    else:
        st.caption(
            tr(
                "{as_of}Last refreshed {now}. Nothing is waiting for an answer, so the page no "
                "longer refreshes by itself; use “Check now” to ask the platform again.",
                as_of=as_of,
                now=now,
            )
        )


def _metrics(counts: dict[str, int], lang: str) -> None:
    keys = [k for k in STATUS_KEYS if k != UNCHECKED_KEY or counts[k]]
    total = counts["total"] or 1
    for cell, key in zip(st.columns(len(keys)), keys, strict=True):
        cell.metric(
            word(key, lang),
            i18n.format_number(counts[key], lang),
            delta=i18n.format_number(100 * counts[key] / total, lang, 1) + "%",
            delta_color="off",
            delta_arrow="off",
            delta_description=i18n.translate(N_("of all"), lang),
            help=meaning(key, lang),
            border=True,
        )


def _actions(
    console: Console,
    target: Target,
    counts: dict[str, int],
    history: list[Any],
    lang: str,
    zone: tuple[tzinfo, str],
) -> None:
    check, xlsx, csv, resend = st.columns(4)
    running = report_jobs.check_running(console.store, target)
    check.button(
        tr("Check now") if not running else tr("Checking…"),
        key=_state.REPORT_CHECK_BTN,
        icon=":material/refresh:",
        disabled=running,
        on_click=_start_check,
        args=(console, target),
        help=tr("Ask the platform again about every message without a final status."),
    )
    opts = FileOptions(lang, zone[0], zone[1])
    parts.download(console, target, counts["total"], "xlsx", opts, xlsx)
    parts.download(console, target, counts["total"], "csv", opts, csv)
    failed = counts["failed"]
    if not _shared.may(Action.SEND_CAMPAIGN):
        return
    resend.button(
        tr("Resend to failed ({count})", count=num(failed)),
        key=_state.REPORT_RESEND_BTN,
        icon=":material/forward_to_inbox:",
        disabled=failed == 0,
        on_click=_resend,
        args=(console, target),
        help=tr(
            "Starts a new campaign with only the failed recipients. You check, write and "
            "confirm it as usual; nothing is sent from here."
        ),
    )
    error = st.session_state.pop(_state.REPORT_RESEND_ERROR, None)
    if error:
        st.error(error, icon=":material/error:")


def _resend(console: Console, target: Target) -> None:
    """Build the failed recipients' sheet and open New campaign on it (nothing is sent)."""
    try:
        sheet = report_resend.failed_sheet(console.store, target)
        upload = campaign_flow.load_upload(sheet.data, sheet.filename)
    except ItnioError as exc:
        st.session_state[_state.REPORT_RESEND_ERROR] = exc.message_for(lang())
        return
    for key in _state.NEW_FLOW_KEYS:  # start the New campaign page afresh
        st.session_state.pop(key, None)
    st.session_state.pop(_state.NEW_COUNTRY, None)
    st.session_state[_state.REPORT_RESEND_UPLOAD] = upload
    st.session_state[_state.NEW_NAME] = sheet.name[:200]
    if sheet.content:
        st.session_state[_state.NEW_CONTENT] = sheet.content
    if sheet.sender_id:
        st.session_state[_state.NEW_SENDER] = sheet.sender_id
    if sheet.country:
        index = parts.country_index(sheet.country)
        if index is not None:
            st.session_state[_state.NEW_COUNTRY] = index
    st.session_state[_state.REPORT_GO_NEW] = True
