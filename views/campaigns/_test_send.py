"""New campaign › send yourself a test: the personalised message of chosen rows (or of the
first row) to your own numbers, kept in your profile; sent as a small campaign of its own,
marked as a test, whose report shows here. The campaign itself is not touched."""

from __future__ import annotations

import streamlit as st

from itnio_core import reports, worker
from itnio_core.access import profiles
from itnio_core.campaigns import CampaignPlan, own_test
from itnio_core.campaigns import store as campaign_store
from itnio_core.common import ItnioError
from itnio_core.console import Console
from views._ui import pages
from views._ui import shared as _shared
from views._ui import state as _state
from views._ui import upload as _upload
from views._ui.i18n import lang, num, tr

ROWS_OFFERED = 200  # rows offered in the picker


def render(console: Console, plan: CampaignPlan, name: str, content: str, sender_id: str) -> None:
    with st.container(border=True):
        st.markdown(tr("**Send yourself a test** before sending to everyone"))
        numbers = profiles.test_numbers(console.store, _shared.current_user())
        _numbers(console, numbers)
        offered = plan.sendable["excel_row"].astype(int).head(ROWS_OFFERED).tolist()
        st.multiselect(
            tr("Rows to test (none chosen: the first row)"),
            offered,
            format_func=lambda r: tr("Row {row}", row=r),
            max_selections=own_test.ROWS_MAX,
            key=_state.NEW_TEST_ROWS,
        )
        st.button(
            tr("Send the test to my numbers"),
            key=_state.NEW_TEST_BTN,
            icon=":material/outgoing_mail:",
            disabled=not numbers,
            **_upload.on_click(_send, console, plan, numbers, name, content, sender_id),
        )
        message = st.session_state.get(_state.NEW_TEST_MESSAGE)
        if message:
            kind, text = message
            (st.success if kind == "ok" else st.error)(text)
        test_id = st.session_state.get(_state.NEW_TEST_ID)
        if test_id is not None:
            st.fragment(_report, run_every=2.0)(console, int(test_id))


def _numbers(console: Console, numbers: list[str]) -> None:
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    if _state.NEW_TEST_NUMBERS not in st.session_state:
        st.session_state[_state.NEW_TEST_NUMBERS] = ", ".join(f"+{n}" for n in numbers)
    left.text_input(
        tr("My numbers (kept in my profile)"),
        key=_state.NEW_TEST_NUMBERS,
        placeholder="+44 7911 123456",
        help=tr("Up to 5 numbers, with their country code, separated by commas."),
    )
    right.button(
        tr("Save my numbers"),
        key=_state.NEW_TEST_NUMBERS_BTN,
        icon=":material/save:",
        on_click=_save_numbers,
        args=(console,),
    )


def _save_numbers(console: Console) -> None:
    try:
        saved = profiles.set_test_numbers(
            console.store,
            _shared.current_user(),
            st.session_state.get(_state.NEW_TEST_NUMBERS, ""),
            country=st.session_state.get(_state.NEW_COUNTRY) or None,
        )
    except ItnioError as exc:
        st.session_state[_state.NEW_TEST_MESSAGE] = ("error", exc.message_for(lang()))
        return
    st.session_state[_state.NEW_TEST_NUMBERS] = ", ".join(f"+{n}" for n in saved)
    st.session_state[_state.NEW_TEST_MESSAGE] = (
        "ok",
        tr("Your numbers are saved: {count}.", count=num(len(saved))),
    )


def _send(
    console: Console,
    plan: CampaignPlan,
    numbers: list[str],
    name: str,
    content: str,
    sender_id: str,
) -> None:
    try:
        test_id = own_test.send_test(
            console.store,
            plan,
            numbers=numbers,
            rows=st.session_state.get(_state.NEW_TEST_ROWS) or None,
            name=name,
            content=content,
            sender_id=sender_id,
            user=_shared.current_user(),
            daily_cap=_shared.settings().daily_cap,
        )
    except ItnioError as exc:
        st.session_state[_state.NEW_TEST_MESSAGE] = ("error", exc.message_for(lang()))
        return
    worker.wake()
    st.session_state[_state.NEW_TEST_ID] = test_id
    st.session_state[_state.NEW_TEST_MESSAGE] = None


def _report(console: Console, test_id: int) -> None:
    """The test's progress, then its delivery report (checked by the worker on request)."""
    test = campaign_store.get(console.store, test_id)
    if test is None:
        return
    progress = campaign_store.progress(console.store, test_id)
    st.markdown(
        tr(
            "Test #{id}: {accepted} of {total} accepted by the platform.",
            id=test_id,
            accepted=num(progress.accepted),
            total=num(progress.total),
        )
    )
    target = reports.Target("campaign", test_id)
    counts = reports.query.counts(console.store, target)
    shown = [f"{reports.word(k, lang())}: {num(counts[k])}" for k in reports.STATUS_KEYS
             if counts.get(k)]  # fmt: skip
    if shown:
        st.markdown(tr("**Test report:** {counts}", counts=" · ".join(shown)))
    st.button(
        tr("Check the test's delivery"),
        key=_state.NEW_TEST_CHECK_BTN,
        icon=":material/refresh:",
        disabled=progress.accepted == 0,
        on_click=_check,
        args=(console, target),
    )
    st.page_link(
        pages.REPORTS,
        label=tr("The test's full delivery report"),
        icon=":material/monitoring:",
        query_params={"campaign": str(test_id)},
    )


def _check(console: Console, target: reports.Target) -> None:
    reports.jobs.request_check(console.store, target, user=_shared.current_user())
    worker.wake()
