"""New campaign: upload → check → write → review and send.

Modelled on GOV.UK Notify: every problem is named by the row Excel shows, and
nothing is sent until the person has seen exactly what will happen. The
work is done by ``itnio_core.campaigns.flow``; this page only asks and shows.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import streamlit as st

from itnio_core import worker
from itnio_core.campaigns import CampaignPlan, PlanPreview, typed_count_matches
from itnio_core.campaigns import actions as campaign_actions
from itnio_core.campaigns import flow as campaign_flow
from itnio_core.campaigns import store as campaign_store
from itnio_core.common import ItnioError, check_sender_id, limits
from itnio_core.console import Console
from itnio_core.i18n import translate as i18n
from itnio_core.quiet_hours import Window
from itnio_core.sheets import write as xlsx_out
from views._ui import pages
from views._ui import shared as _shared
from views._ui import state as _state
from views._ui import text as _text
from views._ui import upload as _upload
from views._ui.i18n import N_, is_chinese, lang, num, tr
from views.campaigns import _cost, _other_countries, _quiet, _template_pick, _test_send

VERDICT_LABELS = {
    "ok": N_("Ready to send"),
    "invalid": N_("Invalid"),
    "duplicate": N_("Duplicates"),
    "excluded": N_("On the stop list"),
    "empty": N_("Empty"),
    "check": N_("Check: other country"),
}


def render() -> None:
    sent = st.session_state.pop(_state.NEW_GO_TO, None)
    if sent is not None:  # confirmed in the button's callback: show its progress
        st.switch_page(pages.CAMPAIGNS, query_params={"id": str(sent)})
    console = _shared.get_console()
    st.title(tr("New campaign"))
    st.markdown(
        tr(
            "Upload your list, check the numbers, write the message, then review exactly what "
            "will be sent. Nothing is sent until you confirm."
        )
    )
    upload = _step_upload()
    if upload is None:
        return
    checked = _step_check(console, upload)
    if checked is None:
        return
    shown = _step_message(console, checked)
    if shown is None:
        return
    _step_review(console, checked)


# ------------------------------------------------------------------ 1. upload
def _step_upload() -> campaign_flow.Upload | None:
    st.header(tr("1. Upload your list"), divider="gray")
    loaded = _upload.read(
        tr("Spreadsheet with one phone number per row (.xlsx, .xls, .csv or .ods)"),
        _state.NEW_UPLOAD,
        _state.NEW_SHEET,
    )
    if loaded is not None:
        return loaded[0]
    if st.session_state.get(_state.NEW_UPLOAD) is None:
        prefilled = st.session_state.get(_state.REPORT_RESEND_UPLOAD)  # "Resend to failed"
        if prefilled is not None:
            st.info(_prefilled_note(prefilled), icon=":material/forward_to_inbox:")
            return prefilled  # type: ignore[no-any-return]
        st.caption(tr("Any column layout works: the console finds the phone column for you."))
    return None


def _prefilled_note(prefilled: campaign_flow.Upload) -> str:
    """What "Resend to failed" handed over, and that nothing is sent yet."""
    n = len(prefilled.table.frame)
    if n > 1:
        return tr(
            "Starting from **{file}**: the {count} recipients whose messages failed, from a "
            "delivery report. Check them and the message below; nothing is sent until you "
            "confirm. Upload a file to use it instead.",
            file=prefilled.filename,
            count=num(n),
        )
    return tr(
        "Starting from **{file}**: the recipient whose message failed, from a delivery report. "
        "Check them and the message below; nothing is sent until you confirm. Upload a file "
        "to use it instead.",
        file=prefilled.filename,
    )


# ------------------------------------------------------------------ 2. check
def _step_check(console: Console, upload: campaign_flow.Upload) -> campaign_flow.Checked | None:
    st.header(tr("2. Check the numbers"), divider="gray")
    columns = list(upload.table.columns)
    left, right = st.columns(2)
    default_col = columns.index(upload.phone_column) if upload.phone_column in columns else None
    phone_column = left.selectbox(
        tr("Phone number column"),
        columns,
        index=default_col,
        key=_state.NEW_PHONE_COLUMN,
        placeholder=tr("Choose the column with the phone numbers"),
        help=tr("Found automatically; change it if the console picked the wrong one."),
    )
    country = _shared.country_picker(
        _state.NEW_COUNTRY,
        right,
        help=tr("Numbers like 07911 123456 or 98765 43210 need to know their country."),
    )
    if phone_column is None:
        st.warning(
            tr("No column looks like phone numbers. Choose the column that holds them."),
            icon=":material/warning:",
        )
        return None
    try:
        checked = _other_countries.offer(
            _check(console, upload, phone_column, country),
            lambda: _check(console, upload, phone_column, country, include=True),
        )
    except ItnioError as exc:
        st.error(exc.message_for(lang()), icon=":material/error:")
        return None
    _show_counts(checked)
    _show_problems(checked)
    if checked.verdicts.counts().get("ok", 0) == 0:
        st.error(
            tr(
                "No row has a number that can be sent. Check the column and the country above, "
                "or fix the problem rows in your spreadsheet and upload it again."
            ),
            icon=":material/error:",
        )
        return None
    return checked


def _check(
    console: Console,
    upload: campaign_flow.Upload,
    column: str,
    country: str | None,
    include: bool = False,
) -> campaign_flow.Checked:
    return _upload.kept(  # both ways kept: the other-countries box flips between them
        _state.NEW_UPLOAD,
        upload,
        f"{_state.NEW_CHECKED}-{include}",
        (column, country),
        lambda: campaign_flow.check_upload(console.store, upload, column, country, include),
    )


def _show_counts(checked: campaign_flow.Checked) -> None:
    counts = checked.verdicts.counts()
    cells = st.columns(len(VERDICT_LABELS))
    for cell, (verdict, label) in zip(cells, VERDICT_LABELS.items(), strict=True):
        cell.metric(i18n.translate(label, lang()), num(counts.get(verdict, 0)), border=True)


def _show_problems(checked: campaign_flow.Checked) -> None:
    problems = checked.verdicts.problems()
    if problems.empty:
        st.success(tr("Every row has a valid number."), icon=":material/check_circle:")
        return
    if len(problems) == 1:
        heading = tr(
            "**{count} row will not be sent.** It is listed by the row number you see in "
            "Excel. You can send to the others now, or fix this row and upload again.",
            count=num(1),
        )
    else:
        heading = tr(
            "**{count} rows will not be sent.** They are listed by the row number you see in "
            "Excel. You can send to the others now, or fix these rows and upload again.",
            count=num(len(problems)),
        )
    st.markdown(heading)
    reason = "reason_zh" if is_chinese() else "reason"
    shown = problems[["excel_row", "raw", reason]].head(500)
    headings = {"excel_row": tr("Row"), "raw": tr("Phone as written"), reason: tr("Problem")}
    st.dataframe(
        shown.rename(columns=headings),
        hide_index=True,
        width="stretch",
        key=_state.NEW_PROBLEMS_TABLE,
        column_config=_other_countries.problem_columns(headings.values()),
        row_height=_other_countries.PROBLEM_ROW_HEIGHT,
    )
    if len(problems) > len(shown):
        st.caption(
            tr(
                "Showing the first {shown}; the download has all {total}.",
                shown=num(len(shown)),
                total=num(len(problems)),
            )
        )
    sheet = tr("Problem rows")
    st.download_button(
        tr("Download the problem rows (.xlsx)"),
        data=_upload.data_of(
            lambda c: xlsx_out.frames_to_xlsx({sheet: campaign_flow.problem_table(c)}), checked
        ),
        file_name="problem-rows.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=_state.NEW_PROBLEMS_DL,
        icon=":material/download:",
        on_click=_shared.record_export,
        args=("problem-rows.xlsx",),
    )


# ------------------------------------------------------------------ 3. message
def _step_message(console: Console, checked: campaign_flow.Checked) -> PlanPreview | None:
    """The message, previewed as it is typed: every figure of the plan, counted from the
    sheet's measured columns, and the first messages written out (the full plan, a message
    per row, is made once, at review)."""
    st.header(tr("3. Write the message"), divider="gray")
    columns = list(checked.upload.table.columns)
    _template_pick.render(console, columns)
    _message_inputs(checked, columns)
    content: str = st.session_state.get(_state.NEW_CONTENT, "")
    _cost.counter(content)
    order_column = _order_column(columns)
    if not content.strip():
        st.info(tr("Write the message to see a preview."), icon=":material/edit:")
        return None
    try:
        check_sender_id(st.session_state.get(_state.NEW_SENDER, ""))
        plan = _preview_of(checked, content, order_column)
    except ItnioError as exc:
        st.error(exc.message_for(lang()), icon=":material/error:")
        return None
    _preview(console, plan)
    if plan.problems:
        listed = "\n".join(f"- {p.message_for(lang())}" for p in plan.problems[:20])
        count = num(len(plan.problems))
        st.warning(
            tr("{count} rows cannot be sent with this message:", count=count) + "\n\n" + listed,
            icon=":material/warning:",
        )
    if plan.recipients == 0:
        return None
    return plan


def _message_inputs(checked: campaign_flow.Checked, columns: list[str]) -> None:
    """Campaign name, sender ID and the message, kept in session state by their keys."""
    name_col, sender_col = st.columns(2)
    name_col.text_input(
        tr("Campaign name (for your records)"),
        key=_state.NEW_NAME,
        max_chars=limits.CAMPAIGN_NAME_MAX_CHARS,
        placeholder=checked.upload.filename,
    )
    if _state.NEW_SENDER not in st.session_state:
        st.session_state[_state.NEW_SENDER] = _shared.settings().default_sender_id
    sender_col.text_input(
        tr("Sender ID (optional)"),
        key=_state.NEW_SENDER,
        max_chars=limits.SENDER_ID_MAX_CHARS,
        help=tr(
            "The name or number shown as the sender, up to 32 characters. Leave empty for "
            "the account's default."
        ),
    )
    st.text_area(
        tr("Message"),
        key=_state.NEW_CONTENT,
        height=140,
        max_chars=limits.CONTENT_MAX_CHARS,
        placeholder=tr("Hello {Name}, …"),
        help=tr(
            "Put a column name in braces, like {{{column}}}, to fill it in from each row. "
            "Write {{{{ and }}}} for the braces themselves.",
            column=columns[0] if columns else tr("Name"),
        ),
    )
    st.caption(tr("Columns you can use: {columns}", columns=_placeholders(columns)))


def _order_column(columns: list[str]) -> str | None:
    """The column holding the person's own order ids; None: the console generates them."""
    generate = tr("Generate a unique order id for each message")
    choice: str | None = st.selectbox(
        tr("Order ids"),
        [None, *columns],  # None: the console generates them
        format_func=lambda c: generate if c is None else c,
        key=_state.NEW_ORDER_COLUMN,
        help=tr(
            "The platform can carry your own id with each message. Pick a column that holds "
            "a unique id per row, or let the console make them."
        ),
    )
    return choice


