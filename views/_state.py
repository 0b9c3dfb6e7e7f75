"""Every session-state and widget key, named once and initialised once.

Widget keys are prefixed by their page (``home_``, ``connection_``,
``activity_``) so a key is unique across the app and easy to find in
browser tests (a widget with key ``k`` gets the CSS class ``st-key-k``).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

# Home
HOME_CHECK_BTN = "home_check_btn"
HOME_CHECK_RESULT = "home_check_result"  # a CheckResult, or None

# Settings › Connection
CONNECTION_CHECK_BTN = "connection_check_btn"
CONNECTION_CHECK_RESULT = "connection_check_result"  # a CheckResult, or None

# Settings › API activity
ACTIVITY_LIMIT = "activity_limit"
ACTIVITY_REFRESH_BTN = "activity_refresh_btn"

# Campaigns › New campaign
NEW_UPLOAD = "new_upload"
NEW_SHEET = "new_sheet"
NEW_PHONE_COLUMN = "new_phone_column"
NEW_COUNTRY = "new_country"
NEW_PROBLEMS_TABLE = "new_problems_table"
NEW_PROBLEMS_DL = "new_problems_dl"
NEW_NAME = "new_name"
NEW_SENDER = "new_sender"
NEW_CONTENT = "new_content"
NEW_REPLACE_BTN = "new_replace_btn"
NEW_ORDER_COLUMN = "new_order_column"
NEW_REVIEW_BTN = "new_review_btn"
NEW_SCHEDULE_TOGGLE = "new_schedule_toggle"
NEW_DAY = "new_day"
NEW_TIME = "new_time"
NEW_TYPED_COUNT = "new_typed_count"
NEW_SEND_BTN = "new_send_btn"
NEW_DIGESTS = "new_digests"  # file_id -> content hash, so an upload is hashed once
NEW_CHECKED = "new_checked"  # ((upload, column, country), Checked)
NEW_PLAN = "new_plan"  # ((checked, content, order column), CampaignPlan)
NEW_DRAFT_ID = "new_draft_id"
NEW_REVIEW_ERROR = "new_review_error"
NEW_GO_TO = "new_go_to"  # campaign id confirmed in a callback, to open next
# What a confirmed campaign clears, so the page starts fresh for the next one.
NEW_FLOW_KEYS = (
    NEW_UPLOAD,
    NEW_SHEET,
    NEW_CONTENT,
    NEW_NAME,
    NEW_SENDER,
    NEW_TYPED_COUNT,
    NEW_SCHEDULE_TOGGLE,
    NEW_CHECKED,
    NEW_PLAN,
    NEW_DRAFT_ID,
    NEW_REVIEW_ERROR,
    NEW_ORDER_COLUMN,
)

# Campaigns › Campaigns (list and one campaign)
CAMPAIGN_PAUSE_BTN = "campaign_pause_btn"
CAMPAIGN_RESUME_BTN = "campaign_resume_btn"
CAMPAIGN_CANCEL_BTN = "campaign_cancel_btn"
CAMPAIGN_CANCEL_SURE = "campaign_cancel_sure"
CAMPAIGN_RESULTS_DL = "campaign_results_dl"
CAMPAIGN_FILTER = "campaign_filter"
CAMPAIGN_PAGE = "campaign_page"
CAMPAIGN_LIST_TABLE = "campaign_list_table"

# Campaigns › Stop list
STOP_ADD_TEXT = "stop_add_text"
STOP_ADD_BTN = "stop_add_btn"
STOP_NOTE = "stop_note"
STOP_COUNTRY = "stop_country"
STOP_IMPORT_COUNTRY = "stop_import_country"
STOP_UPLOAD = "stop_upload"
STOP_IMPORT_BTN = "stop_import_btn"
STOP_SEARCH = "stop_search"
STOP_REMOVE = "stop_remove"
STOP_REMOVE_BTN = "stop_remove_btn"
STOP_MESSAGE = "stop_message"

# Non-widget state and its starting value (widgets set their own defaults).
DEFAULTS: dict[str, Any] = {
    HOME_CHECK_RESULT: None,
    CONNECTION_CHECK_RESULT: None,
    NEW_DRAFT_ID: None,
    NEW_REVIEW_ERROR: None,
    STOP_MESSAGE: None,
}


def init() -> None:
    """Give every non-widget key its starting value, once per session."""
    for key, value in DEFAULTS.items():
        if key not in st.session_state:
            st.session_state[key] = value
