"""New campaign: upload → check → write → review and send.

Modelled on GOV.UK Notify: every problem is named by the row Excel shows, and
nothing is sent until the person has seen exactly what will happen. The
work is done by ``itnio_core.campaign_flow``; this page only asks and shows.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import streamlit as st

from itnio_core import campaign_flow, campaign_store, sms_text, xlsx_out
from itnio_core.campaigns import CampaignPlan, check_sender_id, typed_count_matches
from itnio_core.errors import ItnioError
from itnio_core.runtime import Console
from itnio_core.spreadsheets import content_hash, sheet_names
from views import _shared, _state

GENERATE_ORDER_IDS = "Generate a unique order id for each message"
VERDICT_LABELS = {
    "ok": "Ready to send",
    "invalid": "Invalid",
    "duplicate": "Duplicates",
    "excluded": "On the stop list",
    "empty": "Empty",
}


@st.cache_resource(max_entries=6, ttl=3600, show_spinner="Reading the spreadsheet…")
def _load(digest: str, filename: str, sheet: str | None, _data: bytes) -> campaign_flow.Upload:
    """Parsed once per file content and sheet; reruns reuse it."""
    return campaign_flow.load_upload(_data, filename, sheet)


@st.cache_resource(max_entries=6, ttl=3600, show_spinner=False)
def _sheets(digest: str, filename: str, _data: bytes) -> list[str]:
    return sheet_names(_data, filename)


def render() -> None:
    sent = st.session_state.pop(_state.NEW_GO_TO, None)
    if sent is not None:  # confirmed in the button's callback: show its progress
        st.switch_page("views/campaigns.py", query_params={"id": str(sent)})
    console = _shared.get_console()
    st.title("New campaign")
    st.markdown(
        "Upload your list, check the numbers, write the message, then review exactly what "
        "will be sent. Nothing is sent until you confirm."
    )
    upload = _step_upload()
    if upload is None:
        return
    checked = _step_check(console, upload)
    if checked is None:
        return
    plan = _step_message(console, checked)
    if plan is None:
        return
    _step_review(console, checked, plan)


# ------------------------------------------------------------------ 1. upload
def _step_upload() -> campaign_flow.Upload | None:
    st.header("1. Upload your list", divider="gray")
    file = st.file_uploader(
        "Spreadsheet with one phone number per row (.xlsx, .xls, .csv or .ods)",
        type=["xlsx", "xls", "csv", "ods", "tsv", "txt"],
        key=_state.NEW_UPLOAD,
    )
    if file is None:
        prefilled = st.session_state.get(_state.REPORT_RESEND_UPLOAD)  # "Resend to failed"
        if prefilled is not None:
            n = len(prefilled.table.frame)
            who = f"the {n:,} recipients whose messages" if n > 1 else "the recipient whose message"
            st.info(
                f"Starting from **{prefilled.filename}**: {who} failed, from a delivery report. "
                "Check them and the message below; nothing is sent until you confirm. Upload a "
                "file to use it instead.",
                icon=":material/forward_to_inbox:",
            )
            return prefilled  # type: ignore[no-any-return]
        st.caption("Any column layout works: the console finds the phone column for you.")
        return None
    data = file.getvalue()
    digest = _digest(file.file_id, data)
    try:
        names = _sheets(digest, file.name, data)
        sheet = None
        if len(names) > 1:
            sheet = st.selectbox(
                "This workbook has several sheets. Which one holds the list?",
                names,
                key=_state.NEW_SHEET,
            )
        upload = _load(digest, file.name, sheet, data)
    except ItnioError as exc:
        st.error(exc.user_message, icon=":material/error:")
        return None
    table = upload.table
    where = f"sheet “{table.sheet}”, " if table.source_format != "csv" else ""
    header = (
        f"headers on row {table.header_row}"
        if table.header_row
        else "no header row (columns named by letter)"
    )
    st.caption(f"{file.name}: {where}{len(table.frame):,} rows, {header}.")
    return upload


def _digest(file_id: str, data: bytes) -> str:
    """Hash each upload once per session, not on every rerun."""
    cache: dict[str, str] = st.session_state.setdefault(_state.NEW_DIGESTS, {})
    if file_id not in cache:
        cache[file_id] = content_hash(data)
    return cache[file_id]


# ------------------------------------------------------------------ 2. check
def _step_check(console: Console, upload: campaign_flow.Upload) -> campaign_flow.Checked | None:
    st.header("2. Check the numbers", divider="gray")
    columns = list(upload.table.columns)
    left, right = st.columns(2)
    default_col = columns.index(upload.phone_column) if upload.phone_column in columns else None
    phone_column = left.selectbox(
        "Phone number column",
        columns,
        index=default_col,
        key=_state.NEW_PHONE_COLUMN,
        placeholder="Choose the column with the phone numbers",
        help="Found automatically; change it if the console picked the wrong one.",
    )
    country = _shared.country_picker(
        _state.NEW_COUNTRY,
        right,
        help="Numbers like 07911 123456 or 98765 43210 need to know their country.",
    )
    if phone_column is None:
        st.warning(
            "No column looks like phone numbers. Choose the column that holds them.",
            icon=":material/warning:",
        )
        return None
    try:
        checked = _check(console, upload, phone_column, country)
    except ItnioError as exc:
        st.error(exc.user_message, icon=":material/error:")
        return None
    _show_counts(checked)
    _show_problems(checked)
    if checked.verdicts.counts().get("ok", 0) == 0:
        st.error(
            "No row has a number that can be sent. Check the column and the country above, "
            "or fix the problem rows in your spreadsheet and upload it again.",
            icon=":material/error:",
        )
        return None
    return checked


def _check(
    console: Console, upload: campaign_flow.Upload, column: str, country: str | None
) -> campaign_flow.Checked:
    key = (id(upload), column, country)
    cached = st.session_state.get(_state.NEW_CHECKED)
    if cached is not None and cached[0] == key:
        return cached[1]  # type: ignore[no-any-return]
    checked = campaign_flow.check_upload(console.store, upload, column, country)
    st.session_state[_state.NEW_CHECKED] = (key, checked)
    return checked


def _show_counts(checked: campaign_flow.Checked) -> None:
    counts = checked.verdicts.counts()
    cells = st.columns(len(VERDICT_LABELS))
    for cell, (verdict, label) in zip(cells, VERDICT_LABELS.items(), strict=True):
        cell.metric(label, f"{counts.get(verdict, 0):,}", border=True)


def _show_problems(checked: campaign_flow.Checked) -> None:
    problems = checked.verdicts.problems()
    if problems.empty:
        st.success("Every row has a valid number.", icon=":material/check_circle:")
        return
    st.markdown(
        f"**{len(problems):,} rows will not be sent.** They are listed by the row number you "
        "see in Excel. You can send to the others now, or fix these rows and upload again."
    )
    shown = problems[["excel_row", "raw", "reason"]].head(500)
    st.dataframe(
        shown.rename(columns={"excel_row": "Row", "raw": "Phone as written", "reason": "Problem"}),
        hide_index=True,
        width="stretch",
        key=_state.NEW_PROBLEMS_TABLE,
    )
    if len(problems) > len(shown):
        st.caption(f"Showing the first {len(shown):,}; the download has all {len(problems):,}.")
    st.download_button(
        "Download the problem rows (.xlsx)",
        data=lambda: xlsx_out.frames_to_xlsx(
            {"Problem rows": campaign_flow.problem_table(checked)}
        ),
        file_name="problem-rows.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=_state.NEW_PROBLEMS_DL,
        icon=":material/download:",
        on_click="ignore",
    )


# ------------------------------------------------------------------ 3. message
def _step_message(console: Console, checked: campaign_flow.Checked) -> CampaignPlan | None:
    st.header("3. Write the message", divider="gray")
    columns = list(checked.upload.table.columns)
    name_col, sender_col = st.columns(2)
    name_col.text_input(
        "Campaign name (for your records)",
        key=_state.NEW_NAME,
        max_chars=200,
        placeholder=checked.upload.filename,
    )
    sender_col.text_input(
        "Sender ID (optional)",
        key=_state.NEW_SENDER,
        max_chars=32,
        help="The name or number shown as the sender, up to 32 characters. Leave empty for "
        "the account's default.",
    )
    st.text_area(
        "Message",
        key=_state.NEW_CONTENT,
        height=140,
        max_chars=1024,
        placeholder="Hello {Name}, …",
        help="Put a column name in braces, like {"
        + (columns[0] if columns else "Name")
        + "}, to fill it in from each row. Write {{ and }} for the braces themselves.",
    )
    st.caption("Columns you can use: " + ", ".join(f"`{{{c}}}`" for c in columns))
    content: str = st.session_state.get(_state.NEW_CONTENT, "")
    _counter(content)
    order_choice = st.selectbox(
        "Order ids",
        [GENERATE_ORDER_IDS, *columns],
        key=_state.NEW_ORDER_COLUMN,
        help="The platform can carry your own id with each message. Pick a column that holds "
        "a unique id per row, or let the console make them.",
    )
    if not content.strip():
        st.info("Write the message to see a preview.", icon=":material/edit:")
        return None
    try:
        check_sender_id(st.session_state.get(_state.NEW_SENDER, ""))
        order_column = None if order_choice == GENERATE_ORDER_IDS else order_choice
        plan = _plan(checked, content, order_column)
    except ItnioError as exc:
        st.error(exc.user_message, icon=":material/error:")
        return None
    _preview(console, plan)
    if plan.problems:
        st.warning(
            f"{len(plan.problems):,} rows cannot be sent with this message:\n\n"
            + "\n".join(f"- {p.message}" for p in plan.problems[:20]),
            icon=":material/warning:",
        )
    if plan.recipients == 0:
        return None
    return plan


def _plan(checked: campaign_flow.Checked, content: str, order_column: str | None) -> CampaignPlan:
    """Planned once per (check, message, order ids); typing elsewhere reuses it."""
    key = (id(checked), content, order_column)
    cached = st.session_state.get(_state.NEW_PLAN)
    if cached is not None and cached[0] == key:
        return cached[1]  # type: ignore[no-any-return]
    plan = campaign_flow.plan(checked, content, order_column)
    st.session_state[_state.NEW_PLAN] = (key, plan)
    return plan


def _counter(content: str) -> None:
    count = sms_text.count(content)
    per = "160 / 153" if count.encoding == sms_text.GSM7 else "70 / 67"
    st.markdown(
        f"**{count.characters}** characters · **{count.encoding}** ({per} per part) · "
        f"**{count.segments}** {'part' if count.segments == 1 else 'parts'} per message "
        "(before filling in the columns)"
    )
    if count.non_gsm:
        shown = " ".join(f"`{c}`" if c.strip() else f"`U+{ord(c):04X}`" for c in count.non_gsm)
        replaceable = [c for c in count.non_gsm if c in sms_text.REPLACEMENTS]
        st.warning(
            f"These characters make the message use UCS-2, which fits fewer characters per "
            f"part: {shown}",
            icon=":material/translate:",
        )
        if replaceable:
            st.button(
                "Replace smart quotes, long dashes and special spaces",
                key=_state.NEW_REPLACE_BTN,
                on_click=_replace_lookalikes,
                icon=":material/auto_fix_high:",
            )


def _replace_lookalikes() -> None:
    text = st.session_state.get(_state.NEW_CONTENT, "")
    st.session_state[_state.NEW_CONTENT] = sms_text.replace_lookalikes(text)


def _preview(console: Console, plan: CampaignPlan) -> None:
    st.subheader("Preview: the first messages as they will be received")
    for excel_row, number, message in plan.sample(3):
        with st.container(border=True):
            st.caption(f"Row {excel_row} · to {number}")
            st.text(message)
    balance = _shared.account_check(console)
    left, mid, right = st.columns(3)
    left.metric("Recipients", f"{plan.recipients:,}", border=True)
    mid.metric("Total parts (segments)", f"{plan.segments:,}", border=True)
    right.metric(
        "Account balance",
        balance.balance.balance if balance.ok and balance.balance else "unavailable",
        border=True,
    )


# ------------------------------------------------------------------ 4. review
def _step_review(console: Console, checked: campaign_flow.Checked, plan: CampaignPlan) -> None:
    st.header("4. Review and send", divider="gray")
    st.button(
        "Review the campaign",
        key=_state.NEW_REVIEW_BTN,
        type="primary",
        icon=":material/fact_check:",
        on_click=_save_draft,
        args=(console, checked, plan),
    )
    draft_id: int | None = st.session_state.get(_state.NEW_DRAFT_ID)
    error = st.session_state.get(_state.NEW_REVIEW_ERROR)
    if error:
        st.error(error, icon=":material/error:")
    if draft_id is None:
        st.caption("The campaign is saved as a draft for review; nothing is sent yet.")
        return
    draft = campaign_store.get(console.store, draft_id)
    if draft is None or draft.status != campaign_store.DRAFT:
        return
    _confirmation(console, draft, plan)


def _save_draft(console: Console, checked: campaign_flow.Checked, plan: CampaignPlan) -> None:
    st.session_state[_state.NEW_REVIEW_ERROR] = None
    try:
        draft_id = campaign_flow.save_draft(
            console.store,
            checked,
            plan,
            name=st.session_state.get(_state.NEW_NAME, "") or checked.upload.filename,
            content=st.session_state.get(_state.NEW_CONTENT, ""),
            sender_id=check_sender_id(st.session_state.get(_state.NEW_SENDER, "")),
            user=_shared.current_user(),
        )
    except ItnioError as exc:
        st.session_state[_state.NEW_REVIEW_ERROR] = exc.user_message
        return
    st.session_state[_state.NEW_DRAFT_ID] = draft_id


def _confirmation(console: Console, draft: campaign_store.Campaign, plan: CampaignPlan) -> None:
    balance = _shared.account_check(console)
    with st.container(border=True):
        st.markdown(f"### Ready to send “{draft.name}”")
        a, b, c, d = st.columns(4)
        a.metric("Recipients", f"{draft.recipients:,}")
        b.metric("Parts (segments)", f"{draft.segments:,}")
        c.metric("Sender ID", draft.sender_id or "default")
        d.metric(
            "Balance",
            balance.balance.balance if balance.ok and balance.balance else "unavailable",
        )
        excel_row, number, message = plan.sample(1)[0]
        st.markdown(f"**Sample message** (row {excel_row}, to {number}):")
        st.text(message)
        if console.is_sandbox:
            st.caption("Sandbox mode: this campaign goes to the simulator, not to real phones.")
        scheduled_at = _schedule()
        typed_ok = True
        if draft.recipients > console.settings.confirm_threshold:
            typed = st.text_input(
                f"This campaign goes to {draft.recipients:,} people. Type the number of "
                "recipients to confirm",
                key=_state.NEW_TYPED_COUNT,
                placeholder=str(draft.recipients),
            )
            typed_ok = typed_count_matches(typed, draft.recipients)
            if typed and not typed_ok:
                st.warning(f"That is not {draft.recipients:,}. Check the count and type it again.")
        label = "Schedule the campaign" if scheduled_at else f"Send to {draft.recipients:,} now"
        st.button(
            label,
            key=_state.NEW_SEND_BTN,
            type="primary",
            icon=":material/send:",
            disabled=not typed_ok,
            on_click=_confirm,
            args=(console, draft.id, scheduled_at),
        )


def _schedule() -> datetime | None:
    if not st.toggle("Send later", key=_state.NEW_SCHEDULE_TOGGLE):
        return None
    tz, tz_name = _shared.viewer_timezone()
    now = datetime.now(tz)
    day_col, time_col = st.columns(2)
    day = day_col.date_input("Day", value=now.date(), min_value=now.date(), key=_state.NEW_DAY)
    default_time = (now + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0).time()
    at = time_col.time_input("Time", value=default_time, key=_state.NEW_TIME, step=300)
    when = datetime.combine(day, at if isinstance(at, time) else default_time, tzinfo=tz)
    st.caption(f"Times are in your time zone: {tz_name}.")
    if when <= now:
        st.warning("That time has passed; the campaign would be sent at once.")
    return when


def _confirm(console: Console, campaign_id: int, scheduled_at: datetime | None) -> None:
    """Draft → queued, once: a second click or a second tab changes nothing."""
    campaign_store.confirm(
        console.store, campaign_id, user=_shared.current_user(), scheduled_at=scheduled_at
    )
    console.sender().wake()
    _shared.forget_balance()  # the send changes it
    for key in (*_state.NEW_FLOW_KEYS, _state.REPORT_RESEND_UPLOAD):
        st.session_state.pop(key, None)
    st.session_state[_state.NEW_GO_TO] = campaign_id


if __name__ == "__main__":
    render()