def _placeholders(columns: list[str]) -> str:
    return ", ".join(_text.code(f"{{{c}}}") for c in columns)


def _preview_of(
    checked: campaign_flow.Checked, content: str, order_column: str | None
) -> PlanPreview:
    """Previewed once per (check, message, order ids); typing elsewhere reuses it."""
    key = (id(checked), content, order_column)
    build = lambda: campaign_flow.preview(checked, content, order_column)  # noqa: E731
    return _upload.kept(_state.NEW_UPLOAD, checked.upload, _state.NEW_PREVIEW, key, build)


def _plan(console: Console, checked: campaign_flow.Checked) -> CampaignPlan:
    """The full plan of the message on the page, made once per (check, message, order ids,
    quiet hours): at review, and reused by the confirmation's reruns."""
    content: str = st.session_state.get(_state.NEW_CONTENT, "")
    order_column: str | None = st.session_state.get(_state.NEW_ORDER_COLUMN)
    quiet: dict[str, Window] = _quiet.rules(console)
    key = (id(checked), content, order_column, tuple(sorted(quiet.items())))
    build = lambda: campaign_flow.plan(checked, content, order_column, quiet=quiet)  # noqa: E731
    return _upload.kept(_state.NEW_UPLOAD, checked.upload, _state.NEW_PLAN, key, build)


