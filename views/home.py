"""Home: which mode, how much balance, does the account work, what can I do here."""

from __future__ import annotations

import streamlit as st

from itnio_core.runtime import Console
from views import _shared, _state


def render() -> None:
    console = _shared.get_console()
    st.title("ITNIO Console")
    st.markdown(_shared.mode_sentence(console))
    _balance(console)
    _connection()
    _what_you_can_do()


def _balance(console: Console) -> None:
    st.subheader("Account balance")
    check = _shared.account_check(console)
    if not check.ok or check.balance is None:
        st.error(check.message_en, icon=":material/error:")
        st.caption("Fix the problem, then use “Check connection” below to try again.")
        return
    balance, gift, credit = st.columns(3)
    balance.metric("Balance", check.balance.balance, border=True)
    gift.metric("Gift balance", check.balance.gift, border=True)
    credit.metric("Credit", check.balance.credit, border=True)
    st.caption(
        f"As the platform reports them. Refreshed at most every "
        f"{_shared.BALANCE_TTL_SECONDS} seconds, or when you check the connection."
    )


def _connection() -> None:
    st.subheader("Connection")
    st.markdown("Ask the platform whether it accepts this console's API key and secret.")
    st.button(
        "Check connection",
        key=_state.HOME_CHECK_BTN,
        icon=":material/network_check:",
        on_click=_shared.run_check,
        args=(_state.HOME_CHECK_RESULT,),
    )
    _shared.show_check_result(_state.HOME_CHECK_RESULT)


def _what_you_can_do() -> None:
    st.subheader("What you can do here")
    st.markdown("See your balance and check that the account works, on this page. And:")
    st.page_link(
        "views/campaign_new.py",
        label="Send a campaign to the numbers in a spreadsheet",
        icon=":material/send:",
    )
    st.page_link(
        "views/campaigns.py",
        label="Follow your campaigns and download their results",
        icon=":material/campaign:",
    )
    st.page_link(
        "views/reports.py",
        label="See which messages arrived, and download delivery reports",
        icon=":material/monitoring:",
    )
    st.page_link(
        "views/otp_send.py",
        label="Send a verification code (OTP) and look it up when a customer says it never came",
        icon=":material/password:",
    )
    st.page_link(
        "views/conversions.py",
        label="Report conversions: codes your customers used",
        icon=":material/task_alt:",
    )
    st.page_link(
        "views/settings.py",
        label="See which account and server the console uses",
        icon=":material/link:",
    )
    st.page_link(
        "views/api_activity.py",
        label="See every request the console has made to the platform, with its result",
        icon=":material/history:",
    )


if __name__ == "__main__":
    render()
