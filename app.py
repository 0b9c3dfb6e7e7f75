"""ITNIO Console: the entrypoint (``streamlit run app.py``).

This file is the frame around every page: page config, navigation, the shared
sidebar (mode and balance) and the sandbox notice. The pages themselves are
thin scripts in ``views/``.

Adding a page is one line in ``PAGES``; adding a group is one key. A page is
``st.Page("views/<file>.py", title=..., icon=...)``; its URL is the file name.
"""

from __future__ import annotations

import logging

import streamlit as st

from itnio_core.errors import ItnioError
from itnio_core.runtime import SANDBOX_NOTICE_EN, Console
from views import _shared, _state
from views._shared import get_console

log = logging.getLogger(__name__)

# Navigation, grouped by task. The "" group has no heading and holds Home.
PAGES = {
    "": [
        st.Page("views/home.py", title="Home", icon=":material/home:", default=True),
    ],
    "Campaigns": [
        st.Page("views/campaign_new.py", title="New campaign", icon=":material/send:"),
        st.Page("views/campaigns.py", title="Campaigns", icon=":material/campaign:"),
        st.Page("views/stop_list.py", title="Stop list", icon=":material/block:"),
    ],
    "Reports": [
        st.Page("views/reports.py", title="Delivery reports", icon=":material/monitoring:"),
    ],
    "OTP": [
        st.Page("views/otp_send.py", title="Send an OTP", icon=":material/password:"),
        st.Page("views/otp_inspect.py", title="Look up an OTP", icon=":material/manage_search:"),
        st.Page("views/otp_history.py", title="OTP history", icon=":material/history_edu:"),
    ],
    "Conversions": [
        st.Page("views/conversions.py", title="Report conversions", icon=":material/task_alt:"),
    ],
    "Settings": [
        st.Page("views/connection.py", title="Connection", icon=":material/link:"),
        st.Page("views/api_activity.py", title="API activity", icon=":material/history:"),
    ],
    # Later: "Reports", "OTP", "Conversions" — one key each.
}


def console_or_stop() -> Console:
    """The shared console; if it cannot open, say why in plain words and stop."""
    try:
        return get_console()
    except ItnioError as exc:
        st.error(exc.user_message, icon=":material/error:")
    except Exception:
        log.exception("the console could not open")
        st.error(
            "The console could not start. Check the database address (ITNIO_DATABASE_URL) "
            "and the settings file (.streamlit/secrets.toml), then restart it. "
            "The technical details are in the server log.",
            icon=":material/error:",
        )
    st.stop()


def render_sidebar(console: Console) -> None:
    with st.sidebar:
        color = "blue" if console.is_sandbox else "green"
        st.markdown(f"**Mode:** :{color}-badge[{_shared.mode_label(console)}]")
        check = _shared.account_check(console)
        if check.ok and check.balance is not None:
            st.markdown(f"**Balance:** {check.balance.balance}")
        else:
            st.caption("Balance unavailable. Open Home to see why.")


def main() -> None:
    st.set_page_config(page_title="ITNIO Console", page_icon=":material/sms:", layout="wide")
    _state.init()
    page = st.navigation(PAGES)
    console = console_or_stop()
    render_sidebar(console)
    if console.is_sandbox:
        st.info(SANDBOX_NOTICE_EN, icon=":material/science:")
    page.run()


main()