def _preview(console: Console, plan: PlanPreview) -> None:
    st.subheader(tr("Preview: the first messages as they will be received"))
    for excel_row, number, message in plan.sample(3):
        with st.container(border=True):
            st.caption(tr("Row {row} · to {number}", row=excel_row, number=number))
            st.text(message)
    left, mid, right = st.columns(3)
    left.metric(tr("Recipients"), num(plan.recipients), border=True)
    mid.metric(tr("Total parts (segments)"), num(plan.segments), border=True)
    # The cost, not a balance: the balance is read fresh at review (_cost.review).
    right.metric(tr("Estimated cost"), _cost.estimate_text(console, plan), border=True)


# ------------------------------------------------------------------ 4. review
def _step_review(console: Console, checked: campaign_flow.Checked) -> None:
    st.header(tr("4. Review and send"), divider="gray")
    st.button(
        tr("Review the campaign"),
        key=_state.NEW_REVIEW_BTN,
        type="primary",
        icon=":material/fact_check:",
        **_upload.on_click(_save_draft, console, checked),
    )
    draft_id: int | None = st.session_state.get(_state.NEW_DRAFT_ID)
    error = st.session_state.get(_state.NEW_REVIEW_ERROR)
    if error:
        st.error(error, icon=":material/error:")
    if draft_id is None:
        st.caption(tr("The campaign is saved as a draft for review; nothing is sent yet."))
        return
    draft = campaign_store.get(console.store, draft_id)
    if draft is None or draft.status != campaign_store.DRAFT:
        return
    _confirmation(console, draft, _plan(console, checked))


