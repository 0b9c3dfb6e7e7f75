"""Every session-state and widget key, named once and initialised once.

Widget keys are prefixed by their page (``home_``, ``connection_``,
``activity_``) so a key is unique across the app and easy to find in
browser tests (a widget with key ``k`` gets the CSS class ``st-key-k``).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

# Sign-in and language (views/_ui/sign_in.py, views/_ui/i18n.py)
LANG_KEY = "lang"  # "en" or "zh"
USER_KEY = "auth_user"  # the signed-in User
SEEN_KEY = "auth_seen"  # when this session last ran a page
NOTICE_KEY = "auth_notice"  # (kind, text) shown above the sign-in form
LANG_LOADED_KEY = "auth_lang_loaded"  # whose stored language was applied
TOKEN_KEY = "auth_token"  # this browser's sign-in token (also in its cookie)
COOKIE_JOB_KEY = "auth_cookie_job"  # ("set", token) or ("clear", "") for the next run
TOUCHED_KEY = "auth_touched"  # when the stored session was last marked active
SSO_KEY = "auth_sso_key"  # the single sign-on sign-in this session belongs to
SSO_REFUSED_KEY = "auth_sso_refused"  # the sign-in refused (and audited) in this session
SIGN_IN_NAME = "sign_in_name"
SIGN_IN_PASSWORD = "sign_in_password"
SIGN_IN_BTN = "sign_in_btn"
SIGN_OUT_BTN = "sign_out_btn"
SSO_BTN = "sso_sign_in_btn"
LANG_PICKER = "lang_picker"

# Uploads (views/_ui/upload.py)
DIGESTS_KEY = "upload_digests"  # file_id -> content hash, so a file is hashed once

# Home
HOME_CHECK_BTN = "home_check_btn"
HOME_CHECK_RESULT = "home_check_result"  # a CheckResult, or None

# Settings › Settings
SETTINGS_CHECK_BTN = "settings_check_btn"
SETTINGS_CHECK_RESULT = "settings_check_result"  # a CheckResult, or None
SETTINGS_MODE = "settings_mode"
SETTINGS_MESSAGE = "settings_message"  # (kind, text) after a save or a mode change
SETTINGS_FORM = "settings_form"
SETTINGS_COUNTRY = "settings_country"
SETTINGS_SENDER = "settings_sender"
SETTINGS_THRESHOLD = "settings_threshold"
SETTINGS_CAP = "settings_cap"
SETTINGS_RECEIPTS_ROTATE_SURE = "settings_receipts_rotate_sure"
SETTINGS_RECEIPTS_ROTATE_BTN = "settings_receipts_rotate_btn"
SETTINGS_RECEIPTS_FALLBACK = "settings_receipts_fallback"
SETTINGS_RECEIPTS_SAVE_BTN = "settings_receipts_save_btn"
SETTINGS_RECEIPTS_MESSAGE = "settings_receipts_message"  # (kind, text) after an action

# Settings › Users and Audit log
USERS_UNLOCK = "users_unlock"
USERS_UNLOCK_BTN = "users_unlock_btn"
AUDIT_USER = "audit_user"
AUDIT_ACTIONS = "audit_actions"
AUDIT_FROM = "audit_from"
AUDIT_TO = "audit_to"
AUDIT_DL = "audit_dl"

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
# What New campaign works out from the upload, kept in its upload box (views/_ui/upload.kept),
# never in session state, so it goes with the upload and the session:
NEW_CHECKED = "new_checked"  # (column, country) -> Checked, one per "include other countries"
NEW_PREVIEW = "new_preview"  # (checked, content, order column) -> PlanPreview, as it is typed
NEW_PLAN = "new_plan"  # (checked, content, order column, quiet hours) -> CampaignPlan, at review
NEW_DRAFT_ID = "new_draft_id"
NEW_CONFIRM_ERROR = "new_confirm_error"  # e.g. the daily cap, found when Send was clicked
NEW_REVIEW_ERROR = "new_review_error"
NEW_GO_TO = "new_go_to"  # campaign id confirmed in a callback, to open next
# Campaigns › New campaign: money (views/campaigns/_cost.py)
NEW_BALANCE_CHECK = "new_balance_check"  # (draft id, BalanceCheck, when read)
NEW_BALANCE_AGAIN_BTN = "new_balance_again_btn"
NEW_UNTIL_OUT = "new_until_out"  # an admin's "send until the balance runs out"
NEW_ESTIMATE = "new_estimate"  # ((plan, price book), Estimate)
NEW_ESTIMATE_TABLE = "new_estimate_table"

# Campaign craft on New campaign (views/campaigns/_template_pick.py, _test_send.py, _quiet.py)
NEW_TEMPLATE = "new_template"  # the template chosen in the picker (its id)
NEW_TEMPLATE_BTN = "new_template_btn"
NEW_TEMPLATE_ID = "new_template_id"  # (id, text) of the template the message was filled from
NEW_TEST_NUMBERS = "new_test_numbers"
NEW_TEST_NUMBERS_BTN = "new_test_numbers_btn"
NEW_TEST_ROWS = "new_test_rows"
NEW_TEST_BTN = "new_test_btn"
NEW_TEST_ID = "new_test_id"  # the test campaign sent from this page
NEW_TEST_MESSAGE = "new_test_message"  # (kind, text) after saving numbers or sending a test
NEW_TEST_CHECK_BTN = "new_test_check_btn"
NEW_QUIET_TABLE = "new_quiet_table"
NEW_OTHER_COUNTRIES = "new_other_countries"  # include rows valid only in another country
# What a confirmed campaign clears, so the page starts fresh for the next one.
NEW_FLOW_KEYS = (
    NEW_UPLOAD,
    NEW_OTHER_COUNTRIES,
    NEW_SHEET,
    NEW_CONTENT,
    NEW_NAME,
    NEW_SENDER,
    NEW_TYPED_COUNT,
    NEW_SCHEDULE_TOGGLE,
    NEW_CHECKED,
    NEW_PREVIEW,
    NEW_PLAN,
    NEW_DRAFT_ID,
    NEW_REVIEW_ERROR,
    NEW_ORDER_COLUMN,
    NEW_BALANCE_CHECK,
    NEW_UNTIL_OUT,
    NEW_ESTIMATE,
    NEW_TEMPLATE_ID,
    NEW_TEST_ID,
    NEW_TEST_MESSAGE,
)

# Settings › Prices and Spend (views/settings/prices.py, spend.py, money_cap.py)
PRICES_UPLOAD = "prices_upload"
PRICES_SHEET = "prices_sheet"
PRICES_IMPORT_BTN = "prices_import_btn"
PRICES_MESSAGE = "prices_message"  # (kind, text) after an import or an edit
PRICES_TABLE = "prices_table"
PRICES_VERDICTS_TABLE = "prices_verdicts_table"
PRICES_EDIT_FORM = "prices_edit_form"
PRICES_EDIT_PREFIX = "prices_edit_prefix"
PRICES_EDIT_OPERATOR = "prices_edit_operator"
PRICES_EDIT_COUNTRY = "prices_edit_country"
PRICES_EDIT_PRICE = "prices_edit_price"
PRICES_EDIT_CURRENCY = "prices_edit_currency"
PRICES_DELETE = "prices_delete"
PRICES_DELETE_BTN = "prices_delete_btn"
SPEND_DAYS = "spend_days"
SPEND_DL = "spend_dl"
SETTINGS_MONEY_FORM = "settings_money_form"
SETTINGS_MONEY_CAP = "settings_money_cap"
SETTINGS_MONEY_MESSAGE = "settings_money_message"

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
STOP_SHEET = "stop_sheet"
STOP_COLUMN = "stop_column"
STOP_IMPORT_BTN = "stop_import_btn"
STOP_SEARCH = "stop_search"
STOP_REMOVE = "stop_remove"
STOP_REMOVE_BTN = "stop_remove_btn"
STOP_MESSAGE = "stop_message"

# OTP › Send an OTP
OTP_SEND_FORM = "otp_send_form"
OTP_TO = "otp_to"
OTP_COUNTRY = "otp_country"
OTP_CHANNEL = "otp_channel"
OTP_TEMPLATE = "otp_template"
OTP_CODE_LENGTH = "otp_code_length"
OTP_CODE = "otp_code"
OTP_FLOW = "otp_flow"
OTP_ORDER_ID = "otp_order_id"
OTP_SEND_BTN = "otp_send_btn"
OTP_NEW_ORDER_BTN = "otp_new_order_btn"
OTP_SEND_RESULT = "otp_send_result"  # what the last send showed (the code lives only here)

# OTP › Look up an OTP
OTP_LOOKUP_ORDER = "otp_lookup_order"
OTP_LOOKUP_FROM_URL = "otp_lookup_from_url"  # the ?order= already looked up
OTP_LOOKUP_PICK = "otp_lookup_pick"
OTP_LOOKUP_BTN = "otp_lookup_btn"
OTP_LOOKUP_AGAIN_BTN = "otp_lookup_again_btn"
OTP_LOOKUP_RESULT = "otp_lookup_result"  # (orderId, record or error, when)
OTP_CONVERT_BTN = "otp_convert_btn"
OTP_CONVERT_MESSAGE = "otp_convert_message"
OTP_BULK_UPLOAD = "otp_bulk_upload"
OTP_BULK_SHEET = "otp_bulk_sheet"
OTP_BULK_COLUMN = "otp_bulk_column"
OTP_BULK_PROBLEMS_DL = "otp_bulk_problems_dl"
OTP_BULK_START_BTN = "otp_bulk_start_btn"
OTP_BULK_JOB = "otp_bulk_job"  # the bulk lookup shown (its progress lives in the store)
OTP_BULK_STARTED = "otp_bulk_started"  # {file digest: job id}: a file is started once
OTP_BULK_DL = "otp_bulk_dl"

# OTP › OTP history
OTP_HISTORY_SEARCH = "otp_history_search"
OTP_HISTORY_TABLE = "otp_history_table"
OTP_HISTORY_CONVERT_BTN = "otp_history_convert_btn"
OTP_HISTORY_REFRESH_BTN = "otp_history_refresh_btn"
OTP_HISTORY_MESSAGE = "otp_history_message"
OTP_HISTORY_JOB = "otp_history_job"
OTP_HISTORY_DL = "otp_history_dl"
OTP_FUNNEL_DAYS = "otp_funnel_days"

# Conversions › Report conversions
CONV_MSGID = "conv_msgid"
CONV_NUMBER = "conv_number"
CONV_COUNTRY = "conv_country"
CONV_NOW = "conv_now"
CONV_TIME = "conv_time"
CONV_BTN = "conv_btn"
CONV_RESULT = "conv_result"  # (kind, sentence) of the last single report
CONV_UPLOAD = "conv_upload"
CONV_SHEET = "conv_sheet"
CONV_MSGID_COL = "conv_msgid_col"
CONV_NUMBER_COL = "conv_number_col"
CONV_TIME_COL = "conv_time_col"
CONV_FILE_COUNTRY = "conv_file_country"
CONV_PROBLEMS_DL = "conv_problems_dl"
CONV_START_BTN = "conv_start_btn"
CONV_JOB = "conv_job"  # the bulk backfill shown (its progress lives in the store)
CONV_STARTED = "conv_started"  # {file digest: job id}: a file is started once
CONV_DL = "conv_dl"
CONV_CAMPAIGN = "conv_campaign"
CONV_CAMPAIGN_TABLE = "conv_campaign_table"
CONV_CAMPAIGN_BTN = "conv_campaign_btn"
CONV_CAMPAIGN_MESSAGE = "conv_campaign_message"
CONV_SEARCH = "conv_search"

# Reports › Delivery reports (the list, and one report: ?campaign=N or ?list=N)
REPORT_PASTE = "report_paste"
REPORT_PASTE_BTN = "report_paste_btn"
REPORT_UPLOAD = "report_upload"
REPORT_UPLOAD_BTN = "report_upload_btn"
REPORT_INPUT_MESSAGE = "report_input_message"  # (kind, text) from the last paste or upload
REPORT_GO_TO = "report_go_to"  # {"campaign" or "list": id} to open after a callback
REPORT_CAMPAIGN_TABLE = "report_campaign_table"
REPORT_LIST_TABLE = "report_list_table"
REPORT_LANG = "report_lang"
REPORT_LANG_FOLLOWS = "report_lang_follows"  # the session language REPORT_LANG was last set from
REPORT_CHECK_BTN = "report_check_btn"
REPORT_STATUS_FILTER = "report_status_filter"
REPORT_COUNTRY_FILTER = "report_country_filter"
REPORT_SEARCH = "report_search"
REPORT_CHANGED_ONLY = "report_changed_only"
REPORT_PAGE = "report_page"
REPORT_TABLE = "report_table"
REPORT_XLSX_DL = "report_xlsx_dl"
REPORT_CSV_DL = "report_csv_dl"
REPORT_XLSX_PREPARE_BTN = "report_xlsx_prepare_btn"
REPORT_CSV_PREPARE_BTN = "report_csv_prepare_btn"
REPORT_RESEND_BTN = "report_resend_btn"
REPORT_RESEND_ERROR = "report_resend_error"
REPORT_RESEND_UPLOAD = "report_resend_upload"  # an Upload that New campaign starts from
REPORT_GO_NEW = "report_go_new"  # set by "Resend to failed": open New campaign next

# Campaigns › Templates, and Settings › quiet hours and the sandbox clock
TEMPLATES_PICK = "templates_pick"
TEMPLATES_NAME = "templates_name"
TEMPLATES_CONTENT = "templates_content"
TEMPLATES_SENDER = "templates_sender"
TEMPLATES_NOTE = "templates_note"
TEMPLATES_SAVE_BTN = "templates_save_btn"
TEMPLATES_ARCHIVE_BTN = "templates_archive_btn"
TEMPLATES_MESSAGE = "templates_message"  # (kind, text) after a save or an archive
TEMPLATES_TABLE = "templates_table"
TEMPLATES_HISTORY = "templates_history"
QUIET_CODE = "quiet_code"
QUIET_HOURS = "quiet_hours"
QUIET_ZONE = "quiet_zone"
QUIET_SAVE_BTN = "quiet_save_btn"
QUIET_REMOVE = "quiet_remove"
QUIET_REMOVE_BTN = "quiet_remove_btn"
QUIET_MESSAGE = "quiet_message"  # (kind, text) after a change
QUIET_TABLE = "quiet_table"
CLOCK_WHEN = "clock_when"
CLOCK_ZONE = "clock_zone"
CLOCK_SET_BTN = "clock_set_btn"
CLOCK_RESET_BTN = "clock_reset_btn"

# Non-widget state and its starting value (widgets set their own defaults).
DEFAULTS: dict[str, Any] = {
    HOME_CHECK_RESULT: None,
    SETTINGS_CHECK_RESULT: None,
    NEW_DRAFT_ID: None,
    NEW_REVIEW_ERROR: None,
    STOP_MESSAGE: None,
}


def init() -> None:
    """Give every non-widget key its starting value, once per session."""
    for key, value in DEFAULTS.items():
        if key not in st.session_state:
            st.session_state[key] = value
