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

# Non-widget state and its starting value (widgets set their own defaults).
DEFAULTS: dict[str, Any] = {
    HOME_CHECK_RESULT: None,
    CONNECTION_CHECK_RESULT: None,
}


def init() -> None:
    """Give every non-widget key its starting value, once per session."""
    for key, value in DEFAULTS.items():
        if key not in st.session_state:
            st.session_state[key] = value