def _save_draft(console: Console, checked: campaign_flow.Checked) -> None:
    st.session_state[_state.NEW_REVIEW_ERROR] = None
    try:
        plan = _plan(console, checked)
        draft_id = campaign_flow.save_draft(
            console.store,
            checked,
            plan,
            name=st.session_state.get(_state.NEW_NAME, "") or checked.upload.filename,
            content=st.session_state.get(_state.NEW_CONTENT, ""),
            sender_id=check_sender_id(st.session_state.get(_state.NEW_SENDER, "")),
            user=_shared.current_user(),
            template_id=_template_pick.chosen_id(),
        )
    except ItnioError as exc:
        st.session_state[_state.NEW_REVIEW_ERROR] = exc.message_for(lang())
        return
    st.session_state[_state.NEW_DRAFT_ID] = draft_id


def _confirmation(console: Console, draft: campaign_store.Campaign, plan: CampaignPlan) -> None:
    with st.container(border=True):
        st.markdown(tr("### Ready to send “{name}”", name=_text.plain(draft.name)))
        a, b, c, d = st.columns(4)
        a.metric(tr("Recipients"), num(draft.recipients))
        b.metric(tr("Parts (segments)"), num(draft.segments))
        c.metric(tr("Sender ID"), draft.sender_id or tr("default"))
        excel_row, number, message = plan.sample(1)[0]
        st.markdown(
            tr("**Sample message** (row {row}, to {number}):", row=excel_row, number=number)
        )
        st.text(message)
        _test_send.render(console, plan, draft.name, draft.content, draft.sender_id)
        if console.is_sandbox:
            st.caption(tr("Sandbox mode: this campaign goes to the simulator, not to real phones."))
        guard = _cost.review(console, draft, plan)  # the estimate and a fresh balance
        d.metric(tr("Balance"), _cost.balance_text(guard.check))
        scheduled_at = _schedule()
        _quiet.review(console, plan, scheduled_at)
        typed_ok = _typed_count(console, draft)
        over_cap = campaign_actions.cap_problem(
            console.store, _shared.current_user(), draft.recipients, _shared.settings().daily_cap
        )
        if over_cap is not None:
            st.error(over_cap.message_for(lang()), icon=":material/block:")
        error = st.session_state.pop(_state.NEW_CONFIRM_ERROR, None)
        if error:
            st.error(error, icon=":material/error:")
        label = (
            tr("Schedule the campaign")
            if scheduled_at
            else tr("Send to {count} now", count=num(draft.recipients))
        )
        st.button(
            label,
            key=_state.NEW_SEND_BTN,
            type="primary",
            icon=":material/send:",
            disabled=not typed_ok or over_cap is not None or guard.blocked,
            **_upload.on_click(_confirm, console, draft.id, scheduled_at, plan),
        )


def _typed_count(console: Console, draft: campaign_store.Campaign) -> bool:
    """For a big campaign, the person types the number of recipients; True when it matches."""
    if draft.recipients <= _shared.settings().confirm_threshold:
        return True
    typed = st.text_input(
        tr(
            "This campaign goes to {count} people. Type the number of recipients to confirm",
            count=num(draft.recipients),
        ),
        key=_state.NEW_TYPED_COUNT,
        max_chars=limits.CONFIRM_COUNT_MAX_CHARS,
        placeholder=str(draft.recipients),
    )
    typed_ok = typed_count_matches(typed, draft.recipients)
    if typed and not typed_ok:
        st.warning(
            tr(
                "That is not {count}. Check the count and type it again.",
                count=num(draft.recipients),
            )
        )
    return typed_ok


def _schedule() -> datetime | None:
    if not st.toggle(tr("Send later"), key=_state.NEW_SCHEDULE_TOGGLE):
        return None
    tz, tz_name = _shared.viewer_timezone()
    now = datetime.now(tz)
    day_col, time_col = st.columns(2)
    day = day_col.date_input(tr("Day"), value=now.date(), min_value=now.date(), key=_state.NEW_DAY)
    default_time = (now + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0).time()
    at = time_col.time_input(tr("Time"), value=default_time, key=_state.NEW_TIME, step=300)
    when = datetime.combine(day, at if isinstance(at, time) else default_time, tzinfo=tz)
    st.caption(tr("Times are in your time zone: {zone}.", zone=tz_name))
    if when <= now:
        st.warning(tr("That time has passed; the campaign would be sent at once."))
    return when


def _confirm(
    console: Console, campaign_id: int, scheduled_at: datetime | None, plan: CampaignPlan
) -> None:
    """Draft → queued, once: a second click or a second tab changes nothing."""
    try:  # the caps and a balance read now, checked at the moment of sending
        _cost.confirm(console, campaign_id, scheduled_at, plan)
    except ItnioError as exc:
        st.session_state[_state.NEW_CONFIRM_ERROR] = exc.message_for(lang())
        st.session_state.pop(_state.NEW_BALANCE_CHECK, None)  # show the balance just read
        return
    worker.wake()
    for key in (*_state.NEW_FLOW_KEYS, _state.REPORT_RESEND_UPLOAD):
        st.session_state.pop(key, None)
    st.session_state[_state.NEW_GO_TO] = campaign_id


if __name__ == "__main__":
    render()
